// Operation generation for the `eos` workload. Copiers issue `copy` ops (the invocation names the input partition; the
// completion says which input offsets were consumed and which records were produced where — shapes in
// checkers/eos/ops.ts) and now and then `crash` (die inside an open transaction); observers issue `observe` polls.
import type { Random } from '../../core/generator/random.ts';
import type { ClientOp } from '../../core/plugins.ts';
import { roleOf } from './options.ts';

export const COPIER_CRASH_PROBABILITY = 0.03;

/** A copy op's value: `to` offsets are null until the producer learns them. */
export interface CopyOpValue {
  from: { partition: number; offsets: number[] };
  to: Array<{ partition: number; value: number; offset: number | null }>;
}

/** The invocation of a copy of input partition `partition`: what it consumes is known only once it has read. */
export const copyInvocation = (partition: number): CopyOpValue => ({ from: { partition, offsets: [] }, to: [] });

export function nextEosOp(rng: Random, process: number, concurrency: number, partitions: number): ClientOp {
  const role = roleOf(process, concurrency, partitions);
  if (role.kind === 'observer') return { f: 'observe', value: null };
  if (rng.next() < COPIER_CRASH_PROBABILITY) return { f: 'crash', value: { partition: role.partition } };
  return { f: 'copy', value: copyInvocation(role.partition) };
}
