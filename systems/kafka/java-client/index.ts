// Kafka's own Java client for faultline (`--client java`): start the shared driver JVM for the build under test,
// then open producers, consumers and admin clients in it. See README.md for the protocol and the outcome table.
import { UserError } from '../../../core/errors.ts';
import type { Progress } from '../../../core/progress.ts';
import type { KafkaDistribution } from '../distribution.ts';
import { kafkaClientsJar } from './classpath.ts';
import { ensureDriverJar } from './driver-jar.ts';
import { startJavaDriver, type JavaDriver, type JavaDriverOptions } from './driver.ts';
import { requireJava } from './host-tools.ts';

export { JavaAdmin, JavaConsumer, JavaProducer } from './clients.ts';
export type * from './clients.ts';
export { JavaDriver, DEFAULT_JVM_ARGS, type DriverStats, type JavaDriverOptions, type PingResult } from './driver.ts';
export { DriverExited, DriverRequestTimeout, JavaClientError, JavaDriverError } from './errors.ts';
export { javaReadOutcome, javaWriteOutcome, runJavaTransaction, type JavaTransactionOutcome, type TransactionControl } from './outcome.ts';
export type { DriverErrorInfo } from './protocol.ts';

/**
 * The driver for a run: the distribution's own kafka-clients on the classpath. Throws before starting anything
 * when the distribution has no kafka-clients (UserError), or Java or Maven is missing (EnvironmentError).
 */
export async function startJavaClient(
  distribution: KafkaDistribution,
  progress: Progress,
  opts: Omit<JavaDriverOptions, 'kafkaHome' | 'progress'> = {},
): Promise<JavaDriver> {
  return startJavaDriver({ kafkaHome: javaClientHome(distribution), progress, ...opts });
}

/** The distribution directory whose libs/ the driver runs; a UserError for an image, which keeps Kafka inside. */
export function javaClientHome(distribution: KafkaDistribution): string {
  if (!distribution.home) {
    throw new UserError(
      `--client java needs the build under test's libs/ on this machine, and --image ${distribution.source.kind === 'image' ? distribution.source.image : ''} keeps Kafka inside the image: use --kafka <version> or --kafka-dist <dir>`,
    );
  }
  return distribution.home;
}

/**
 * Everything --client java needs, checked before a run starts: the distribution's kafka-clients (UserError), java
 * (EnvironmentError), and the driver jar, built now with Maven when the cache has none (mvn missing: EnvironmentError).
 */
export async function checkJavaClient(distribution: KafkaDistribution, progress: Progress): Promise<void> {
  kafkaClientsJar(javaClientHome(distribution));
  requireJava();
  await ensureDriverJar(progress);
}
