// Kafka checker input handling: malformed ops throw `op <index>: ...`; contradictory but well-formed histories give
// anomalies, not crashes; faults are attributed to anomalies by role; bookkeeping and unfinished ops are handled.

import { describe, expect, it } from 'vitest';
import type { Op } from '../../../core/history/op.ts';
import { checkQueue } from '../../../checkers/kafka/index.ts';
import { attributeAnomalies } from '../../../checkers/causality/index.ts';
import { allowed, failures, only } from './assertions.ts';
import { HistoryWriter } from './history.ts';

describe('malformed ops', () => {
  const check = (build: (h: HistoryWriter) => void) => () => {
    const h = new HistoryWriter();
    build(h);
    checkQueue(h.ops);
  };

  it.each([
    ['a value that is not a list', (h: HistoryWriter) => h.invoke(0, 'send', { key: 1 }), /^op 0: send value must be an array of micro-ops/],
    [
      'two micro-ops in a send op',
      (h: HistoryWriter) =>
        h.invoke(0, 'send', [
          ['send', 1, 1],
          ['send', 1, 2],
        ]),
      /^op 0: a send op carries exactly one micro-op, got 2/,
    ],
    ['an unknown micro-op', (h: HistoryWriter) => h.invoke(0, 'txn', [['read', 1]]), /^op 0: micro-op 0: unknown micro-op "read"/],
    ['a non-integer key', (h: HistoryWriter) => h.invoke(0, 'send', [['send', 'k', 1]]), /^op 0: micro-op 0: send must be \["send", key, value\]/],
    [
      'an ok send without [offset, value]',
      (h: HistoryWriter) => {
        h.invoke(0, 'send', [['send', 1, 10]]);
        h.complete(0, 'ok', 'send', [['send', 1, 10]]);
      },
      /^op 1: micro-op 0: an ok send must complete as \["send", key, \[offset, value\]\]/,
    ],
    [
      'a poll record without an offset',
      (h: HistoryWriter) => {
        h.invoke(0, 'poll', [['poll']]);
        h.complete(0, 'ok', 'poll', [['poll', { 1: [[null, 10]] }]]);
      },
      /^op 1: micro-op 0: poll record 0 of key 1 must be \[offset, value\]/,
    ],
    [
      'reassigned keys that are not integers',
      (h: HistoryWriter) => {
        h.invoke(0, 'poll', [['poll']]);
        h.complete(0, 'ok', 'poll', [['poll', {}, ['1']]]);
      },
      /^op 1: micro-op 0: a poll's reassigned keys must be an array of integers, got \["1"\]/,
    ],
    [
      'a poll completion with a fourth element',
      (h: HistoryWriter) => {
        h.invoke(0, 'poll', [['poll']]);
        h.complete(0, 'ok', 'poll', [['poll', {}, [], 4]]);
      },
      /^op 1: micro-op 0: an ok poll must complete as/,
    ],
    [
      'a completion that changes the sent value',
      (h: HistoryWriter) => {
        h.invoke(0, 'send', [['send', 1, 10]]);
        h.complete(0, 'ok', 'send', [['send', 1, [0, 11]]]);
      },
      /^op 1: micro-op 0: completion reports 11 sent to key 1 but the invocation sent 10 to key 1/,
    ],
    [
      'a txn completion with fewer micro-ops',
      (h: HistoryWriter) => {
        h.invoke(0, 'txn', [['send', 1, 10], ['poll']]);
        h.complete(0, 'ok', 'txn', [['send', 1, [0, 10]]]);
      },
      /^op 1: completion has 1 micro-op\(s\) but its invocation had 2/,
    ],
    [
      'a completion without invocation',
      (h: HistoryWriter) => h.complete(0, 'ok', 'send', [['send', 1, [0, 10]]]),
      /^op 0: ok completion of send by process 0 has no pending invocation/,
    ],
    [
      'a second invocation while one is pending',
      (h: HistoryWriter) => {
        h.invoke(0, 'send', [['send', 1, 10]]);
        h.invoke(0, 'poll', [['poll']]);
      },
      /^op 1: process 0 invoked poll while op 0 \(send\) was still pending/,
    ],
  ])('rejects %s', (_name, build, message) => {
    expect(check(build)).toThrow(message);
  });
});

describe('contradictory histories', () => {
  it('reports anomalies instead of failing when polls contradict sends', () => {
    const h = new HistoryWriter();
    h.send(0, 1, 10, 0);
    h.send(0, 1, 11, 1);
    h.poll(1, {
      1: [
        [0, 11],
        [1, 10],
        [1, 99],
        [0, 11],
      ],
    });
    h.poll(2, { 7: [[3, 10]] });
    const result = checkQueue(h.ops, { idempotent: true });
    expect(result.valid).toBe(false);
    expect(new Set(result.anomalies.map((a) => a.type))).toEqual(new Set(['inconsistent-offsets', 'phantom-read', 'int-nonmonotonic-poll', 'G0-process']));
  });

  it('accepts an empty history', () => {
    expect(checkQueue([])).toMatchObject({ checker: 'kafka', valid: true, anomalies: [] });
  });
});

describe('anomaly volume', () => {
  it('counts every anomaly but lists at most 100 per type', () => {
    const h = new HistoryWriter();
    const records: Array<[number, number]> = Array.from({ length: 150 }, (_, i) => [i, 1000 + i]);
    h.poll(1, { 1: records });
    const result = checkQueue(h.ops);
    expect(result.anomalies.filter((a) => a.type === 'phantom-read')).toHaveLength(100);
    expect(result.stats.anomalies).toEqual({ 'phantom-read': { total: 150, allowed: 0, unlisted: 50 } });
    expect(result.valid).toBe(false);
  });
});

describe('causal attribution of queue anomalies', () => {
  it('gives every fault overlapping the ops and the time until the anomaly was seen a role, not the nearest fault before it', () => {
    const h = new HistoryWriter();
    h.nemesis('partition', 'isolate', ['n1']);
    h.nemesis('partition', 'heal', ['n1'], 'stop');
    const killed = h.nemesis('kill', 'kill', ['n2', 'n3']);
    const aborted = h.txn(0, [['send', 1, 10, 0]], 'fail');
    const restarted = h.nemesis('kill', 'restart', ['n2'], 'stop');
    h.poll(1, { 1: [[0, 10]] });
    const [result] = attributeAnomalies([checkQueue(h.ops, { txn: true })], h.ops, []);
    const anomaly = only(result!, 'aborted-read');
    expect(anomaly.ops[0]).toBe(aborted);
    expect(anomaly.details?.nemesis).toBeUndefined();
    const roles = anomaly.attribution!.faults.map((f) => [f.completeIndex, f.family, f.action, f.role]);
    // The partition healed before the transaction began: it is not part of the story.
    expect(roles).toEqual([
      [killed, 'kill', 'kill', 'during-op'],
      [restarted, 'kill', 'restart', 'concurrent'],
    ]);
    expect(anomaly.attribution!.faults[0]!.text).toContain('the history does not say which node that op used');
    expect(anomaly.explanation).toContain('Faults: While its ops ran: kill n2,n3. Also overlapping the window');
  });

  it('says that no fault overlaps when none does', () => {
    const h = new HistoryWriter();
    h.poll(1, { 1: [[0, 10]] });
    h.nemesis('kill', 'kill');
    const [result] = attributeAnomalies([checkQueue(h.ops)], h.ops, []);
    const anomaly = only(result!, 'phantom-read');
    expect(anomaly.attribution!.faults).toEqual([]);
    expect(anomaly.attribution!.summary).toBe('No fault overlaps its ops or the time until it was observed (0.00 s–0.00 s).');
  });
});

describe('bookkeeping and unknown outcomes', () => {
  it('ignores crash/assign ops and treats unfinished ops as info', () => {
    const h = new HistoryWriter();
    h.bookkeeping(0, 'assign', [1]);
    h.invoke(0, 'send', [['send', 1, 10]]);
    h.ops.push({ index: h.ops.length, type: 'info', process: 0, f: 'crash', value: null, time: 0 } satisfies Op);
    h.invoke(1, 'txn', [['send', 1, 11]]);
    h.poll(2, {
      1: [
        [0, 10],
        [1, 11],
      ],
    });
    const result = checkQueue(h.ops);
    expect(result.anomalies).toEqual([]);
    expect(result.stats.transactions).toEqual({ ok: 1, fail: 0, info: 2 });
  });

  it('uses the invocation’s sends for info completions', () => {
    const h = new HistoryWriter();
    h.send(0, 1, 10, null, 'info');
    h.poll(1, { 1: [[0, 10]] });
    expect(checkQueue(h.ops).anomalies).toEqual([]);
  });
});

describe('option matrix', () => {
  /** One history with two duplicates (keys 1 and 3), a write cycle between two txns, and a poll skip after a subscribe. */
  function mixed() {
    const h = new HistoryWriter();
    const t1 = h.begin(0, 'txn', [
      ['send', 1, 10, 0],
      ['send', 2, 20, 1],
    ]);
    const t2 = h.begin(1, 'txn', [
      ['send', 1, 11, 1],
      ['send', 2, 21, 0],
    ]);
    t1.finish();
    t2.finish();
    h.send(3, 3, 30, 0);
    h.send(3, 3, 31, 1);
    h.poll(2, {
      1: [
        [0, 10],
        [1, 11],
        [2, 10],
      ],
      2: [
        [0, 21],
        [1, 20],
      ],
      3: [
        [0, 30],
        [1, 31],
      ],
    });
    h.poll(4, { 3: [[0, 30]] });
    h.bookkeeping(4, 'subscribe', [3]);
    h.poll(4, { 3: [[2, 30]] });
    return h.ops;
  }

  it.each([
    [{ txn: true, idempotent: false, groupRebalances: true }, ['duplicate', 'duplicate', 'G0', 'poll-skip'], []],
    [{ txn: true, idempotent: true, groupRebalances: true }, ['G0', 'poll-skip'], ['duplicate', 'duplicate']],
    // Without transactions a multi-send op is not atomic: the write cycle is an interleaving of four independent sends.
    [{ txn: false, idempotent: false, groupRebalances: true }, ['duplicate', 'duplicate', 'G0', 'poll-skip'], []],
    [{ txn: true, idempotent: false, groupRebalances: false }, ['duplicate', 'duplicate', 'G0'], ['poll-skip']],
  ])('classifies with %o', (options, allowedTypes, failedTypes) => {
    const result = checkQueue(mixed(), options);
    expect(
      allowed(result)
        .map((a) => a.type)
        .sort(),
    ).toEqual([...allowedTypes].sort());
    expect(
      failures(result)
        .map((a) => a.type)
        .sort(),
    ).toEqual([...failedTypes].sort());
    expect(result.valid).toBe(failedTypes.length === 0);
  });
});
