// Estimated durations, for `faultline suite --list`, the suite's ETA and shard balancing: a run's time limit plus a
// fixed per-run overhead. An estimate only — measured runs differ by workload and faults.

/**
 * Seconds a run takes beyond its main phase: cluster start (~20 s), workload setup, heal, recovery, final reads, log
 * collection, teardown and checking. Single runs on this 2-core machine took 36 s (log) to 156 s (queue, eos) beyond
 * their time limit (median about 115 s, one outlier at 345 s whose recovery restarted an exited broker).
 */
export const RUN_OVERHEAD_S = 90;

export const estimateRunS = (timeLimitS: number): number => timeLimitS + RUN_OVERHEAD_S;

/** "≈ 12 min" / "≈ 1 h 05 min" / "≈ 45 s". */
export function formatEstimate(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `≈ ${s} s`;
  const min = Math.round(s / 60);
  return min < 60 ? `≈ ${min} min` : `≈ ${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}
