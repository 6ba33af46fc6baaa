// Runs the canary matrix: each unsafe configuration and its safe twin, the same seeds for both, and judges faultline's
// detection power — an unsafe canary must be caught in at least 4 of 5 runs (80 %), a safe twin must be valid in every
// run. Returns one row per configuration variant; the runner of one spec is a parameter so tests need no cluster.
import { readFileSync } from 'node:fs';
import type { Progress } from '../../core/progress.ts';
import type { RunResults } from '../../core/result.ts';
import type { TestSpec } from '../../core/spec.ts';
import { parseKafkaVersion } from '../../systems/kafka/versions.ts';
import { resolveEntry, type BuildFlags } from '../suite/entries.ts';
import type { Canary, Expectation } from './matrix.ts';

export interface CanaryRunOutcome {
  exitCode: number;
  dir: { path: string; history: string };
  results?: RunResults;
  interrupted?: NodeJS.Signals;
}

export type RunOne = (spec: TestSpec, progress: Progress) => Promise<CanaryRunOutcome>;

export interface CanaryRow {
  canary: string;
  variant: 'unsafe' | 'safe';
  runs: number;
  /** Runs that showed what the canary expects (for a safe twin: runs that wrongly showed it). */
  flagged: number;
  valid: number;
  unknown: number;
  /** Seconds from the first client op to the first op of the earliest expected anomaly, per flagged run. */
  firstAnomalyS: number[];
  passed: boolean;
  dirs: string[];
  /** A safe twin this Kafka version is known to fail (Canary.twinUnsafeBefore): it must be flagged, like the canary. */
  knownUnsafe?: string;
}

/** Whether a run's results show what the canary expects. */
export function shows(results: RunResults | undefined, expect: Expectation): boolean {
  if (!results) return false;
  if (expect.kind === 'invalid') return results.valid === false;
  return Object.values(results.checkers).some((c) => c.anomalies.some((a) => a.type === expect.anomaly));
}

/** Seconds from the first client invocation to the earliest op of an expected anomaly (undefined when none). */
export function firstAnomalyS(historyFile: string, results: RunResults, expect: Expectation): number | undefined {
  const anomalies = Object.values(results.checkers).flatMap((c) =>
    c.anomalies.filter((a) => (expect.kind === 'invalid' ? !a.allowed : a.type === expect.anomaly)),
  );
  const indices = new Set(anomalies.flatMap((a) => a.ops));
  if (indices.size === 0) return undefined;
  let start: number | undefined;
  let first: number | undefined;
  for (const line of readFileSync(historyFile, 'utf8').split('\n')) {
    if (!line) continue;
    const op = JSON.parse(line) as { index: number; process: unknown; time: number };
    if (start === undefined && typeof op.process === 'number') start = op.time;
    if (indices.has(op.index)) first = Math.min(first ?? Infinity, op.time);
  }
  return first === undefined ? undefined : Math.max(0, (first - (start ?? 0)) / 1e9);
}

/** Whether version `a` is older than `b` (x.y.z; a version that does not parse is never older). */
export function versionBefore(a: string, b: string): boolean {
  const [x, y] = [parseKafkaVersion(a), parseKafkaVersion(b)];
  if (!x || !y) return false;
  return x.major !== y.major ? x.major < y.major : x.minor !== y.minor ? x.minor < y.minor : x.patch < y.patch;
}

/** At least 80 % of the runs (4 of 5) must catch an unsafe canary. */
export const requiredCatches = (runs: number): number => Math.ceil(runs * 0.8);

export async function runCanaries(
  canaries: Canary[],
  opts: {
    runs: number;
    firstSeed: number;
    build: BuildFlags;
    progress: Progress;
    runOne: RunOne;
    interrupted: () => boolean;
    client?: string;
    /** The build's Kafka version (`unknown` or absent: every twin is expected valid). */
    kafkaVersion?: string;
  },
): Promise<CanaryRow[]> {
  const rows: CanaryRow[] = [];
  for (const canary of canaries) {
    for (const variant of ['unsafe', 'safe'] as const) {
      const entry = {
        name: `canary-${canary.name}-${variant}${opts.client ? `-${opts.client}` : ''}`,
        ...canary[variant],
        ...(opts.client ? { client: opts.client } : {}),
      };
      const { spec } = resolveEntry(`canary ${canary.name}`, 0, {}, entry, opts.build);
      const row: CanaryRow = { canary: canary.name, variant, runs: 0, flagged: 0, valid: 0, unknown: 0, firstAnomalyS: [], passed: false, dirs: [] };
      const before = canary.twinUnsafeBefore;
      if (variant === 'safe' && before && opts.kafkaVersion && versionBefore(opts.kafkaVersion, before.version))
        row.knownUnsafe = `Kafka ${opts.kafkaVersion} < ${before.version}: ${before.why}`;
      const mustCatch = variant === 'unsafe' || row.knownUnsafe !== undefined;
      rows.push(row);
      for (let i = 0; i < opts.runs && !opts.interrupted(); i++) {
        const seed = opts.firstSeed + i;
        opts.progress.info(`canary ${canary.name} (${variant}) run ${i + 1} of ${opts.runs}, seed ${seed}`);
        const out = await opts.runOne({ ...spec, seed }, opts.progress);
        if (out.interrupted) break;
        row.runs++;
        row.dirs.push(out.dir.path);
        const caught = shows(out.results, canary.expect);
        if (caught) {
          row.flagged++;
          const t = out.results ? firstAnomalyS(out.dir.history, out.results, canary.expect) : undefined;
          if (t !== undefined) row.firstAnomalyS.push(t);
        }
        if (out.results?.valid === true && !caught) row.valid++;
        if (out.results?.valid === 'unknown' || out.exitCode === 255) row.unknown++;
      }
      row.passed = row.runs > 0 && (mustCatch ? row.flagged >= requiredCatches(row.runs) : row.valid === row.runs);
    }
  }
  return rows;
}

/** The table: configuration, runs, flagged, valid, time to first anomaly, pass/fail. */
export function canaryTable(rows: CanaryRow[]): string {
  const header = ['canary', 'variant', 'runs', 'flagged', 'valid', 'unknown', 'first anomaly', 'result'];
  const median = (xs: number[]): string => {
    if (xs.length === 0) return '-';
    const s = [...xs].sort((a, b) => a - b);
    return `${s[Math.floor(s.length / 2)]!.toFixed(1)} s (median)`;
  };
  const body = rows.map((r) => [
    r.canary,
    r.variant,
    String(r.runs),
    String(r.flagged),
    String(r.valid),
    String(r.unknown),
    median(r.firstAnomalyS),
    r.knownUnsafe ? (r.passed ? 'pass (known unsafe)' : 'MISSED') : r.passed ? 'pass' : r.variant === 'unsafe' ? 'MISSED' : 'FLAGGED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const notes = rows.filter((r) => r.knownUnsafe).map((r) => `known unsafe: ${r.canary} (${r.variant}) — ${r.knownUnsafe}`);
  return [line(header), ...body.map(line), ...notes].join('\n');
}
