// Integration-suite setup: a Docker engine (started by faultline's own bootstrap if none answers), the node image,
// and the Kafka builds under test resolved once, so that individual tests spend their time on Kafka, not downloads.
import { ensureEngine } from '../../runtime/docker/engine.ts';
import { ensureNodeImage } from '../../runtime/docker/image.ts';
import { resolveDistribution } from '../../systems/kafka/distribution.ts';
import { DEFAULT_KAFKA_VERSION } from '../../systems/kafka/versions.ts';
import { createProgress } from '../../core/progress.ts';

export default async function setup(): Promise<void> {
  const progress = createProgress();
  const engine = await ensureEngine(progress);
  await ensureNodeImage(engine.docker, progress);
  for (const version of [DEFAULT_KAFKA_VERSION, '3.9.1']) await resolveDistribution({ kind: 'maven', version }, progress);
}
