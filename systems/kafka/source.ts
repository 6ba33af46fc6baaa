// The build under test as the user names it: a Kafka version from Maven Central, a distribution they built, or an image.
import { resolve } from 'node:path';
import { UserError } from '../../core/errors.ts';
import { DEFAULT_KAFKA_VERSION, isSupportedVersion, parseKafkaVersion } from './versions.ts';

export type KafkaSource = { kind: 'maven'; version: string } | { kind: 'dist'; path: string } | { kind: 'image'; image: string };

/** One of --kafka / --kafka-dist / --image, or the default version. */
export function chooseSource(opts: { kafka?: string; kafkaDist?: string; image?: string }): KafkaSource {
  const given = [opts.kafka && '--kafka', opts.kafkaDist && '--kafka-dist', opts.image && '--image'].filter(Boolean);
  if (given.length > 1) throw new UserError(`${given.join(' and ')} name different builds under test; give only one`);
  if (opts.kafkaDist) return { kind: 'dist', path: resolve(opts.kafkaDist) };
  if (opts.image) return { kind: 'image', image: opts.image };
  const version = opts.kafka ?? DEFAULT_KAFKA_VERSION;
  if (!parseKafkaVersion(version)) throw new UserError(`--kafka ${version}: not a version number; use e.g. --kafka ${DEFAULT_KAFKA_VERSION} or --kafka 3.9.1`);
  if (!isSupportedVersion(version))
    throw new UserError(`--kafka ${version}: faultline needs Kafka 3.5 or newer (KRaft combined mode); use e.g. 3.9.1 or ${DEFAULT_KAFKA_VERSION}`);
  return { kind: 'maven', version };
}
