// Which client runs a workload's ops (TestSpec.client): the client-neutral interfaces (types.ts), implemented with
// @platformatic/kafka (./platformatic) or Kafka's own Java client (./java). Also what --client java needs before a
// run starts — the build's own kafka-clients, Java, the driver jar (built now when missing) — checked before any run
// directory or cluster exists, so bad input is one line and nothing else.
import type { Progress } from '../../../core/progress.ts';
import type { ClientSummary } from '../../../core/result.ts';
import type { KafkaClientName } from '../../../core/spec.ts';
import type { KafkaDistribution, KafkaSource } from '../distribution.ts';
import { checkJavaClient } from '../java-client/index.ts';
import { JAVA_LIBRARY, openJavaClients, type JavaClientsOptions } from './java/index.ts';
import { PLATFORMATIC_LIBRARY, PlatformaticClients, platformaticVersion } from './platformatic/index.ts';
import type { ClientsSettings, KafkaClients } from './types.ts';

/** The Java driver's stderr in the run directory. */
export const JAVA_CLIENT_LOG = 'java-client.log';

export interface OpenClientsOptions extends ClientsSettings {
  client: KafkaClientName;
  /** The build under test (the Java client runs its kafka-clients). */
  source: KafkaSource;
  progress: Progress;
  logFile?: string;
  /** The client host container (--client-host container); only the Java driver can run there. */
  clientHost?: JavaClientsOptions['clientHost'];
}

export function openKafkaClients(opts: OpenClientsOptions): Promise<KafkaClients> {
  if (opts.client === 'java') return openJavaClients(opts);
  return Promise.resolve(new PlatformaticClients(opts));
}

/** Throws (UserError / EnvironmentError, one line naming the fix) when the client cannot run against this build here. */
export async function checkClientPrerequisites(client: KafkaClientName, distribution: KafkaDistribution, progress: Progress): Promise<void> {
  if (client === 'java') await checkJavaClient(distribution, progress);
}

/** What results.json says about a client that never started (the run failed before setup). */
export function notStartedSummary(client: KafkaClientName): ClientSummary {
  return client === 'java'
    ? { name: client, library: JAVA_LIBRARY, version: null }
    : { name: client, library: PLATFORMATIC_LIBRARY, version: platformaticVersion() };
}
