// The checker's contract: result shape, counterexamples, model-fit errors before any search, malformed histories.
import { describe, expect, it } from 'vitest';
import { assertModelFits, checkLinearizability, MalformedHistoryError, MODEL_NAMES, ModelMismatchError } from '../../../checkers/linearizability/index.ts';
import type { Op } from '../../../core/history/op.ts';
import { concurrentThenImpossible, HistoryBuilder } from './history-builder.ts';

const staleRead = () => new HistoryBuilder().call(0, 'write', 1).call(1, 'write', 2).call(0, 'read', null, 1);

describe('checkLinearizability', () => {
  it('reports a valid history with its stats', () => {
    const result = checkLinearizability(new HistoryBuilder().call(0, 'write', 1).call(1, 'read', null, 1).ops, { model: 'register' });
    expect(result).toMatchObject({ checker: 'linearizable', valid: true, anomalies: [] });
    expect(result.stats).toMatchObject({ ops: 4, calls: 2, partitions: 1 });
    expect(result.stats.statesExplored).toBeGreaterThan(0);
    expect(typeof result.stats.timeMs).toBe('number');
    expect(result.counterexample).toBeUndefined();
  });

  it('explains a non-linearizable history with one anomaly and a counterexample', () => {
    const result = checkLinearizability(staleRead().ops, { model: 'register' });
    expect(result.valid).toBe(false);
    expect(result.anomalies).toHaveLength(1);
    const [anomaly] = result.anomalies;
    expect(anomaly!.type).toBe('nonlinearizable');
    expect(anomaly!.ops).toEqual([4]);
    expect(anomaly!.explanation).toContain('longest valid prefix places 2 of them (ops 0, 2)');
    expect(anomaly!.explanation).toContain('it read 1 but the register held 2');
    const ce = result.counterexample!;
    expect(ce.partition).toBeUndefined();
    expect(ce.linearized).toEqual([0, 2]);
    expect(ce.states).toEqual(['1', '2']);
    expect(ce.stuck).toEqual([4]);
    expect(ce.reason).toBe('op 4 (process 0: read 1, returned at op 5) cannot take effect after the longest valid prefix: it read 1 but the register held 2.');
    expect(ce.ops.map((o) => [o.id, o.f, o.type, o.start, o.end])).toEqual([
      [0, 'write', 'ok', 0, 1],
      [2, 'write', 'ok', 2, 3],
      [4, 'read', 'ok', 4, 5],
    ]);
  });

  it('draws info ops as intervals without an end', () => {
    const h = new HistoryBuilder().call(0, 'write', 1).invoke(1, 'write', 2).info(1).call(0, 'read', null, 2).call(0, 'read', null, 1);
    const ce = checkLinearizability(h.ops, { model: 'register' }).counterexample!;
    const info = ce.ops.find((o) => o.id === 2)!;
    expect(info.type).toBe('info');
    expect(info.end).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('says "unknown" when the budget runs out, and false with time to finish', () => {
    const small = concurrentThenImpossible(
      Array.from({ length: 6 }, (_, i) => ({ f: 'write', input: i })),
      { f: 'read', output: 99 },
    );
    expect(checkLinearizability(small, { model: 'register' }).valid).toBe(false);
    const hard = concurrentThenImpossible(
      Array.from({ length: 18 }, (_, i) => ({ f: 'write', input: i })),
      { f: 'read', output: 99 },
    );
    expect(checkLinearizability(hard, { model: 'register', timeoutMs: 1 }).valid).toBe('unknown');
  });

  it('still decides when the memo budget is exhausted (it only prunes less)', () => {
    const small = concurrentThenImpossible(
      Array.from({ length: 6 }, (_, i) => ({ f: 'write', input: i })),
      { f: 'read', output: 99 },
    );
    const result = checkLinearizability(small, { model: 'register', maxCacheEntries: 10 });
    expect(result.valid).toBe(false);
    expect(result.stats.cacheSaturated).toBe(true);
  });

  it('finds a failing partition even when another partition is hard', () => {
    const hard = concurrentThenImpossible(
      Array.from({ length: 18 }, (_, i) => ({ f: 'append', input: ['slow', `${i}`] })),
      { f: 'get', input: ['slow', null], output: ['slow', 'never'] },
    );
    const quickFailure = new HistoryBuilder().call(100, 'put', ['fast', 'a']).call(100, 'get', ['fast', null], ['fast', 'b']).ops;
    const ops: Op[] = [...hard, ...quickFailure.map((op) => ({ ...op, index: op.index + hard.length }))];
    const result = checkLinearizability(ops, { model: 'kv', timeoutMs: 60_000 });
    expect(result.valid).toBe(false);
    expect(result.counterexample!.partition).toBe('fast');
  });

  it('lists its models', () => {
    expect(MODEL_NAMES).toEqual(
      expect.arrayContaining(['register', 'cas-register', 'multi-register', 'set', 'fifo-queue', 'unordered-queue', 'mutex', 'kv', 'etcd-register', 'log']),
    );
    expect(() => checkLinearizability([], { model: 'bogus' })).toThrow(/unknown linearizability model 'bogus'/);
  });
});

describe('model fit', () => {
  it('rejects cas on a plain register, naming the op, before searching', () => {
    const h = new HistoryBuilder().call(0, 'write', 1).call(1, 'cas', [1, 2]);
    expect(() => checkLinearizability(h.ops, { model: 'register' })).toThrow(ModelMismatchError);
    expect(() => assertModelFits(h.ops, 'register')).toThrow(
      "op 2 does not fit model register: f 'cas' is not an operation of this model (expected read, write)",
    );
  });

  it('rejects values of the wrong shape', () => {
    expect(() => assertModelFits(new HistoryBuilder().call(0, 'cas', 5).ops, 'cas-register')).toThrow(/op 0 .*\[expected, new\]/);
    expect(() => assertModelFits(new HistoryBuilder().call(0, 'append', 'v', 3).ops, 'log')).toThrow(/must return \[value, offset\]/);
    expect(() => assertModelFits(new HistoryBuilder().call(0, 'append', 'v', ['w', 0]).ops, 'log')).toThrow(/returned value "w" but appended "v"/);
    expect(() => assertModelFits(new HistoryBuilder().call(0, 'txn', [['incr', 'x', 1]]).ops, 'multi-register')).toThrow(/micro-op 0/);
    expect(() => assertModelFits(new HistoryBuilder().call(0, 'dequeue', null, null).ops, 'unordered-queue')).toThrow(/must name the element/);
    expect(() => assertModelFits(new HistoryBuilder().call(0, 'put', 'no-key').ops, 'kv')).toThrow(/\[key, value\]/);
  });

  it('does not look at ops that failed or belong to the nemesis', () => {
    const h = new HistoryBuilder().nemesis('partition').invoke(0, 'write', 1).fail(0);
    expect(assertModelFits(h.ops, 'mutex')).toEqual([]);
  });

  it('rejects a completion without a pending invocation', () => {
    const ops: Op[] = [{ index: 0, type: 'ok', process: 3, f: 'read', value: 1, time: 0 }];
    expect(() => checkLinearizability(ops, { model: 'register' })).toThrow(MalformedHistoryError);
    expect(() => checkLinearizability(ops, { model: 'register' })).toThrow('op 0: ok completion of read by process 3 has no pending invocation');
  });
});
