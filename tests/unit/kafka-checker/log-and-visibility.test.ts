// Kafka checker: anomalies of the log (inconsistent-offsets, duplicate) and of visibility (lost-write, unseen,
// aborted-read, precommitted-read, phantom-read), each next to a near-identical history without it.

import { describe, expect, it } from 'vitest';
import { checkQueue } from '../../../checkers/kafka/index.ts';
import { allowed, failures, only } from './assertions.ts';
import { HistoryWriter } from './history.ts';

describe('inconsistent-offsets', () => {
  const history = (secondOffset: number) => {
    const h = new HistoryWriter();
    const a = h.send(0, 1, 10, 0);
    const b = h.send(1, 1, 11, secondOffset);
    const read = h.poll(2, { 1: [[0, 10]] });
    return { h, a, b, read };
  };

  it('reports one offset acknowledged or read with two values', () => {
    const { h, a, b, read } = history(0);
    const result = checkQueue(h.ops);
    expect(failures(result)).toEqual([{ type: 'inconsistent-offsets', ops: [a, b, read] }]);
    const anomaly = only(result, 'inconsistent-offsets');
    expect(anomaly.details).toMatchObject({
      key: 1,
      offset: 0,
      values: [10, 11],
      observations: [
        { value: 10, readBy: [read], acknowledgedTo: [a] },
        { value: 11, readBy: [], acknowledgedTo: [b] },
      ],
    });
    expect(result.valid).toBe(false);
  });

  it('is silent when the offsets differ', () => {
    const { h, b } = history(1);
    const result = checkQueue(h.ops);
    expect(failures(result)).toEqual([]);
    expect(allowed(result)).toEqual([{ type: 'unseen', ops: [b] }]);
    expect(result.valid).toBe(true);
  });
});

describe('duplicate', () => {
  const history = (records: Array<[number, number]>) => {
    const h = new HistoryWriter();
    const send = h.send(0, 1, 10, 0);
    const read = h.poll(1, { 1: records });
    return { h, send, read };
  };

  it('fails with the idempotent producer', () => {
    const { h, send, read } = history([
      [0, 10],
      [1, 10],
    ]);
    const result = checkQueue(h.ops, { idempotent: true });
    expect(failures(result)).toEqual([{ type: 'duplicate', ops: [send, read] }]);
    expect(only(result, 'duplicate').details).toMatchObject({ key: 1, value: 10, offsets: [0, 1], writer: send });
  });

  it('is allowed without the idempotent producer', () => {
    const { h, send, read } = history([
      [0, 10],
      [1, 10],
    ]);
    const result = checkQueue(h.ops, { idempotent: false });
    expect(failures(result)).toEqual([]);
    expect(allowed(result)).toEqual([{ type: 'duplicate', ops: [send, read] }]);
    expect(result.valid).toBe(true);
  });

  it('is silent when the value is read once', () => {
    const { h } = history([[0, 10]]);
    expect(checkQueue(h.ops, { idempotent: true }).anomalies).toEqual([]);
  });
});

describe('lost-write and unseen', () => {
  const history = (laterReader: Array<[number, number]> | null) => {
    const h = new HistoryWriter();
    const sends = [h.send(0, 1, 10, 0), h.send(0, 1, 11, 1), h.send(0, 1, 12, 2)];
    const first = h.poll(1, { 1: [[0, 10]] });
    const second = laterReader ? h.poll(2, { 1: laterReader }) : -1;
    return { h, sends, first, second };
  };

  it('reports an acknowledged send below the highest polled offset that nobody read', () => {
    const { h, sends, second } = history([[2, 12]]);
    const result = checkQueue(h.ops);
    expect(failures(result)).toEqual([{ type: 'lost-write', ops: [sends[1], second] }]);
    expect(only(result, 'lost-write').details).toMatchObject({ key: 1, value: 11, offset: 1, maxPolledOffset: 2, maxPolledBy: second });
  });

  it('is silent when every send is read', () => {
    const { h } = history([
      [1, 11],
      [2, 12],
    ]);
    expect(checkQueue(h.ops).anomalies).toEqual([]);
  });

  it('counts sends nobody reached as unseen, without failing the run', () => {
    const { h, sends } = history(null);
    const result = checkQueue(h.ops);
    expect(failures(result)).toEqual([]);
    expect(allowed(result)).toEqual([{ type: 'unseen', ops: [sends[1], sends[2]] }]);
    expect(only(result, 'unseen').details).toMatchObject({ key: 1, count: 2, values: [11, 12], maxPolledOffset: 0 });
    expect(result.stats.unseen).toBe(2);
    expect(result.valid).toBe(true);
  });

  it('treats an acknowledged send with unknown offset as unseen, never lost', () => {
    const h = new HistoryWriter();
    const send = h.send(0, 1, 10, null);
    h.send(0, 1, 11, 1);
    h.poll(1, { 1: [[1, 11]] });
    const result = checkQueue(h.ops);
    expect(failures(result)).toEqual([]);
    expect(allowed(result)).toEqual([{ type: 'unseen', ops: [send] }]);
  });
});

describe('aborted-read', () => {
  const history = (readAborted: boolean) => {
    const h = new HistoryWriter();
    const aborted = h.txn(0, [['send', 1, 10, 0]], 'fail');
    const committed = h.txn(0, [['send', 1, 11, 2]]);
    const read = h.poll(1, {
      1: readAborted
        ? [
            [0, 10],
            [2, 11],
          ]
        : [[2, 11]],
    });
    return { h, aborted, committed, read };
  };

  it('fails under read_committed when a poll returns a failed txn’s write', () => {
    const { h, aborted, read } = history(true);
    const result = checkQueue(h.ops, { txn: true });
    expect(failures(result)).toEqual([{ type: 'aborted-read', ops: [aborted, read] }]);
    expect(only(result, 'aborted-read').details).toMatchObject({ key: 1, value: 10, offsets: [0], writer: aborted, readers: [read] });
  });

  it('is allowed under read_uncommitted', () => {
    const { h, aborted, read } = history(true);
    const result = checkQueue(h.ops, { txn: true, isolation: 'read_uncommitted' });
    expect(allowed(result)).toEqual([{ type: 'aborted-read', ops: [aborted, read] }]);
    expect(result.valid).toBe(true);
  });

  it('is silent when the aborted write stays invisible', () => {
    const { h } = history(false);
    expect(checkQueue(h.ops, { txn: true }).anomalies).toEqual([]);
  });

  it('fails for a failed plain send even under read_uncommitted', () => {
    const h = new HistoryWriter();
    const send = h.send(0, 1, 10, null, 'fail');
    const read = h.poll(1, { 1: [[0, 10]] });
    const result = checkQueue(h.ops, { isolation: 'read_uncommitted' });
    expect(failures(result)).toEqual([{ type: 'aborted-read', ops: [send, read] }]);
  });
});

describe('precommitted-read', () => {
  it('reports a poll that completed before the write was invoked (also a write-read / real-time cycle)', () => {
    const h = new HistoryWriter();
    const read = h.poll(1, { 1: [[0, 10]] });
    const send = h.begin(0, 'send', [['send', 1, 10, 0]]);
    const sent = send.finish();
    const result = checkQueue(h.ops);
    expect(failures(result)).toEqual([
      { type: 'precommitted-read', ops: [read, send.invoked] },
      { type: 'G1c-realtime', ops: [read, sent] },
    ]);
  });

  it('is silent when the write was already in flight', () => {
    const h = new HistoryWriter();
    const send = h.begin(0, 'send', [['send', 1, 10, 0]]);
    h.poll(1, { 1: [[0, 10]] });
    send.finish();
    expect(checkQueue(h.ops).anomalies).toEqual([]);
  });
});

describe('phantom-read', () => {
  it('reports a value no op ever sent, and is silent once it was sent', () => {
    const h = new HistoryWriter();
    const read = h.poll(1, { 1: [[0, 10]] });
    expect(failures(checkQueue(h.ops))).toEqual([{ type: 'phantom-read', ops: [read] }]);

    const sent = new HistoryWriter();
    sent.send(0, 1, 10, 0);
    sent.poll(1, { 1: [[0, 10]] });
    expect(checkQueue(sent.ops).anomalies).toEqual([]);
  });
});
