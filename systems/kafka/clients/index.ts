// Which client runs a workload's ops (TestSpec.client): the client-neutral interfaces (types.ts), implemented with
// @platformatic/kafka (./platformatic). The Java implementation comes next; until then --client java is refused.
import { UserError } from '../../../core/errors.ts';
import type { Progress } from '../../../core/progress.ts';
import type { ClientSummary } from '../../../core/result.ts';
import type { KafkaClientName } from '../../../core/spec.ts';
import type { KafkaSource } from '../distribution.ts';
import { PLATFORMATIC_LIBRARY, PlatformaticClients, platformaticVersion } from './platformatic/index.ts';
import type { ClientsSettings, KafkaClients } from './types.ts';

/** The Java driver's stderr in the run directory. */
export const JAVA_CLIENT_LOG = 'java-client.log';

export interface OpenClientsOptions extends ClientsSettings {
  client: KafkaClientName;
  /** The build under test. */
  source: KafkaSource;
  progress: Progress;
  logFile?: string;
}

export function openKafkaClients(opts: OpenClientsOptions): Promise<KafkaClients> {
  if (opts.client === 'java') return Promise.reject(new UserError('--client java: the Java client adapters are not in this build yet'));
  return Promise.resolve(new PlatformaticClients(opts));
}

/** What results.json says about a client that never started (the run failed before setup). */
export function notStartedSummary(client: KafkaClientName): ClientSummary {
  return { name: client, library: PLATFORMATIC_LIBRARY, version: client === 'platformatic' ? platformaticVersion() : null };
}
