// The contract of a suite run's suite.json: every test's spec, each run's verdict, anomaly counts by class and run
// directory, what a baseline accepted, and the exit code. Written by harness/suite, read back by merge, `baseline
// write` and serve, and drawn by reports/suite-index and reports/junit; validated with zod when read.
import { z } from 'zod';
import type { Validity } from './result.ts';

export const SUITE_RECORD_FORMAT = 'faultline-suite/1';

/**
 * What a run means for the gate: `pass` (valid, or everything it found is accepted by the baseline), `fail`
 * (anomalies the baseline does not accept), `unknown` (a checker could not decide, also after the retries, and the
 * baseline does not accept that), `error` (the harness failed), `interrupted` (stopped by a signal), `not-run`.
 */
export const CELL_STATUSES = ['pass', 'fail', 'unknown', 'error', 'interrupted', 'not-run'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

/** The pseudo anomaly class of a checker whose verdict is unknown (a baseline may accept it like any class). */
export const UNKNOWN_CLASS = 'unknown';

const validity = z.union([z.literal(true), z.literal(false), z.literal('unknown')]);
const counts = z.record(z.number().int().nonnegative());

const attemptSchema = z.object({
  /** The run directory, relative to the suite directory (absent when the run never made one). */
  dir: z.string().optional(),
  verdict: z.union([validity, z.literal('error'), z.literal('interrupted')]),
  harnessError: z.string().optional(),
  durationMs: z.number().nonnegative(),
});

const checkerCountsSchema = z.object({
  valid: validity,
  /** Anomalies that make the run invalid, by class. */
  anomalies: counts,
  /** Anomalies Kafka's model allows (reported, never gated), by class. */
  allowed: counts,
});

const findingSchema = z.object({
  checker: z.string(),
  class: z.string(),
  count: z.number().int().nonnegative(),
  /** Index of the baseline entry that accepts this finding. */
  acceptedBy: z.number().int().nonnegative().optional(),
  /** Index of a baseline entry that would accept it but has expired. */
  expiredEntry: z.number().int().nonnegative().optional(),
});

const cellSchema = z.object({
  /** Position among the test's runs (its seeds, or 0..count-1). */
  slot: z.number().int().nonnegative(),
  seed: z.number().int().nonnegative().optional(),
  /** The shard (1-based) that ran it, when the suite was sharded. */
  shard: z.number().int().positive().optional(),
  status: z.enum(CELL_STATUSES),
  verdict: validity.optional(),
  attempts: z.array(attemptSchema),
  checkers: z.record(checkerCountsSchema),
  /** What the gate looked at: failing anomaly classes and unknown checkers, each accepted by the baseline or not. */
  findings: z.array(findingSchema),
  durationMs: z.number().nonnegative(),
  /** The last attempt's run directory, relative to the suite directory. */
  dir: z.string().optional(),
});

const testSchema = z.object({
  name: z.string(),
  /** Position in the suite file. */
  index: z.number().int().nonnegative(),
  /** The test's spec as `faultline test` would run it, without the seed (each run has its own). */
  spec: z.record(z.unknown()),
  /** Estimated seconds for one run (time limit + per-run overhead). */
  estimatedS: z.number().nonnegative(),
  cells: z.array(cellSchema),
});

export const baselineEntrySchema = z
  .object({
    test: z.string().min(1),
    checker: z.string().min(1),
    class: z.string().min(1),
    reason: z.string().min(1),
    link: z.string().optional(),
    /** Last day (UTC, YYYY-MM-DD) on which the entry accepts anything. */
    expires: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real date')
      .optional(),
  })
  .strict();
export type BaselineEntry = z.infer<typeof baselineEntrySchema>;

const baselineUseSchema = z.object({
  file: z.string(),
  /** The day (UTC) expiry dates were judged against: the day the suite started. */
  judgedOn: z.string(),
  entries: z.array(
    baselineEntrySchema.extend({
      status: z.enum(['matched', 'expired', 'unused']),
      /** Runs whose findings the entry matched (accepted, or would have if not expired). */
      matches: z.array(z.object({ test: z.string(), slot: z.number().int(), seed: z.number().int().optional() })),
    }),
  ),
});

const shardSchema = z.object({ index: z.number().int().positive(), count: z.number().int().positive() });

export const suiteRecordSchema = z.object({
  format: z.literal(SUITE_RECORD_FORMAT),
  suite: z.string(),
  description: z.string().optional(),
  /** The suite file the tests came from. */
  source: z.string(),
  /** Hash of the planned tests (specs without seeds or build, seeds or counts): equal for every shard of one suite. */
  fingerprint: z.string(),
  build: z.object({ id: z.string(), label: z.string() }),
  plan: z.object({ tests: z.number().int(), runs: z.number().int(), estimatedS: z.number() }),
  shard: shardSchema.optional(),
  mergedFrom: z.array(z.object({ dir: z.string(), shard: shardSchema })).optional(),
  retryUnknown: z.number().int().nonnegative(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Wall-clock time of the suite (for a merge: first shard start to last shard end). */
  durationMs: z.number().nonnegative(),
  interrupted: z.enum(['SIGINT', 'SIGTERM']).optional(),
  /** Set when the suite stopped early: a run's input turned out bad (e.g. the build), or the harness crashed. */
  stopped: z.object({ reason: z.enum(['bad-input', 'harness']), message: z.string() }).optional(),
  baseline: baselineUseSchema.optional(),
  tests: z.array(testSchema),
  exitCode: z.number().int(),
});

export type SuiteRecord = z.infer<typeof suiteRecordSchema>;
export type TestRecord = SuiteRecord['tests'][number];
export type CellRecord = TestRecord['cells'][number];
export type AttemptRecord = CellRecord['attempts'][number];
export type Finding = CellRecord['findings'][number];
export type CheckerCounts = CellRecord['checkers'][string];
export type BaselineUse = NonNullable<SuiteRecord['baseline']>;
export type ShardId = z.infer<typeof shardSchema>;
export type CellVerdict = Validity;

/** All runs of a record, with their test, in suite order. */
export function cellsOf(record: Pick<SuiteRecord, 'tests'>): Array<{ test: TestRecord; cell: CellRecord }> {
  return record.tests.flatMap((test) => test.cells.map((cell) => ({ test, cell })));
}

/** Total seconds the runs took (attempts included): comparable between sharded and unsharded runs of a suite. */
export const runTimeMs = (record: Pick<SuiteRecord, 'tests'>): number => cellsOf(record).reduce((sum, { cell }) => sum + cell.durationMs, 0);
