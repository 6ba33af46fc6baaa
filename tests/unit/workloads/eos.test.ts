// The eos workload's pure parts: options and their defaults, which worker slot copies which partition, the op shapes
// (parsed by the eos checker), the planned input, and the time bound on copies.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../../core/history/op.ts';
import { Random } from '../../../core/generator/random.ts';
import { looksLikeCopy, parseCopy } from '../../../checkers/eos/ops.ts';
import { copierTransactionalId, eosOptions as fromOptions, inputPartitionOf, roleOf, type EosRunShape } from '../../../workloads/eos/options.ts';
import { eosPlugin } from '../../../workloads/eos/plugin.ts';
import { workloadOptions } from '../../../workloads/index.ts';
import { COPIER_CRASH_PROBABILITY, nextEosOp } from '../../../workloads/eos/generator.ts';
import { plannedInput } from '../../../workloads/eos/seed.ts';
import { within } from '../../../workloads/eos/within.ts';

/** The eos options of a spec's workloadOptions (camelCase keys, as `faultline test` stores them). */
const eosOptions = (raw: Record<string, number>, run: EosRunShape) => fromOptions(workloadOptions(eosPlugin, raw), run);

describe('eos options', () => {
  it('defaults: one copier per process but one, values scaled to the time limit, 5 records per transaction', () => {
    expect(eosOptions({}, { concurrency: 10, timeLimitS: 120 })).toEqual({ partitions: 9, values: 8640, maxTxnLen: 5 });
    expect(eosOptions({}, { concurrency: 3, timeLimitS: 10 }).values).toBe(500);
    expect(eosOptions({ partitions: 2, values: 100, maxTxnLen: 1 }, { concurrency: 10, timeLimitS: 60 })).toEqual({ partitions: 2, values: 100, maxTxnLen: 1 });
  });

  it('needs room for at least one observer', () => {
    expect(() => eosOptions({}, { concurrency: 1, timeLimitS: 60 })).toThrow(/at least 2 processes/);
    expect(() => eosOptions({ partitions: 5 }, { concurrency: 5, timeLimitS: 60 })).toThrow(/--partitions 5: .*at most --concurrency - 1 \(4\)/);
  });
});

describe('eos roles', () => {
  it('slot s < P copies input partition s; its replacements (s + concurrency, ...) keep the partition; the rest observe', () => {
    expect(roleOf(2, 5, 4)).toEqual({ kind: 'copier', partition: 2 });
    expect(roleOf(12, 5, 4)).toEqual({ kind: 'copier', partition: 2 });
    expect(roleOf(4, 5, 4)).toEqual({ kind: 'observer' });
    expect(roleOf(19, 5, 4)).toEqual({ kind: 'observer' });
    expect(copierTransactionalId(2)).toBe('faultline-eos-copier-2');
  });

  it('copiers copy (and now and then crash), observers observe; copy invocations are copy-shaped for the checker', () => {
    const rng = new Random(11);
    const fs = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const op = nextEosOp(rng, 7, 5, 4);
      fs.set(op.f, (fs.get(op.f) ?? 0) + 1);
      if (op.f === 'copy') {
        expect(looksLikeCopy(op.value)).toBe(true);
        const inv: Op = { index: i, type: 'invoke', process: 7, f: 'copy', value: op.value, time: i };
        expect(parseCopy(inv, op.value)).toEqual({ fromPartition: 2, fromOffsets: [], to: [] });
      }
    }
    expect(fs.get('crash')! / 5000).toBeCloseTo(COPIER_CRASH_PROBABILITY, 2);
    expect(nextEosOp(rng, 9, 5, 4)).toEqual({ f: 'observe', value: null });
  });
});

describe('planned input', () => {
  it('values 0..n-1, value v in partition v mod P, in order', () => {
    const input = plannedInput({ partitions: 3, values: 8, maxTxnLen: 5 });
    expect([...input]).toEqual([
      [0, [0, 3, 6]],
      [1, [1, 4, 7]],
      [2, [2, 5]],
    ]);
    expect(inputPartitionOf(7, 3)).toBe(1);
  });
});

describe('within', () => {
  const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

  it('gives the work its result when it finishes in time, the substitute when not, and the substitute may throw', async () => {
    expect(await within(later(5, 'done'), 200, () => 'late')).toBe('done');
    expect(await within(later(200, 'done'), 5, () => 'late')).toBe('late');
    await expect(
      within(later(200, 'done'), 5, () => {
        throw new Error('gave up');
      }),
    ).rejects.toThrow('gave up');
  });
});
