// Pairing invocations with completions per process.

import { describe, expect, it } from 'vitest';
import type { Op } from '../../../core/history/op.ts';
import { historyEnd, pairOps } from '../../../core/history/pairing.ts';
import { historyOf } from './fixture.ts';

const S = 1e9;
const op = (type: Op['type'], process: Op['process'], timeS: number, f = 'write'): Omit<Op, 'index'> => ({
  type,
  process,
  f,
  value: null,
  time: timeS * S,
});

const summary = (ops: Op[]) =>
  pairOps(ops, { lenient: true }).map((p) => ({
    process: p.process,
    type: p.type,
    invoke: p.invoke.index,
    completion: p.completion?.index,
    start: p.start / S,
    end: p.end / S,
  }));

describe('pairOps', () => {
  it('pairs interleaved processes by process, in invocation order', () => {
    const ops = historyOf([op('invoke', 0, 1), op('invoke', 1, 2), op('fail', 1, 3), op('ok', 0, 4), op('invoke', 0, 5), op('info', 0, 6)]);
    expect(summary(ops)).toEqual([
      { process: 0, type: 'ok', invoke: 0, completion: 3, start: 1, end: 4 },
      { process: 1, type: 'fail', invoke: 1, completion: 2, start: 2, end: 3 },
      { process: 0, type: 'info', invoke: 4, completion: 5, start: 5, end: 6 },
    ]);
  });

  it('makes an invocation without completion info, ending at the end of the history', () => {
    const ops = historyOf([op('invoke', 0, 1), op('invoke', 1, 2), op('ok', 1, 9)]);
    expect(historyEnd(ops)).toBe(9 * S);
    expect(summary(ops)[0]).toEqual({ process: 0, type: 'info', invoke: 0, completion: undefined, start: 1, end: 9 });
  });

  it('closes an invocation that is followed by another invocation of the same process as info', () => {
    const ops = historyOf([op('invoke', 0, 1), op('invoke', 0, 2), op('ok', 0, 3)]);
    expect(summary(ops)).toEqual([
      { process: 0, type: 'info', invoke: 0, completion: undefined, start: 1, end: 3 },
      { process: 0, type: 'ok', invoke: 1, completion: 2, start: 2, end: 3 },
    ]);
  });

  it('ignores a completion with no open invocation, and pairs nemesis ops too', () => {
    const ops = historyOf([op('ok', 0, 1), op('invoke', 'nemesis', 2, 'kill'), op('info', 'nemesis', 3, 'kill')]);
    expect(summary(ops)).toEqual([{ process: 'nemesis', type: 'info', invoke: 1, completion: 2, start: 2, end: 3 }]);
    expect(pairOps(ops, { lenient: true })[0]!.f).toBe('kill');
  });

  it("pairs each of a process's calls after its earlier ones completed, and returns unfinished ones in invocation order", () => {
    // Process 0 calls three times (its pending record is reused); 2 and 1 are left open, 2 invoked first.
    const ops = historyOf([
      op('invoke', 0, 1),
      op('ok', 0, 2),
      op('invoke', 2, 3),
      op('invoke', 0, 4),
      op('info', 0, 5),
      op('invoke', 1, 6),
      op('invoke', 0, 7),
      op('ok', 0, 8),
    ]);
    expect(summary(ops)).toEqual([
      { process: 0, type: 'ok', invoke: 0, completion: 1, start: 1, end: 2 },
      { process: 2, type: 'info', invoke: 2, completion: undefined, start: 3, end: 8 },
      { process: 0, type: 'info', invoke: 3, completion: 4, start: 4, end: 5 },
      { process: 1, type: 'info', invoke: 5, completion: undefined, start: 6, end: 8 },
      { process: 0, type: 'ok', invoke: 6, completion: 7, start: 7, end: 8 },
    ]);
    // Strict pairing accepts the same history.
    expect(pairOps(ops)).toHaveLength(5);
  });

  it('handles an empty history', () => {
    expect(pairOps([])).toEqual([]);
    expect(historyEnd([])).toBe(0);
  });
});
