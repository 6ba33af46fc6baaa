// One run of a validated spec: plugins made and checked before anything starts (bad options fail with no run
// directory), the build under test resolved, then the run itself. `faultline test` and `faultline suite` both use it.
import type { Progress } from '../../core/progress.ts';
import type { TestSpec } from '../../core/spec.ts';
import { nemesesFor, needsFaketime, prepareFaultHosts } from '../../nemeses/index.ts';
import { checkWorkload, workloadFor } from '../../workloads/index.ts';
import type { RunOutcome } from './runner.ts';

export async function runSpec(spec: TestSpec, progress: Progress): Promise<RunOutcome> {
  const workload = await workloadFor(spec);
  const nemeses = nemesesFor(spec);
  const [{ resolveDistribution }, { runTest }] = await Promise.all([import('../../systems/kafka/distribution.ts'), import('./runner.ts')]);
  // Resolve the build under test before anything is written: a bad version or dist fails with no run directory.
  await resolveDistribution(spec.cluster.source, progress);
  await prepareFaultHosts(spec, progress);
  return runTest(spec, { workload, check: (ops, events) => checkWorkload(spec, ops, events), nemeses, faketime: needsFaketime(spec) }, progress);
}
