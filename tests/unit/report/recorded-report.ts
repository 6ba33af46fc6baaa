// A ReportInput from a recorded run (tests/fixtures/runs): its history checked again by its workload's checkers with
// the broker events derived from its node logs, as `faultline report` does, so report tests draw real runs.
import { join } from 'node:path';
import type { ReportInput } from '../../../reports/html/index.ts';
import { mergeValidity, type CheckerResult } from '../../../core/result.ts';
import { readSpecFile } from '../../../core/spec.ts';
import { loadRunEvents } from '../../../harness/run/run-events.ts';
import { checkWorkload } from '../../../workloads/index.ts';
import { readOps, unpackRun } from '../causality/recorded-runs.ts';

export function recordedReportInput(name: string): ReportInput {
  const dir = unpackRun(name);
  const ops = readOps(dir);
  const spec = readSpecFile(join(dir, 'spec.json'));
  const { events } = loadRunEvents(dir, ops);
  const checkers: Record<string, CheckerResult> = {};
  for (const c of checkWorkload(spec, ops, events)) checkers[c.checker] = c;
  const results = { valid: mergeValidity(Object.values(checkers).map((c) => c.valid)), checkers };
  return { title: name, spec: spec as unknown as Record<string, unknown>, results, ops, events };
}
