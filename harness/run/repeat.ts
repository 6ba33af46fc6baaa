// Repetition: the same test N times with seeds seed, seed+1, …, optionally until the first run with anomalies. A loss
// that happens once in five runs must not slip through a gate: the summary says in how many runs anomalies appeared
// and how long it took to see the first.
import type { Validity } from '../../core/result.ts';
import type { TestSpec } from '../../core/spec.ts';

export interface RepeatRun {
  seed: number;
  dir: string;
  valid: Validity;
  exitCode: number;
  /** Anomaly classes found (not allowed ones), with counts. */
  anomalies: Record<string, number>;
  /** Seconds of wall-clock from the start of the repetition to the end of this run. */
  elapsedS: number;
}

/** The spec of repetition i (0-based): the same test with seed + i. */
export const repeatedSpec = (spec: TestSpec, i: number): TestSpec => ({ ...spec, seed: (spec.seed + i) % 2 ** 31 });

/** "anomalies in 2 of 5 runs (seeds 7, 9); first after 184 s (run 2, seed 7)". */
export function repeatSummary(runs: RepeatRun[], planned: number): string {
  const flagged = runs.filter((r) => r.valid === false);
  const unknown = runs.filter((r) => r.valid === 'unknown').length;
  const stopped = runs.length < planned ? ` (stopped after ${runs.length} of ${planned})` : '';
  const classes = [...new Set(flagged.flatMap((r) => Object.keys(r.anomalies)))].sort();
  if (flagged.length === 0) return `anomalies in 0 of ${runs.length} runs${stopped}${unknown ? `; ${unknown} unknown` : ''}`;
  const first = flagged[0]!;
  return `anomalies in ${flagged.length} of ${runs.length} runs${stopped} (seeds ${flagged.map((r) => r.seed).join(', ')}: ${classes.join(', ')}); first after ${Math.round(first.elapsedS)} s (run ${runs.indexOf(first) + 1}, seed ${first.seed})${unknown ? `; ${unknown} unknown` : ''}`;
}

/** The exit code of a repetition: interrupted as interrupted, else the worst verdict (invalid > unknown > valid). */
export function repeatExitCode(runs: RepeatRun[]): number {
  const interrupted = runs.find((r) => r.exitCode === 130 || r.exitCode === 143 || r.exitCode === 255);
  if (interrupted) return interrupted.exitCode;
  if (runs.some((r) => r.valid === false)) return 1;
  if (runs.some((r) => r.valid === 'unknown')) return 2;
  return 0;
}
