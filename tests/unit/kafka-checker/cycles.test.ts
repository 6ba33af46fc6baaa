// Kafka checker: dependency cycles — G0, G1c and their -process / -realtime variants — with edge-by-edge explanations.

import { describe, expect, it } from 'vitest';
import { checkQueue } from '../../../checkers/kafka/index.ts';
import { allowed, failures, only } from './assertions.ts';
import { HistoryWriter, readsOfEachOther } from './history.ts';

describe('G0', () => {
  /** Two concurrent txns write keys 1 and 2; T2's write to key 2 lands at `t2Key2Offset` (T1's is at 1). */
  const history = (t2Key2Offset: number) => {
    const h = new HistoryWriter();
    const t1 = h.begin(0, 'txn', [
      ['send', 1, 10, 0],
      ['send', 2, 20, 1],
    ]);
    const t2 = h.begin(1, 'txn', [
      ['send', 1, 11, 1],
      ['send', 2, 21, t2Key2Offset],
    ]);
    const t1Done = t1.finish();
    const t2Done = t2.finish();
    const key2: Array<[number, number]> = [
      [1, 20],
      [t2Key2Offset, 21],
    ];
    h.poll(2, {
      1: [
        [0, 10],
        [1, 11],
      ],
      2: key2.sort((a, b) => a[0] - b[0]),
    });
    return { h, t1: t1Done, t2: t2Done };
  };

  it('is allowed with transactions and explained edge by edge', () => {
    const { h, t1, t2 } = history(0);
    const result = checkQueue(h.ops, { txn: true });
    expect(allowed(result)).toEqual([{ type: 'G0', ops: [t1, t2] }]);
    expect(result.valid).toBe(true);
    const anomaly = only(result, 'G0');
    expect(anomaly.explanation).toContain(
      `T1 (op ${t1}) wrote 10 to key 1 at offset 0, and T2 (op ${t2}) wrote 11 to key 1 at offset 1, later in the log, so T1 <ww T2`,
    );
    expect(anomaly.explanation).toContain(
      `T2 (op ${t2}) wrote 21 to key 2 at offset 0, and T1 (op ${t1}) wrote 20 to key 2 at offset 1, later in the log, so T2 <ww T1`,
    );
    expect(anomaly.details?.edges).toEqual([
      { from: 'T1', to: 'T2', kind: 'ww', key: 1, fromValue: 10, fromOffset: 0, toValue: 11, toOffset: 1 },
      { from: 'T2', to: 'T1', kind: 'ww', key: 2, fromValue: 21, fromOffset: 0, toValue: 20, toOffset: 1 },
    ]);
  });

  it('is allowed without transactions too: two concurrent multi-send ops are not atomic', () => {
    const { h, t1, t2 } = history(0);
    const result = checkQueue(h.ops, { txn: false });
    expect(allowed(result)).toEqual([{ type: 'G0', ops: [t1, t2] }]);
    expect(only(result, 'G0').explanation).toContain('not atomic');
  });

  it('is silent when both keys order the txns the same way', () => {
    expect(checkQueue(history(2).h.ops, { txn: false }).anomalies).toEqual([]);
  });
});

describe('G1c', () => {
  const history = readsOfEachOther;

  it('reports two txns that each read the other’s write', () => {
    const { h, t1, t2 } = history(true);
    const result = checkQueue(h.ops, { txn: true });
    expect(failures(result)).toEqual([{ type: 'G1c', ops: [t1, t2] }]);
    const anomaly = only(result, 'G1c');
    expect(anomaly.explanation).toMatch(/wrote 20 to key 2 and T\d \(op \d+\) read it at offset 0, so T\d <wr T\d/);
    expect(anomaly.explanation).toContain('circular information flow');
  });

  it('is allowed under read_uncommitted', () => {
    const { h, t1, t2 } = history(true);
    expect(allowed(checkQueue(h.ops, { txn: true, isolation: 'read_uncommitted' }))).toEqual([{ type: 'G1c', ops: [t1, t2] }]);
  });

  // Seen against Kafka 4.4.0 under kill: T2 appended to key 7 before T1 did, then read T1's committed write to key 3.
  it('is allowed when the only edge against the reads is a ww edge: appends interleave, commits need not', () => {
    const h = new HistoryWriter();
    const t2 = h.begin(1, 'txn', [
      ['send', 7, 663, 0],
      ['poll', { 3: [[0, 621]] }],
    ]);
    const t1 = h.begin(0, 'txn', [
      ['send', 3, 621, 0],
      ['send', 7, 664, 1],
    ]);
    const t1Done = t1.finish();
    const t2Done = t2.finish();
    h.poll(2, {
      7: [
        [0, 663],
        [1, 664],
      ],
    });
    const result = checkQueue(h.ops, { txn: true });
    expect(allowed(result).filter((a) => a.type.startsWith('G'))).toEqual([{ type: 'G1c', ops: [t1Done, t2Done] }]);
    expect(only(result, 'G1c').explanation).toContain('a ww edge orders two appends, not two transactions');
    expect(result.valid).toBe(true);
  });

  // T1 →wr T2 →ww T1 is a short, allowed interleaving (T2 appended to key 4 before T1, then read T1's committed write);
  // T1 →wr T2 →wr T3 →wr T1 is longer and impossible (each read a committed write of the previous). The short-cycle
  // search meets the allowed one first; the impossible one must still be found.
  it('finds the impossible cycle even when a shorter allowed one joins the same ops', () => {
    const h = new HistoryWriter();
    const t1 = h.begin(0, 'txn', [
      ['send', 4, 41, 1],
      ['send', 1, 10, 0],
      ['poll', { 3: [[0, 30]] }],
    ]);
    const t2 = h.begin(1, 'txn', [
      ['send', 4, 40, 0],
      ['send', 2, 20, 0],
      ['poll', { 1: [[0, 10]] }],
    ]);
    const t3 = h.begin(2, 'txn', [
      ['send', 3, 30, 0],
      ['poll', { 2: [[0, 20]] }],
    ]);
    const [a, b, c] = [t1.finish(), t2.finish(), t3.finish()];
    const result = checkQueue(h.ops, { txn: true });
    expect(allowed(result).filter((x) => x.type.startsWith('G'))).toEqual([{ type: 'G1c', ops: [a, b] }]);
    const failing = result.anomalies.filter((x) => x.type.startsWith('G') && !x.allowed);
    expect(failing.map((x) => ({ type: x.type, ops: [...x.ops].sort((p, q) => p - q) }))).toEqual([{ type: 'G1c', ops: [a, b, c] }]);
    expect((failing[0]!.details?.edges as Array<{ kind: string }>).map((e) => e.kind)).toEqual(['wr', 'wr', 'wr']);
  });

  it('is silent when only one reads the other', () => {
    expect(failures(checkQueue(history(false).h.ops, { txn: true }))).toEqual([]);
  });
});

describe('G0-process', () => {
  /** Process 0 writes key 1 then key 2; a concurrent txn writes key 2 at offset 2 and key 1 before process 0's write. */
  const spanning = (key2Offset: number) => {
    const h = new HistoryWriter();
    const c = h.begin(1, 'txn', [
      ['send', 2, 21, 2],
      ['send', 1, 11, 0],
    ]);
    const a = h.send(0, 1, 10, 1);
    const b = h.send(0, 2, 20, key2Offset);
    return { h, a, b, c: c.finish() };
  };

  it('is allowed when a txn spanning both sends of the process can have appended around them', () => {
    const { h, a, b, c } = spanning(1);
    const result = checkQueue(h.ops, { txn: true });
    expect(allowed(result).filter((x) => x.type.startsWith('G'))).toEqual([{ type: 'G0-process', ops: [a, b, c] }]);
    expect(only(result, 'G0-process').explanation).toContain(`(op ${a}) came before`);
    expect(only(result, 'G0-process').explanation).toContain('do not isolate concurrent writers');
    expect(result.valid).toBe(true);
  });

  it('is silent when the other txn writes key 2 first', () => {
    expect(checkQueue(spanning(3).h.ops, { txn: true }).anomalies.filter((a) => a.type.startsWith('G'))).toEqual([]);
  });

  /**
   * Two processes each send two values, one after the other: process 0 sends key 2 then key 1, process 1 key 1 then
   * key 2, concurrently. The logs put process 0's key-1 send before process 1's and process 1's key-2 send before
   * process 0's: each process's second append precedes the other's first, which no interleaving allows.
   */
  it('fails when process order leaves no interleaving of the appends', () => {
    const h = new HistoryWriter();
    const a = h.begin(0, 'txn', [['send', 2, 20, 1]]);
    const c = h.begin(1, 'txn', [['send', 1, 11, 1]]);
    const aDone = a.finish();
    const cDone = c.finish();
    const b = h.begin(0, 'txn', [['send', 1, 10, 0]]);
    const d = h.begin(1, 'txn', [['send', 2, 21, 0]]);
    const bDone = b.finish();
    const dDone = d.finish();
    const result = checkQueue(h.ops, { txn: true });
    // One contradiction is reported per strongly connected component of moments: here the four-op cycle through
    // process order (the two-op one, a completed before d began yet d's key-2 append precedes a's, is in the same one).
    expect(failures(result).filter((f) => f.type.startsWith('G'))).toEqual([{ type: 'G0-process', ops: [aDone, cDone, bDone, dDone] }]);
    expect(only(result, 'G0-process').explanation).toContain('no interleaving allows it');
    expect(result.valid).toBe(false);
  });
});

describe('G1c-process', () => {
  /** T1 writes keys 1 and 2; process 0 reads T1's key-1 write, then sends to key 2 at `key2Offset` (T1's is at 1). */
  const history = (key2Offset: number) => {
    const h = new HistoryWriter();
    const t1 = h.begin(1, 'txn', [
      ['send', 1, 10, 0],
      ['send', 2, 20, 1],
    ]);
    const read = h.poll(0, { 1: [[0, 10]] });
    const send = h.send(0, 2, 21, key2Offset);
    return { h, t1: t1.finish(), read, send };
  };

  it('reports a cycle through a read and process order', () => {
    const { h, t1, read, send } = history(0);
    expect(failures(checkQueue(h.ops, { txn: true }))).toEqual([{ type: 'G1c-process', ops: [read, send, t1] }]);
  });

  it('is silent when the later send lands after the txn’s write', () => {
    expect(failures(checkQueue(history(2).h.ops, { txn: true }))).toEqual([]);
  });
});

describe('G0-realtime', () => {
  const history = (laterOffset: number) => {
    const h = new HistoryWriter();
    const first = h.send(0, 1, 10, 1);
    const later = h.send(1, 1, 11, laterOffset);
    return { h, first, later };
  };

  it('reports a send invoked after another completed but placed before it', () => {
    const { h, first, later } = history(0);
    const result = checkQueue(h.ops);
    expect(failures(result)).toEqual([{ type: 'G0-realtime', ops: [first, later] }]);
    expect(only(result, 'G0-realtime').explanation).toContain(
      `(op ${first}) completed at index ${first}, before T2 (op ${later}) was invoked at index ${later - 1}`,
    );
  });

  it('is silent when the later send lands later', () => {
    expect(failures(checkQueue(history(2).h.ops))).toEqual([]);
  });
});

describe('G1c-realtime', () => {
  /** T1 (in flight) writes keys 1 and 2; a poll sees its key-1 write; a later op of another process writes key 2. */
  const history = (key2Offset: number) => {
    const h = new HistoryWriter();
    const t1 = h.begin(1, 'txn', [
      ['send', 1, 10, 0],
      ['send', 2, 20, 1],
    ]);
    const read = h.poll(0, { 1: [[0, 10]] });
    const send = h.send(2, 2, 21, key2Offset);
    return { h, t1: t1.finish(), read, send };
  };

  it('reports a cycle through a read and real-time order', () => {
    const { h, t1, read, send } = history(0);
    expect(failures(checkQueue(h.ops, { txn: true }))).toEqual([{ type: 'G1c-realtime', ops: [read, send, t1] }]);
  });

  it('is silent when the later send lands after the txn’s write', () => {
    expect(failures(checkQueue(history(2).h.ops, { txn: true }))).toEqual([]);
  });
});
