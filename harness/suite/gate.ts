// The release gate over a suite record: each run's findings (anomaly classes that make it invalid, and `unknown` for a
// checker that could not decide) are accepted by a baseline entry or not; that decides each run's status, which
// baseline entries matched or expired, and the exit code. Pure: a merge of shards re-applies it to the merged runs.
import type { RunResults } from '../../core/result.ts';
import { EXIT } from '../../core/errors.ts';
import {
  cellsOf,
  UNKNOWN_CLASS,
  type BaselineUse,
  type CellRecord,
  type CellStatus,
  type CheckerCounts,
  type Finding,
  type SuiteRecord,
} from '../../core/suite-record.ts';
import { hasExpired, type Baseline } from './baseline.ts';

/** Anomaly counts by class per checker, split into those that invalidate the run and those Kafka's model allows. */
export function checkerCounts(results: RunResults): Record<string, CheckerCounts> {
  const out: Record<string, CheckerCounts> = {};
  for (const [name, checker] of Object.entries(results.checkers)) {
    const counts: CheckerCounts = { valid: checker.valid, anomalies: {}, allowed: {} };
    for (const a of checker.anomalies) {
      const bucket = a.allowed ? counts.allowed : counts.anomalies;
      bucket[a.type] = (bucket[a.type] ?? 0) + 1;
    }
    out[name] = counts;
  }
  return out;
}

/** What the gate looks at in one run; a checker that says invalid without naming a class counts as class `invalid`. */
export function rawFindings(checkers: Record<string, CheckerCounts>): Finding[] {
  return Object.entries(checkers).flatMap(([checker, c]) => {
    const classes = Object.entries(c.anomalies).map(([cls, count]) => ({ checker, class: cls, count }));
    if (c.valid === false && classes.length === 0) classes.push({ checker, class: 'invalid', count: 1 });
    if (c.valid === 'unknown') classes.push({ checker, class: UNKNOWN_CLASS, count: 1 });
    return classes;
  });
}

function judgeFindings(test: string, findings: Finding[], baseline: Baseline | undefined, day: string): Finding[] {
  return findings.map((f) => {
    const { acceptedBy: _a, expiredEntry: _e, ...plain } = f;
    const matching = (baseline?.entries ?? []).map((e, i) => ({ e, i })).filter(({ e }) => e.test === test && e.checker === f.checker && e.class === f.class);
    const live = matching.find(({ e }) => !hasExpired(e, day));
    if (live) return { ...plain, acceptedBy: live.i };
    if (matching.length > 0) return { ...plain, expiredEntry: matching[0]!.i };
    return plain;
  });
}

function statusOf(cell: CellRecord): CellStatus {
  const last = cell.attempts.at(-1);
  if (!last) return 'not-run';
  if (last.verdict === 'interrupted') return 'interrupted';
  if (last.verdict === 'error') return 'error';
  const open = cell.findings.filter((f) => f.acceptedBy === undefined);
  if (open.some((f) => f.class !== UNKNOWN_CLASS)) return 'fail';
  if (open.length > 0) return 'unknown';
  return 'pass';
}

function baselineUse(record: SuiteRecord, baseline: Baseline, day: string): BaselineUse {
  return {
    file: baseline.file,
    judgedOn: day,
    entries: baseline.entries.map((entry, i) => {
      const matches = cellsOf(record)
        .filter(({ cell }) => cell.findings.some((f) => f.acceptedBy === i || f.expiredEntry === i))
        .map(({ test, cell }) => ({ test: test.name, slot: cell.slot, ...(cell.seed !== undefined ? { seed: cell.seed } : {}) }));
      const status = hasExpired(entry, day) ? ('expired' as const) : matches.length > 0 ? ('matched' as const) : ('unused' as const);
      return { ...entry, status, matches };
    }),
  };
}

/**
 * The exit code of a suite: 130/143 when interrupted; 254 when it stopped on bad input; else 1 if any run has
 * anomalies the baseline does not accept, 255 if the harness failed on any run, 2 if any run stayed unknown, 0.
 */
export function suiteExitCode(record: SuiteRecord): number {
  if (record.interrupted) return record.interrupted === 'SIGINT' ? 130 : 143;
  if (record.stopped?.reason === 'bad-input') return EXIT.badArguments;
  const statuses = new Set(cellsOf(record).map(({ cell }) => cell.status));
  if (statuses.has('fail')) return EXIT.invalid;
  if (statuses.has('error') || record.stopped) return EXIT.harnessFailed;
  if (statuses.has('unknown')) return EXIT.unknown;
  return EXIT.valid;
}

/** The record with every run judged against the baseline on `day` (YYYY-MM-DD), and its exit code. */
export function applyGate(record: SuiteRecord, baseline: Baseline | undefined, day: string): SuiteRecord {
  const tests = record.tests.map((test) => ({
    ...test,
    cells: test.cells.map((cell) => {
      const judged = { ...cell, findings: judgeFindings(test.name, rawFindings(cell.checkers), baseline, day) };
      return { ...judged, status: statusOf(judged) };
    }),
  }));
  const judged: SuiteRecord = { ...record, tests, baseline: undefined };
  if (baseline) judged.baseline = baselineUse(judged, baseline, day);
  return { ...judged, exitCode: suiteExitCode(judged) };
}

/** The baseline a record was judged with, as a Baseline again (for a merge that keeps the shards' baseline). */
export function baselineOfRecord(record: SuiteRecord): Baseline | undefined {
  if (!record.baseline) return undefined;
  return { file: record.baseline.file, entries: record.baseline.entries.map(({ status: _s, matches: _m, ...entry }) => entry) };
}
