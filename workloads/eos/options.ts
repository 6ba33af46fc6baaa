// Options of the `eos` workload, its topics and names, and which role each worker slot plays.
//
// Layout (the shape of Kafka's transactions system test with one copier per input partition): input and output
// topics with P partitions each; worker slot s < P is the copier of input partition s (transactional id
// faultline-eos-copier-s, so a copier that replaces a crashed one fences it) and writes to output partition s, keeping
// each partition's order; slots ≥ P are read_committed observers of the output topic.
import { UserError } from '../../core/errors.ts';

export const INPUT_TOPIC = 'faultline-eos-input';
export const OUTPUT_TOPIC = 'faultline-eos-output';
/** The group whose committed offsets record the copiers' progress (committed inside their transactions). */
export const COPIER_GROUP = 'faultline-eos-copiers';
export const copierTransactionalId = (partition: number): string => `faultline-eos-copier-${partition}`;

export interface EosOptions {
  partitions: number;
  /** Values seeded into the input topic before copying starts: 0..values-1, value v in partition v mod P. */
  values: number;
  /** Records per copy transaction, at most. */
  maxTxnLen: number;
}

export interface EosRunShape {
  concurrency: number;
  timeLimitS: number;
}

type Raw = Record<string, string | number | boolean>;

function wholeNumber(raw: Raw, name: string, flag: string, fallback: number, min: number, max: number): number {
  const value = Number(raw[name] ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max) throw new UserError(`${flag} ${raw[name]}: must be a whole number from ${min} to ${max}`);
  return value;
}

export function eosOptions(raw: Raw, run: EosRunShape): EosOptions {
  if (run.concurrency < 2) throw new UserError(`--concurrency ${run.concurrency}: eos needs at least 2 processes (copiers and an observer)`);
  const partitions = wholeNumber(raw, 'partitions', '--partitions', run.concurrency - 1, 1, run.concurrency - 1);
  // About 8 values per second per copier: under the kill nemesis at the default rate, copying lasts through most of
  // the main phase (the drain after it copies whatever is left).
  const values = wholeNumber(raw, 'values', '--values', Math.min(50_000, Math.max(500, Math.round(8 * run.timeLimitS * partitions))), 1, 1_000_000);
  return { partitions, values, maxTxnLen: wholeNumber(raw, 'maxTxnLen', '--max-txn-len', 5, 1, 100) };
}

export type Role = { kind: 'copier'; partition: number } | { kind: 'observer' };

/** The role of a process: by its worker slot, so a replacement process takes over its predecessor's role. */
export function roleOf(process: number, concurrency: number, partitions: number): Role {
  const slot = process % concurrency;
  return slot < partitions ? { kind: 'copier', partition: slot } : { kind: 'observer' };
}

/** The input partition of a seeded value. */
export const inputPartitionOf = (value: number, partitions: number): number => value % partitions;
