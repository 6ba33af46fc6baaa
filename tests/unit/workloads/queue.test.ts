// The queue workload's pure parts: options (flags → spec → options, with the checker policy they imply), the key →
// partition map, op generation in the checker's history shapes, and the acknowledged ends the final read aims for.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../../core/history/op.ts';
import { Random } from '../../../core/generator/random.ts';
import { parseInvocation } from '../../../checkers/kafka/ops.ts';
import { checkerPolicy, partitionOfKey, queueOptions as fromOptions } from '../../../workloads/queue/options.ts';
import { queuePlugin } from '../../../workloads/queue/plugin.ts';
import { workloadOptions } from '../../../workloads/index.ts';
import { QueueOpGenerator, randomKeySubset } from '../../../workloads/queue/generator.ts';
import { acknowledgedEnds } from '../../../workloads/queue/final-read.ts';

/** The queue options of a spec's workloadOptions (camelCase keys, as `faultline test` stores them). */
const queueOptions = (raw: Record<string, string | number | boolean>) => fromOptions(workloadOptions(queuePlugin, raw));

const invocation = (index: number, f: string, value: unknown): Op => ({ index, type: 'invoke', process: 0, f, value, time: index });

describe('queue options', () => {
  it('defaults: 8 keys, plain producer, read_uncommitted, both subscription modes', () => {
    const o = queueOptions({});
    expect(o).toEqual({
      keys: 8,
      txn: false,
      idempotent: false,
      isolation: 'read_uncommitted',
      maxTxnLen: 4,
      subVia: ['assign', 'subscribe'],
      retries: 0,
      abortFraction: 0,
    });
    expect(checkerPolicy(o)).toEqual({ txn: false, idempotent: false, isolation: 'read_uncommitted', groupRebalances: true });
  });

  it('--txn implies an idempotent producer and read_committed unless told otherwise', () => {
    expect(queueOptions({ txn: true })).toMatchObject({ txn: true, idempotent: true, isolation: 'read_committed' });
    expect(queueOptions({ txn: true, isolation: 'read_uncommitted' }).isolation).toBe('read_uncommitted');
  });

  it('assign-only consumers tell the checker no group rebalance can move positions', () => {
    expect(checkerPolicy(queueOptions({ subVia: 'assign' })).groupRebalances).toBe(false);
  });

  it.each([
    [{ keys: 0 }, /--keys 0: must be from 1 to 1000/],
    [{ isolation: 'serializable' }, /--isolation serializable: must be one of read_committed, read_uncommitted/],
    [{ subVia: 'assign,poll' }, /--sub-via assign,poll/],
    [{ maxTxnLen: 1.5 }, /--max-txn-len 1.5/],
  ])('rejects %j', (raw, message) => {
    expect(() => queueOptions(raw)).toThrow(message);
  });

  it('key k is partition k', () => {
    expect([0, 1, 7].map(partitionOfKey)).toEqual([0, 1, 7]);
  });
});

describe('queue op generation', () => {
  const generate = (raw: Record<string, string | number | boolean>, seed: number, n: number) => {
    const gen = new QueueOpGenerator(queueOptions(raw));
    const rng = new Random(seed);
    return Array.from({ length: n }, () => gen.next(rng));
  };

  it('is a function of the seed', () => {
    expect(generate({ txn: true }, 7, 300)).toEqual(generate({ txn: true }, 7, 300));
  });

  it('without --txn: single send and poll ops the checker parses, plus rebalance and crash ops', () => {
    const ops = generate({}, 1, 3000);
    const fs = new Set(ops.map((o) => o.f));
    expect([...fs].sort()).toEqual(['assign', 'crash', 'poll', 'send', 'subscribe']);
    ops.forEach((op, i) => {
      if (op.f === 'send' || op.f === 'poll') expect(parseInvocation(invocation(i, op.f, op.value))).toHaveLength(1);
    });
  });

  it('with --txn: txn ops of 1..maxTxnLen micro-ops, values unique per key and increasing', () => {
    const ops = generate({ txn: true, maxTxnLen: 3, keys: 4 }, 2, 3000).filter((o) => o.f === 'txn');
    const lengths = new Set<number>();
    const sent = new Map<number, number[]>();
    ops.forEach((op, i) => {
      const micros = parseInvocation(invocation(i, 'txn', op.value));
      lengths.add(micros.length);
      for (const m of micros) if (m.kind === 'send') sent.set(m.key, [...(sent.get(m.key) ?? []), m.value]);
    });
    expect([...lengths].sort()).toEqual([1, 2, 3]);
    expect([...sent.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const values of sent.values()) expect(values).toEqual(values.map((_, i) => i));
  });

  it('assign ops name a nonempty set of existing keys', () => {
    const rng = new Random(3);
    for (let i = 0; i < 200; i++) {
      const keys = randomKeySubset(rng, 5);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k >= 0 && k < 5)).toBe(true);
      expect([...keys].sort((a, b) => a - b)).toEqual(keys);
    }
  });
});

describe('acknowledgedEnds', () => {
  it('is one past the highest offset an ok send or txn got, per key; other ops and unknown offsets do not count', () => {
    const op = (index: number, type: Op['type'], f: string, value: unknown): Op => ({ index, type, process: 0, f, value, time: index });
    const ops = [
      op(0, 'ok', 'send', [['send', 0, [4, 10]]]),
      op(1, 'ok', 'txn', [
        ['send', 1, [9, 3]],
        ['poll', { '0': [[4, 10]] }],
        ['send', 0, [2, 11]],
      ]),
      op(2, 'info', 'txn', [['send', 2, 5]]),
      op(3, 'ok', 'send', [['send', 2, [null, 6]]]),
      op(4, 'ok', 'poll', [['poll', { '1': [[20, 1]] }]]),
    ];
    expect(acknowledgedEnds(ops, 3)).toEqual([5, 10, 0]);
  });
});
