// Kafka checker: poll and send ordering anomalies, their int- variants, and the group-rebalance allowance.

import { describe, expect, it } from 'vitest';
import { checkQueue } from '../../../checkers/kafka/index.ts';
import { allowed, failures, only } from './assertions.ts';
import { HistoryWriter } from './history.ts';

/** Key 1 holds 10, 11, 12 at offsets 0, 1, 2; process 9 reads all of it so nothing is lost. */
function threeRecords(): HistoryWriter {
  const h = new HistoryWriter();
  h.send(0, 1, 10, 0);
  h.send(0, 1, 11, 1);
  h.send(0, 1, 12, 2);
  h.poll(9, {
    1: [
      [0, 10],
      [1, 11],
      [2, 12],
    ],
  });
  return h;
}

describe('poll-skip', () => {
  const history = (secondPoll: Array<[number, number]>, between?: (h: HistoryWriter) => void) => {
    const h = threeRecords();
    const first = h.poll(1, { 1: [[0, 10]] });
    between?.(h);
    const second = h.poll(1, { 1: secondPoll });
    return { h, first, second };
  };

  it('reports consecutive polls that jump over a known offset', () => {
    const { h, first, second } = history([[2, 12]]);
    const result = checkQueue(h.ops);
    expect(failures(result)).toEqual([{ type: 'poll-skip', ops: [first, second] }]);
    expect(only(result, 'poll-skip').details).toMatchObject({
      key: 1,
      process: 1,
      from: { op: first, offset: 0, value: 10 },
      to: { op: second, offset: 2, value: 12 },
      skipped: { count: 1, offsets: [1], values: [11] },
    });
  });

  it('is silent when the next poll continues at the next offset', () => {
    expect(
      checkQueue(
        history([
          [1, 11],
          [2, 12],
        ]).h.ops,
      ).anomalies,
    ).toEqual([]);
  });

  it('ignores offsets no op knows of (transaction markers, aborted records)', () => {
    const h = new HistoryWriter();
    h.send(0, 1, 10, 0);
    h.send(0, 1, 12, 5);
    h.poll(1, { 1: [[0, 10]] });
    h.poll(1, { 1: [[5, 12]] });
    expect(checkQueue(h.ops).anomalies).toEqual([]);
  });

  it('is allowed with group rebalances after a subscribe op in between', () => {
    const { h, first, second } = history([[2, 12]], (w) => w.bookkeeping(1, 'subscribe', [1]));
    const result = checkQueue(h.ops, { groupRebalances: true });
    expect(allowed(result)).toEqual([{ type: 'poll-skip', ops: [first, second] }]);
    expect(result.valid).toBe(true);
  });

  it('is allowed with group rebalances when another process polled the key in between', () => {
    const { h, first, second } = history([[2, 12]], (w) => w.poll(2, { 1: [[1, 11]] }));
    expect(allowed(checkQueue(h.ops, { groupRebalances: true }))).toEqual([{ type: 'poll-skip', ops: [first, second] }]);
  });

  it('still fails with group rebalances when nothing happened in between', () => {
    const { h, first, second } = history([[2, 12]]);
    expect(failures(checkQueue(h.ops, { groupRebalances: true }))).toEqual([{ type: 'poll-skip', ops: [first, second] }]);
  });

  it('still fails after an assign op when group rebalances are off', () => {
    const { h, first, second } = history([[2, 12]], (w) => w.bookkeeping(1, 'assign', [1]));
    expect(failures(checkQueue(h.ops))).toEqual([{ type: 'poll-skip', ops: [first, second] }]);
  });

  it('does not compare polls of different processes (a crashed process’s successor starts afresh)', () => {
    const h = threeRecords();
    h.poll(1, { 1: [[0, 10]] });
    h.poll(2, { 1: [[2, 12]] });
    expect(checkQueue(h.ops).anomalies).toEqual([]);
  });
});

describe('nonmonotonic-poll', () => {
  const history = (secondPoll: Array<[number, number]>) => {
    const h = threeRecords();
    const first = h.poll(1, {
      1: [
        [0, 10],
        [1, 11],
      ],
    });
    const second = h.poll(1, { 1: secondPoll });
    return { h, first, second };
  };

  it('reports a poll starting at or before the previous poll’s last offset', () => {
    const { h, first, second } = history([
      [1, 11],
      [2, 12],
    ]);
    expect(failures(checkQueue(h.ops))).toEqual([{ type: 'nonmonotonic-poll', ops: [first, second] }]);
  });

  it('is silent when the poll moves forward', () => {
    expect(checkQueue(history([[2, 12]]).h.ops).anomalies).toEqual([]);
  });

  it('is allowed around a rebalance when group rebalances are on', () => {
    const h = threeRecords();
    const first = h.poll(1, {
      1: [
        [0, 10],
        [1, 11],
      ],
    });
    h.bookkeeping(1, 'subscribe', [1]);
    const second = h.poll(1, { 1: [[0, 10]] });
    expect(allowed(checkQueue(h.ops, { groupRebalances: true }))).toEqual([{ type: 'nonmonotonic-poll', ops: [first, second] }]);
  });

  // A subscribed Java consumer under the eager assignor: a rebalance nobody's ops show (another member joined) gives
  // the process its partitions again, at the group's committed offsets, which trail its reads. Its poll says so.
  const readTwice = (reassigned: number[] | undefined, between?: (h: HistoryWriter) => void) => {
    const h = threeRecords();
    const first = h.poll(1, {
      1: [
        [0, 10],
        [1, 11],
      ],
    });
    between?.(h);
    const second = h.poll(1, { 1: [[1, 11]] }, reassigned);
    return { h, first, second };
  };

  it('is allowed when the consumer reported that a rebalance gave it the key again, and the explanation says so', () => {
    const { h, first, second } = readTwice([1]);
    const result = checkQueue(h.ops);
    expect(allowed(result)).toEqual([{ type: 'nonmonotonic-poll', ops: [first, second] }]);
    expect(result.valid).toBe(true);
    expect(only(result, 'nonmonotonic-poll').explanation).toContain('reported that a group rebalance gave it this key again');
  });

  it('still fails when the rebalance the consumer reported gave it other keys', () => {
    const { h, first, second } = readTwice([2, 3]);
    expect(failures(checkQueue(h.ops, { groupRebalances: true }))).toEqual([{ type: 'nonmonotonic-poll', ops: [first, second] }]);
  });

  it('a reassignment reported by a poll that read nothing of the key counts for the next read of it, once', () => {
    const h = threeRecords();
    const first = h.poll(1, {
      1: [
        [0, 10],
        [1, 11],
      ],
    });
    h.poll(1, {}, [1]);
    const second = h.poll(1, { 1: [[1, 11]] });
    const third = h.poll(1, { 1: [[1, 11]] });
    const result = checkQueue(h.ops);
    expect(allowed(result)).toEqual([{ type: 'nonmonotonic-poll', ops: [first, second] }]);
    expect(failures(result)).toEqual([{ type: 'nonmonotonic-poll', ops: [second, third] }]);
  });
});

describe('int-poll-skip and int-nonmonotonic-poll', () => {
  const single = (records: Array<[number, number]>) => {
    const h = threeRecords();
    return { h, poll: h.poll(1, { 1: records }) };
  };

  it('reports a gap inside one poll', () => {
    const { h, poll } = single([
      [0, 10],
      [2, 12],
    ]);
    expect(failures(checkQueue(h.ops))).toEqual([{ type: 'int-poll-skip', ops: [poll] }]);
  });

  it('reports a step back inside one poll', () => {
    const { h, poll } = single([
      [1, 11],
      [0, 10],
    ]);
    expect(failures(checkQueue(h.ops))).toEqual([{ type: 'int-nonmonotonic-poll', ops: [poll] }]);
  });

  it('is silent for a contiguous poll', () => {
    expect(
      checkQueue(
        single([
          [0, 10],
          [1, 11],
          [2, 12],
        ]).h.ops,
      ).anomalies,
    ).toEqual([]);
  });

  it('reports a gap between two polls of one txn as internal, even with group rebalances', () => {
    const h = threeRecords();
    const txn = h.txn(1, [
      ['poll', { 1: [[0, 10]] }],
      ['poll', { 1: [[2, 12]] }],
    ]);
    expect(failures(checkQueue(h.ops, { groupRebalances: true, txn: true }))).toEqual([{ type: 'int-poll-skip', ops: [txn] }]);
  });
});

describe('nonmonotonic-send', () => {
  it('reports a process whose next send to a key got a lower offset (a process-order write cycle too)', () => {
    const h = new HistoryWriter();
    const first = h.send(0, 1, 10, 1);
    const second = h.send(0, 1, 11, 0);
    h.poll(1, {
      1: [
        [0, 11],
        [1, 10],
      ],
    });
    expect(failures(checkQueue(h.ops))).toEqual([
      { type: 'nonmonotonic-send', ops: [first, second] },
      { type: 'G0-process', ops: [first, second] },
    ]);
  });

  it('is silent when offsets increase', () => {
    const h = new HistoryWriter();
    h.send(0, 1, 10, 0);
    h.send(0, 1, 11, 1);
    h.poll(1, {
      1: [
        [0, 10],
        [1, 11],
      ],
    });
    expect(checkQueue(h.ops).anomalies).toEqual([]);
  });
});

describe('int-nonmonotonic-send', () => {
  it('reports sends of one txn landing in reverse order, and is silent in order', () => {
    const reversed = new HistoryWriter();
    const txn = reversed.txn(0, [
      ['send', 1, 10, 1],
      ['send', 1, 11, 0],
    ]);
    reversed.poll(1, {
      1: [
        [0, 11],
        [1, 10],
      ],
    });
    expect(failures(checkQueue(reversed.ops, { txn: true }))).toEqual([{ type: 'int-nonmonotonic-send', ops: [txn] }]);

    const ordered = new HistoryWriter();
    ordered.txn(0, [
      ['send', 1, 10, 0],
      ['send', 1, 11, 1],
    ]);
    ordered.poll(1, {
      1: [
        [0, 10],
        [1, 11],
      ],
    });
    expect(checkQueue(ordered.ops, { txn: true }).anomalies).toEqual([]);
  });
});

describe('int-send-skip', () => {
  /** A txn sends 10 and 11 to key 1 while another producer's 12 lands at `otherOffset`. */
  const history = (otherOffset: number) => {
    const h = new HistoryWriter();
    const txn = h.begin(0, 'txn', [
      ['send', 1, 10, 0],
      ['send', 1, 11, 2],
    ]);
    const other = h.send(1, 1, 12, otherOffset);
    const committed = txn.finish();
    const records: Array<[number, number]> = [
      [0, 10],
      [2, 11],
      [otherOffset, 12],
    ];
    h.poll(2, { 1: records.sort((a, b) => a[0] - b[0]) });
    return { h, txn: committed, other };
  };

  it('is allowed with transactions, together with the write cycle it makes', () => {
    const { h, txn, other } = history(1);
    const result = checkQueue(h.ops, { txn: true });
    expect(allowed(result)).toEqual([
      { type: 'int-send-skip', ops: [txn] },
      { type: 'G0', ops: [other, txn] },
    ]);
    expect(result.valid).toBe(true);
  });

  it('fails without transactions (the write cycle is then just two interleaved, non-atomic ops)', () => {
    const { h, txn, other } = history(1);
    const result = checkQueue(h.ops, { txn: false });
    expect(failures(result)).toEqual([{ type: 'int-send-skip', ops: [txn] }]);
    expect(allowed(result)).toEqual([{ type: 'G0', ops: [other, txn] }]);
  });

  it('is silent when the other record lands after the txn’s', () => {
    expect(checkQueue(history(3).h.ops, { txn: false }).anomalies).toEqual([]);
  });
});
