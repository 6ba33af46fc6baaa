// Operation generation for the `queue` workload: sends of unique per-key values and polls (single ops, or `txn` ops of
// several micro-ops under --txn), now and then an `assign`/`subscribe` (rebalance point) or a `crash`.
// Shapes: checkers/kafka/ops.ts.
import type { Random } from '../../core/generator/random.ts';
import type { ClientOp } from '../../core/plugins.ts';
import type { AbortInvocation, PollInvocation, SendInvocation } from '../../checkers/kafka/ops.ts';
import type { QueueOptions } from './options.ts';

export type MicroInvocation = SendInvocation | PollInvocation | AbortInvocation;

/** Probabilities per op; the rest are sends, polls and txns. */
export const CRASH_PROBABILITY = 0.005;
export const RESUBSCRIBE_PROBABILITY = 0.02;
/** Share of send micro-ops among data micro-ops. */
export const SEND_SHARE = 0.5;

/** A nonempty random subset of keys 0..keys-1, ascending. */
export function randomKeySubset(rng: Random, keys: number): number[] {
  const chosen = Array.from({ length: keys }, (_, k) => k).filter(() => rng.next() < 0.5);
  return chosen.length > 0 ? chosen : [rng.int(keys)];
}

export class QueueOpGenerator {
  /** Next value per key: values are unique per key across the whole history. */
  private readonly nextValue: number[];

  constructor(private readonly opts: QueueOptions) {
    this.nextValue = new Array<number>(opts.keys).fill(0);
  }

  next(rng: Random): ClientOp {
    const r = rng.next();
    if (r < CRASH_PROBABILITY) return { f: 'crash', value: null };
    if (r < CRASH_PROBABILITY + RESUBSCRIBE_PROBABILITY) {
      const mode = rng.pick(this.opts.subVia);
      return mode === 'assign' ? { f: 'assign', value: randomKeySubset(rng, this.opts.keys) } : { f: 'subscribe', value: null };
    }
    if (!this.opts.txn) {
      const micro = this.microOp(rng);
      return { f: micro[0], value: [micro] };
    }
    const length = 1 + rng.int(this.opts.maxTxnLen);
    const micros: MicroInvocation[] = Array.from({ length }, () => this.microOp(rng));
    // Drawn only when asked for, so runs without --abort-fraction keep their op sequence for a seed.
    if (this.opts.abortFraction > 0 && rng.next() < this.opts.abortFraction) micros.push(['abort']);
    return { f: 'txn', value: micros };
  }

  private microOp(rng: Random): MicroInvocation {
    if (rng.next() >= SEND_SHARE) return ['poll'];
    const key = rng.int(this.opts.keys);
    const value = this.nextValue[key]!;
    this.nextValue[key] = value + 1;
    return ['send', key, value];
  }
}
