// A value read twice is Kafka's anomaly only when the client sent it once; a send the client put on the wire more
// than once (counted per op) may land twice, which Kafka's model allows without idempotence.
import { describe, expect, it } from 'vitest';
import { checkLostWrites } from '../../../checkers/lost-writes/index.ts';
import type { Op } from '../../../core/history/op.ts';

function history(requests: number | undefined, completion: 'ok' | 'info' = 'ok'): Op[] {
  const ops: Array<Omit<Op, 'index' | 'time'>> = [
    { type: 'invoke', process: 0, f: 'send', value: { value: 7, partition: 0 } },
    {
      type: completion,
      process: 0,
      f: 'send',
      value: { value: 7, partition: 0, ...(completion === 'ok' ? { offset: 0 } : {}) },
      ...(requests === undefined ? {} : { requests }),
    },
    { type: 'invoke', process: 1, f: 'send', value: { value: 8, partition: 0 } },
    { type: 'ok', process: 1, f: 'send', value: { value: 8, partition: 0, offset: 2 }, requests: 1 },
    { type: 'invoke', process: 2, f: 'read', value: { partition: 0 } },
    {
      type: 'ok',
      process: 2,
      f: 'read',
      value: {
        partition: 0,
        endOffset: 3,
        records: [
          [0, 7],
          [1, 7],
          [2, 8],
        ],
      },
    },
  ];
  return ops.map((op, index) => ({ ...op, index, time: index * 1000 }));
}

describe('duplicates and client resends', () => {
  it('one request, read twice: Kafka duplicated it — invalid', () => {
    const r = checkLostWrites(history(1));
    expect(r.valid).toBe(false);
    expect(r.anomalies).toMatchObject([{ type: 'duplicated' }]);
    expect(r.anomalies[0]!.allowed).toBeUndefined();
  });

  it('two requests for the op: the client resent it — reported, allowed, valid', () => {
    const r = checkLostWrites(history(2));
    expect(r.valid).toBe(true);
    expect(r.anomalies).toMatchObject([{ type: 'duplicated', allowed: true }]);
    expect(r.anomalies[0]!.explanation).toMatch(/2 Produce requests \(a resend, no idempotence\)/);
  });

  it('a timed-out op of a retrying producer may have been resent: allowed; without retries it is not', () => {
    expect(checkLostWrites(history(undefined, 'info'), { retries: 3 }).valid).toBe(true);
    expect(checkLostWrites(history(undefined, 'info'), { retries: 0 }).valid).toBe(false);
  });
});
