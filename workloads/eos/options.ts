// Options of the `eos` workload, its topics and names, and which role each worker slot plays.
//
// Layout (the shape of Kafka's transactions system test with one copier per input partition): input and output
// topics with P partitions each; worker slot s < P is the copier of input partition s (transactional id
// faultline-eos-copier-s, so a copier that replaces a crashed one fences it) and writes to output partition s, keeping
// each partition's order; slots ≥ P are read_committed observers of the output topic.
import { UserError } from '../../core/errors.ts';
import { option, type Options } from '../../core/options.ts';

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

export const EOS_OPTIONS = [
  option.int('partitions', 'input/output partitions, one copier each (default concurrency - 1)', 1, 1000),
  option.int('values', 'values seeded into the input topic (default from the rate and time limit)', 1, 1_000_000),
  option.int('max-txn-len', 'records per copy transaction', 1, 100, 5),
];

export function eosOptions(o: Options, run: EosRunShape): EosOptions {
  if (run.concurrency < 2) throw new UserError(`--concurrency ${run.concurrency}: eos needs at least 2 processes (copiers and an observer)`);
  const partitions = o.optionalNumber('partitions') ?? run.concurrency - 1;
  if (partitions > run.concurrency - 1)
    throw new UserError(
      `--partitions ${partitions}: eos needs one process per partition plus an observer, so at most --concurrency - 1 (${run.concurrency - 1})`,
    );
  // About 8 values per second per copier: under the kill nemesis at the default rate, copying lasts through most of
  // the main phase (the drain after it copies whatever is left).
  const values = o.optionalNumber('values') ?? Math.min(50_000, Math.max(500, Math.round(8 * run.timeLimitS * partitions)));
  return { partitions, values, maxTxnLen: o.number('max-txn-len') };
}

export type Role = { kind: 'copier'; partition: number } | { kind: 'observer' };

/** The role of a process: by its worker slot, so a replacement process takes over its predecessor's role. */
export function roleOf(process: number, concurrency: number, partitions: number): Role {
  const slot = process % concurrency;
  return slot < partitions ? { kind: 'copier', partition: slot } : { kind: 'observer' };
}

/** The input partition of a seeded value. */
export const inputPartitionOf = (value: number, partitions: number): number => value % partitions;
