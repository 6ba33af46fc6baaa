// Counts the Kafka requests each client instance of @platformatic/kafka puts on the wire, from the library's own
// diagnostics channel (published as a request is handed to its connection), so a workload can tell how many Produce
// requests one op caused: 0 means the op's data never left the client; more than one means the client resent it.
// The count is an upper bound (a request handed to a connection that was closing is counted but not written), which
// is the safe side for both uses. It also keeps the address of the connection each client's last request of an API
// went to: for a send that succeeded, the broker that acknowledged it.
import { subscribe } from 'node:diagnostics_channel';

/** Kafka API keys counted. */
export const API_KEYS = { produce: 0, fetch: 1, offsetCommit: 8, endTxn: 26, addPartitionsToTxn: 24, txnOffsetCommit: 28 } as const;

const CHANNEL = 'tracing:plt:kafka:connections:api:start';
const counts = new Map<number, Map<number, number>>();
/** Per client instance and API key: host:port of the connection its latest request went to. */
const lastPeers = new Map<number, Map<number, string>>();
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  subscribe(CHANNEL, (message) => {
    const m = message as { apiKey?: number; connection?: { ownerId?: number; host?: string; port?: number } };
    const owner = m.connection?.ownerId;
    if (owner === undefined || m.apiKey === undefined) return;
    let perApi = counts.get(owner);
    if (!perApi) counts.set(owner, (perApi = new Map()));
    perApi.set(m.apiKey, (perApi.get(m.apiKey) ?? 0) + 1);
    const { host, port } = m.connection ?? {};
    let peers = lastPeers.get(owner);
    if (!peers) lastPeers.set(owner, (peers = new Map()));
    if (host !== undefined && port !== undefined) peers.set(m.apiKey, `${host}:${port}`);
    else peers.delete(m.apiKey);
  });
}

/** Requests of one API a client instance has sent so far (start counting with `watch` before its first request). */
export function requestsSent(client: { instanceId: number }, apiKey: number): number {
  return counts.get(client.instanceId)?.get(apiKey) ?? 0;
}

/** Starts counting (idempotent); call when a client is created, before it sends anything. */
export function watch<T extends { instanceId: number }>(client: T): T {
  listen();
  return client;
}

/** Forgets a closed client's counts. */
export function forget(client: { instanceId: number }): void {
  counts.delete(client.instanceId);
  lastPeers.delete(client.instanceId);
}

/** What a counted op put on the wire: its requests of the API, and where the last of them went (host:port) if any. */
export interface WireFacts {
  requests: number;
  peer?: string;
}

/** Runs `op` and says how many requests of `apiKey` the client sent meanwhile (ops of one client never overlap). */
export async function countRequests<T>(
  client: { instanceId: number },
  apiKey: number,
  op: () => Promise<T>,
): Promise<WireFacts & ({ ok: true; value: T } | { ok: false; error: unknown })> {
  const before = requestsSent(client, apiKey);
  const facts = (): WireFacts => {
    const requests = requestsSent(client, apiKey) - before;
    const peer = requests > 0 ? lastPeers.get(client.instanceId)?.get(apiKey) : undefined;
    return peer === undefined ? { requests } : { requests, peer };
  };
  try {
    const value = await op();
    return { ok: true, value, ...facts() };
  } catch (error) {
    return { ok: false, error, ...facts() };
  }
}
