// One run of a validated spec: plugins made and checked before anything starts (bad options fail with no run
// directory), the build under test resolved and the client checked against it (--client java: its kafka-clients,
// Java, the driver jar), then the run itself. `faultline test` and `faultline suite` both use it.
import { UserError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import type { TestSpec } from '../../core/spec.ts';
import { nemesesFor, needsFaketime, prepareFaultHosts } from '../../nemeses/index.ts';
import { checkWorkload, workloadFor } from '../../workloads/index.ts';
import type { RunOutcome } from './runner.ts';

export async function runSpec(spec: TestSpec, progress: Progress): Promise<RunOutcome> {
  const workload = await workloadFor(spec);
  const nemeses = nemesesFor(spec);
  const [{ resolveDistribution }, { checkClientPrerequisites }, { runTest }] = await Promise.all([
    import('../../systems/kafka/distribution.ts'),
    import('../../systems/kafka/clients/index.ts'),
    import('./runner.ts'),
  ]);
  // Resolve the build under test and check the client before anything is written: a bad version or dist, or a client
  // that cannot run here, fails with one line and no run directory.
  if (spec.clientHost === 'container' && spec.client !== 'java')
    throw new UserError(`--client-host container needs --client java: ${spec.client} runs inside faultline's own process`);
  const distribution = await resolveDistribution(spec.cluster.source, progress);
  await checkClientPrerequisites(spec.client, distribution, progress);
  await prepareFaultHosts(spec, progress);
  return runTest(spec, { workload, check: (ops, events) => checkWorkload(spec, ops, events), nemeses, faketime: needsFaketime(spec) }, progress);
}
