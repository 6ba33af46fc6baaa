// The search against a definition-level reference: on many small random histories (every model that has reads,
// unknown outcomes included) the memoised search with its read-first reduction must give exactly the verdict of an
// exhaustive enumeration of all orders. Also the linearized-set encoding the memo keys on.
import { describe, expect, it } from 'vitest';
import { checkLinearizability, ILLEGAL, type PreparedCall } from '../../../checkers/linearizability/index.ts';
import { LinearizedSet } from '../../../checkers/linearizability/linearized-set.ts';
import { createModel } from '../../../checkers/linearizability/models/index.ts';
import { prepareCalls } from '../../../checkers/linearizability/prepare.ts';
import { Random } from '../../../core/generator/random.ts';
import type { Op } from '../../../core/history/op.ts';
import { HistoryBuilder } from './history-builder.ts';

/** Linearizable by definition: some order of a subset holding every ok call respects real time and the model. */
function linearizableByEnumeration(modelName: string, ops: Op[]): boolean {
  const model = createModel(modelName);
  const calls: PreparedCall[] = prepareCalls(model, ops);
  const keysOf = model.keysOf;
  const keys = keysOf ? [...new Set(calls.flatMap((c) => keysOf(c.input)))].sort() : [];
  // Without partitioning: one state over all keys is only available for unpartitioned models, so check per key.
  const groups = keysOf ? keys.map((k) => calls.filter((c) => keysOf(c.input).includes(k))) : [calls];
  return groups.every((group, g) => {
    const placed = new Array<boolean>(group.length).fill(false);
    const search = (state: unknown, left: number): boolean => {
      if (left === 0) return true;
      for (let i = 0; i < group.length; i++) {
        if (placed[i]) continue;
        const blocked = group.some((d, j) => !placed[j] && d.returnPos < group[i]!.callPos);
        if (blocked) continue;
        const next = model.step(state, group[i]!.input, group[i]!.output);
        if (next === ILLEGAL) continue;
        placed[i] = true;
        const found = search(next, left - (group[i]!.required ? 1 : 0));
        placed[i] = false;
        if (found) return true;
      }
      return false;
    };
    return search(model.initialState(keysOf ? [keys[g]!] : []), group.filter((c) => c.required).length);
  });
}

type CallMaker = (rng: Random) => { f: string; input: unknown; output: () => unknown };

const smallValue = (rng: Random): number | null => (rng.next() < 0.15 ? null : rng.int(3));
const MAKERS: Record<string, CallMaker> = {
  register: (rng) =>
    rng.next() < 0.5 ? { f: 'read', input: null, output: () => smallValue(rng) } : { f: 'write', input: rng.int(3), output: () => undefined },
  'cas-register': (rng) => {
    const roll = rng.next();
    if (roll < 0.4) return { f: 'read', input: null, output: () => smallValue(rng) };
    if (roll < 0.7) return { f: 'write', input: rng.int(3), output: () => undefined };
    return { f: 'cas', input: [rng.int(3), rng.int(3)], output: () => undefined };
  },
  kv: (rng) => {
    const key = rng.pick(['a', 'b']);
    const roll = rng.next();
    if (roll < 0.45) return { f: 'get', input: [key, null], output: () => [key, rng.pick(['', 'x', 'y', 'xy', 'yx'])] };
    return { f: roll < 0.75 ? 'put' : 'append', input: [key, rng.pick(['x', 'y'])], output: () => undefined };
  },
  set: (rng) =>
    rng.next() < 0.5
      ? { f: 'read', input: null, output: () => [0, 1, 2].filter(() => rng.next() < 0.5) }
      : { f: 'add', input: rng.int(3), output: () => undefined },
  'unordered-queue': (rng) =>
    rng.next() < 0.5 ? { f: 'enqueue', input: rng.int(3), output: () => undefined } : { f: 'dequeue', input: null, output: () => rng.int(3) },
};

/** A random interleaving of `calls` calls by 4 processes; some end info, some fail, some never complete. */
function randomHistory(rng: Random, make: CallMaker, calls: number): Op[] {
  const ops: Op[] = [];
  const open = new Map<number, { f: string; input: unknown; output: () => unknown }>();
  let started = 0;
  const push = (op: Omit<Op, 'index' | 'time'>): void => void ops.push({ ...op, index: ops.length, time: ops.length });
  while (started < calls || open.size > 0) {
    const process = rng.int(4);
    const call = open.get(process);
    if (!call) {
      if (started === calls) {
        if (rng.next() < 0.1) break; // leave the rest pending forever
        continue;
      }
      const c = make(rng);
      open.set(process, c);
      started++;
      push({ type: 'invoke', process, f: c.f, value: c.input });
      continue;
    }
    open.delete(process);
    const roll = rng.next();
    const type = roll < 0.12 ? 'info' : roll < 0.17 ? 'fail' : 'ok';
    const output = call.output();
    push({ type, process, f: call.f, value: type === 'ok' && output !== undefined ? output : call.input });
  }
  return ops;
}

describe('the search agrees with exhaustive enumeration', () => {
  for (const modelName of Object.keys(MAKERS)) {
    it(`on 300 random small ${modelName} histories`, () => {
      const rng = new Random(modelName.length * 7919);
      const verdicts = { true: 0, false: 0 };
      for (let i = 0; i < 300; i++) {
        const ops = randomHistory(rng, MAKERS[modelName]!, 3 + rng.int(6));
        const expected = linearizableByEnumeration(modelName, ops);
        const got = checkLinearizability(ops, { model: modelName }).valid;
        if (got !== expected) throw new Error(`${modelName}: search says ${got}, enumeration ${expected} on\n${ops.map((o) => JSON.stringify(o)).join('\n')}`);
        verdicts[String(expected) as 'true' | 'false']++;
      }
      // Both verdicts must be well represented, or the comparison proves little.
      expect(verdicts.true).toBeGreaterThan(30);
      expect(verdicts.false).toBeGreaterThan(30);
    });
  }
});

describe('interchangeable optional calls', () => {
  // Two timed-out writes of 1: each read of 1 after a write of 2 needs one of them, so both must be used.
  const twoNeeded = (reads: number) => {
    const h = new HistoryBuilder().invoke(0, 'write', 1).invoke(1, 'write', 1).info(0).info(1);
    for (let i = 0; i < reads; i++) h.call(2, 'write', 2).call(2, 'read', null, 1);
    return h.ops;
  };

  it('uses each of several equal timed-out writes once, and no more', () => {
    expect(checkLinearizability(twoNeeded(1), { model: 'register' }).valid).toBe(true);
    expect(checkLinearizability(twoNeeded(2), { model: 'register' }).valid).toBe(true);
    expect(checkLinearizability(twoNeeded(3), { model: 'register' }).valid).toBe(false);
    for (const reads of [1, 2, 3])
      expect(checkLinearizability(twoNeeded(reads), { model: 'register' }).valid).toBe(linearizableByEnumeration('register', twoNeeded(reads)));
  });

  it('decides a history with many timed-out writes of few values quickly', () => {
    const h = new HistoryBuilder();
    for (let p = 0; p < 40; p++) h.invoke(p, 'write', p % 2).info(p);
    for (let i = 0; i < 30; i++) h.call(100, 'write', 5).call(100, 'read', null, i % 2);
    h.call(100, 'read', null, 7); // nobody wrote 7
    const result = checkLinearizability(h.ops, { model: 'register', timeoutMs: 20_000 });
    expect(result.valid).toBe(false);
    expect(result.stats.statesExplored as number).toBeLessThan(100_000);
  });
});

describe('LinearizedSet', () => {
  it('keeps (end, holes) equal to the set it holds through additions and undos', () => {
    const rng = new Random(42);
    const size = 200;
    const set = new LinearizedSet(size);
    const members: number[] = [];
    const inSet = new Set<number>();
    for (let step = 0; step < 5_000; step++) {
      if (members.length > 0 && (rng.next() < 0.45 || inSet.size === size)) {
        const call = members.pop()!;
        inSet.delete(call);
        set.undo(call);
      } else {
        // Mostly near the frontier, sometimes far ahead, like the search.
        let call = Math.min(size - 1, set.end + rng.int(5) - 2);
        while (inSet.has(call) || call < 0) call = rng.int(size);
        members.push(call);
        inSet.add(call);
        set.add(call);
      }
      const end = inSet.size === 0 ? 0 : Math.max(...inSet) + 1;
      const holes = Array.from({ length: end }, (_, c) => c).filter((c) => !inSet.has(c));
      expect(set.end).toBe(end);
      expect(Array.from(set.holes.subarray(0, set.holeCount))).toEqual(holes);
    }
  });

  it('hashes the same members alike in sets of any capacity, made in any order (one shared table of words)', () => {
    const large = new LinearizedSet(5_000);
    const small = new LinearizedSet(8);
    const larger = new LinearizedSet(20_000);
    for (const set of [large, small, larger]) for (const c of [5, 2, 7]) set.add(c);
    expect(small.hash).toBe(large.hash);
    expect(larger.hash).toBe(large.hash);
    larger.add(19_999);
    larger.undo(19_999);
    expect(larger.hash).toBe(small.hash);
    expect(large.hash).not.toBe(0);
  });

  it('hashes a set the same whatever order it was built in', () => {
    const a = new LinearizedSet(10);
    const b = new LinearizedSet(10);
    for (const c of [3, 0, 7, 1]) a.add(c);
    for (const c of [0, 1, 7, 3]) b.add(c);
    expect(a.hash).toBe(b.hash);
    expect(b.sameAs(a.end, a.holes, 0, a.holeCount)).toBe(true);
    b.undo(3);
    expect(b.sameAs(a.end, a.holes, 0, a.holeCount)).toBe(false);
  });
});
