// Options of the lost-writes workload (spec.workloadOptions, set by `faultline test` flags) and its topic.
import { option, type Options } from '../../core/options.ts';

export const TOPIC = 'faultline-lost-writes';

export interface LostWritesOptions {
  partitions: number;
  /** -1 = all, 1 = leader only, 0 = none. */
  acks: -1 | 0 | 1;
  /** Client retries of a failed send (the producer is never idempotent here): 0 = each op is one request. */
  retries: number;
}

export const LOST_WRITES_OPTIONS = [
  option.int('partitions', 'partitions of the topic', 1, 1000, 6),
  option.choice('acks', 'producer acks', ['all', '1', '0'], 'all'),
  option.int('retries', 'client retries of a failed send (no idempotence: a retried send may land twice, which Kafka allows)', 0, 100, 0),
];

export function lostWritesOptions(o: Options): LostWritesOptions {
  const acks = o.string('acks');
  return { partitions: o.number('partitions'), acks: acks === 'all' ? -1 : acks === '1' ? 1 : 0, retries: o.number('retries') };
}
