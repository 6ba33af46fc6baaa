// The suite record as a suite run starts it: every planned run of this shard (or of the whole suite) not run yet.
import { SUITE_RECORD_FORMAT, type CellRecord, type ShardId, type SuiteRecord } from '../../core/suite-record.ts';
import { estimatedSuiteS, specTemplate, type PlannedRun, type SuitePlan } from './plan.ts';

export const notRunCell = (run: PlannedRun, sharded: boolean): CellRecord => ({
  slot: run.slot,
  ...(run.seed !== undefined ? { seed: run.seed } : {}),
  ...(sharded ? { shard: run.shard } : {}),
  status: 'not-run',
  attempts: [],
  checkers: {},
  findings: [],
  durationMs: 0,
});

export function initialRecord(plan: SuitePlan, runs: PlannedRun[], opts: { shard?: ShardId; retryUnknown: number; startedAt: Date }): SuiteRecord {
  const tests = plan.tests
    .filter((t) => runs.some((r) => r.test === t))
    .map((t) => ({
      name: t.name,
      index: t.index,
      spec: specTemplate(t.spec),
      estimatedS: t.estimatedS,
      cells: runs.filter((r) => r.test === t).map((r) => notRunCell(r, !!opts.shard)),
    }));
  return {
    format: SUITE_RECORD_FORMAT,
    suite: plan.name,
    ...(plan.description ? { description: plan.description } : {}),
    source: plan.source,
    fingerprint: plan.fingerprint,
    build: plan.build,
    plan: { tests: plan.tests.length, runs: plan.tests.reduce((n, t) => n + t.count, 0), estimatedS: estimatedSuiteS(plan) },
    ...(opts.shard ? { shard: opts.shard } : {}),
    retryUnknown: opts.retryUnknown,
    startedAt: opts.startedAt.toISOString(),
    durationMs: 0,
    tests,
    exitCode: 0,
  };
}
