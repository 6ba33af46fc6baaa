// Bootstrap broker order per client. @platformatic/kafka refreshes metadata (every 5 s by default) from the first
// bootstrap broker that accepts a connection, trying them in list order; with every client listing n1 first, a dead
// n1 stalls every client's refresh for a connect timeout. Rotating the list by process spreads that cost.
export function rotateBootstrap(bootstrap: string[], process: number): string[] {
  if (bootstrap.length === 0) return bootstrap;
  const k = ((process % bootstrap.length) + bootstrap.length) % bootstrap.length;
  return [...bootstrap.slice(k), ...bootstrap.slice(0, k)];
}
