// EOS checker: the committed output equals the input (lost, duplicate, unexpected), order per partition (reordered),
// observers never see aborted or duplicated records, malformed ops are rejected.

import { describe, expect, it } from 'vitest';
import { checkEos } from '../../../checkers/eos/index.ts';
import { failures, only } from './assertions.ts';
import { HistoryWriter } from './history.ts';

type Records = Record<number, Array<[number, number]>>;

/** Copies `values` of input partition `from` to output partition `to`, starting at output offset `at`. */
function copy(h: HistoryWriter, process: number, from: number, values: number[], at: number, outcome: 'ok' | 'fail' | 'info' = 'ok') {
  const target = (offset: number | null) => values.map((value, i) => ({ partition: from, value, offset: offset === null ? null : offset + i }));
  const invocation = { from: { partition: from, offsets: values.map((_, i) => i) }, to: target(null) };
  return h.eos(process, 'copy', { ...invocation, to: target(at) }, outcome, invocation);
}

/** Input {0: [1, 2, 3], 1: [4, 5]}, copied by two ok copies, then `finalRead` of the output. */
function pipeline(finalRead: Records | null) {
  const h = new HistoryWriter();
  const seed = h.eos(0, 'seed', { 0: [1, 2, 3], 1: [4, 5] });
  const copies = [copy(h, 1, 0, [1, 2, 3], 0), copy(h, 2, 1, [4, 5], 0)];
  const final = finalRead ? h.eos(3, 'final-read', finalRead) : -1;
  return { h, seed, copies, final };
}

const CLEAN: Records = {
  0: [
    [0, 1],
    [1, 2],
    [2, 3],
  ],
  1: [
    [0, 4],
    [1, 5],
  ],
};

describe('output against input', () => {
  it('accepts an output equal to the input', () => {
    const result = checkEos(pipeline(CLEAN).h.ops, { orderPerPartition: true });
    expect(result).toMatchObject({ checker: 'eos', valid: true, anomalies: [] });
    expect(result.stats).toMatchObject({ inputValues: 5, outputRecords: 5, copies: { ok: 2, fail: 0, info: 0 } });
  });

  it('reports lost values per input partition', () => {
    const { h, seed, copies, final } = pipeline({
      0: [
        [0, 1],
        [1, 2],
      ],
      1: [
        [0, 4],
        [1, 5],
      ],
    });
    const result = checkEos(h.ops);
    expect(failures(result)).toEqual([{ type: 'lost', ops: [copies[0], final] }]);
    expect(only(result, 'lost').details).toMatchObject({
      partition: 0,
      count: 1,
      values: [3],
      copies: [{ value: 3, ops: [copies[0]] }],
      seedOps: [seed],
    });
  });

  it('reports a value committed twice', () => {
    const { h, copies, final } = pipeline({
      0: [
        [0, 1],
        [1, 2],
        [2, 3],
        [4, 3],
      ],
      1: [
        [0, 4],
        [1, 5],
      ],
    });
    const result = checkEos(h.ops);
    expect(failures(result)).toEqual([{ type: 'duplicate', ops: [copies[0], final] }]);
    expect(only(result, 'duplicate').details).toMatchObject({
      value: 3,
      expected: 1,
      places: [
        { partition: 0, offset: 2 },
        { partition: 0, offset: 4 },
      ],
    });
  });

  it('names a crash op whose abandoned record turns up in the output, and counts crashes apart from copies', () => {
    const h = new HistoryWriter();
    h.eos(0, 'seed', { 0: [1, 2] });
    const crashed = { partition: 0, abandoned: 1, from: { partition: 0, offsets: [1] }, to: [{ partition: 0, value: 2, offset: null }] };
    const crash = h.eos(1, 'crash', crashed, 'info', { partition: 0 });
    const copied = copy(h, 2, 0, [1, 2], 2);
    // A crash op from before crash ops carried their records: not a copy, not counted.
    h.eos(3, 'crash', { partition: 0, abandoned: 1 }, 'info', { partition: 0 });
    const final = h.eos(4, 'final-read', {
      0: [
        [0, 2],
        [2, 1],
        [3, 2],
      ],
    });
    const result = checkEos(h.ops);
    expect(failures(result)).toEqual([{ type: 'duplicate', ops: [crash, copied, final] }]);
    expect(only(result, 'duplicate').explanation).toContain(`op ${crash} (crash, info), op ${copied} (ok)`);
    expect(result.stats).toMatchObject({ copies: { ok: 1, fail: 0, info: 0 }, crashes: 1 });
  });

  it('reports a value that is not in the input', () => {
    const { h, final } = pipeline({
      ...CLEAN,
      1: [
        [0, 4],
        [1, 5],
        [2, 99],
      ],
    });
    expect(failures(checkEos(h.ops))).toEqual([{ type: 'unexpected', ops: [final] }]);
  });

  it('reports final reads that disagree on an offset', () => {
    const { h, final } = pipeline(CLEAN);
    const other = h.eos(3, 'final-read', {
      1: [
        [0, 4],
        [1, 6],
      ],
    });
    const result = checkEos(h.ops);
    expect(failures(result)).toEqual([{ type: 'inconsistent-offsets', ops: [final, other] }]);
  });
});

describe('order per partition', () => {
  const swapped: Records = {
    0: [
      [0, 1],
      [1, 3],
      [2, 2],
    ],
    1: [
      [0, 4],
      [1, 5],
    ],
  };

  it('reports a value placed after a later one of its input partition', () => {
    const { h, copies, final } = pipeline(swapped);
    const result = checkEos(h.ops, { orderPerPartition: true });
    expect(failures(result)).toEqual([{ type: 'reordered', ops: [copies[0], final] }]);
    expect(only(result, 'reordered').details).toMatchObject({
      outputPartition: 0,
      inputPartition: 0,
      earlier: { value: 3, offset: 1, inputPosition: 2 },
      later: { value: 2, offset: 2, inputPosition: 1 },
    });
  });

  it('is not checked unless asked', () => {
    expect(checkEos(pipeline(swapped).h.ops).valid).toBe(true);
  });

  it('judges order by first copies, so a duplicate is not also a reorder', () => {
    const { h } = pipeline({
      0: [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 2],
      ],
      1: [
        [0, 4],
        [1, 5],
      ],
    });
    expect(failures(checkEos(h.ops, { orderPerPartition: true })).map((a) => a.type)).toEqual(['duplicate']);
  });
});

describe('observers', () => {
  /** A copy of 3 fails after its record took output offset 2; a retry commits 3 at offset 4. */
  function withRetry(observed: Records, final: boolean) {
    const h = new HistoryWriter();
    h.eos(0, 'seed', { 0: [1, 2, 3] });
    copy(h, 1, 0, [1, 2], 0);
    const failed = copy(h, 1, 0, [3], 2, 'fail');
    const observer = h.eos(4, 'observe', observed);
    const retry = copy(h, 2, 0, [3], 4);
    if (final)
      h.eos(3, 'final-read', {
        0: [
          [0, 1],
          [1, 2],
          [4, 3],
        ],
      });
    return { h, failed, observer, retry };
  }

  it('reports an observed record the final read does not hold at that offset', () => {
    const { h, failed, observer, retry } = withRetry(
      {
        0: [
          [0, 1],
          [2, 3],
        ],
      },
      true,
    );
    const result = checkEos(h.ops);
    expect(failures(result)).toEqual([{ type: 'aborted-read', ops: [failed, observer, retry] }]);
    expect(only(result, 'aborted-read').explanation).toContain('the final read holds no record at that offset');
  });

  it('accepts observations of committed records', () => {
    const { h } = withRetry(
      {
        0: [
          [0, 1],
          [1, 2],
        ],
      },
      true,
    );
    expect(checkEos(h.ops)).toMatchObject({ valid: true, anomalies: [] });
  });

  it('without a final read, uses the failed copy’s offset that no committed copy claims', () => {
    const { h, failed, observer, retry } = withRetry({ 0: [[2, 3]] }, false);
    const result = checkEos(h.ops);
    expect(failures(result)).toEqual([{ type: 'aborted-read', ops: [failed, observer, retry] }]);
    expect(result.valid).toBe(false);
  });

  it('without a final read, cannot judge the committed retry’s value and says unknown', () => {
    const { h } = withRetry({ 0: [[4, 3]] }, false);
    expect(checkEos(h.ops)).toMatchObject({ valid: 'unknown', anomalies: [] });
  });

  it('reports a value observed at two committed places', () => {
    const h = new HistoryWriter();
    h.eos(0, 'seed', { 0: [1] });
    copy(h, 1, 0, [1], 0);
    copy(h, 2, 0, [1], 1);
    const first = h.eos(4, 'observe', { 0: [[0, 1]] });
    const second = h.eos(4, 'observe', { 0: [[1, 1]] });
    expect(failures(checkEos(h.ops))).toEqual([{ type: 'observed-duplicate', ops: [first, second] }]);
  });
});

describe('malformed eos ops', () => {
  it.each([
    ['seed', [1, 2], /^op 1: seed value must be \{"<partition>": \[value, \.\.\.\]\}/],
    ['final-read', { 0: [[null, 1]] }, /^op 1: final-read partition 0 record 0 must be \[offset, value\]/],
    ['copy', { from: { partition: 0 } }, /^op 1: copy value must be \{"from"/],
    ['observe', { x: [] }, /^op 1: partition "x" is not a non-negative integer/],
  ])('rejects a bad %s', (f, value, message) => {
    const h = new HistoryWriter();
    h.eos(0, f, value);
    expect(() => checkEos(h.ops)).toThrow(message);
  });
});
