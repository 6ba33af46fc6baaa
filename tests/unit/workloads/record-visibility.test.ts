// What a read_committed / read_uncommitted consumer may return from a fetched partition: aborted transactions are
// skipped even when one producer aborted twice in the response or its abort marker lies beyond it (the two cases
// @platformatic/kafka's own filter gets wrong), committed ones and control markers are handled as the Java client does.
import { describe, expect, it } from 'vitest';
import { CONTROL_BATCH, TRANSACTIONAL_BATCH, visibleRecords, type BatchLike } from '../../../systems/kafka/record-visibility.ts';

const COMMIT = 1;
const ABORT = 0;

function data(firstOffset: number, values: string[], producerId = -1, transactional = producerId >= 0): BatchLike {
  return {
    firstOffset: BigInt(firstOffset),
    lastOffsetDelta: values.length - 1,
    attributes: transactional ? TRANSACTIONAL_BATCH : 0,
    producerId: BigInt(producerId),
    records: values.map((v, i) => ({ offsetDelta: i, key: null, value: Buffer.from(v) })),
  };
}

function marker(offset: number, producerId: number, type: number): BatchLike {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(type, 2);
  return {
    firstOffset: BigInt(offset),
    lastOffsetDelta: 0,
    attributes: TRANSACTIONAL_BATCH | CONTROL_BATCH,
    producerId: BigInt(producerId),
    records: [{ offsetDelta: 0, key, value: Buffer.alloc(6) }],
  };
}

const values = (r: ReturnType<typeof visibleRecords>) => r.records.map((x) => `${x.offset}:${x.value?.toString()}`);

describe('visibleRecords', () => {
  // Producer 7: aborted a1,a2 (0-1, marker 2), committed c1 (3, marker 4), aborted a3,a4 (5-6, marker 7), committed c2 (8, marker 9).
  const log = [
    data(0, ['a1', 'a2'], 7),
    marker(2, 7, ABORT),
    data(3, ['c1'], 7),
    marker(4, 7, COMMIT),
    data(5, ['a3', 'a4'], 7),
    marker(7, 7, ABORT),
    data(8, ['c2'], 7),
    marker(9, 7, COMMIT),
  ];
  const aborted = [
    { producerId: 7n, firstOffset: 0n },
    { producerId: 7n, firstOffset: 5n },
  ];

  it('read_committed skips both aborted transactions of one producer in one response and every control marker', () => {
    const r = visibleRecords(log, aborted, 0, 'read_committed');
    expect(values(r)).toEqual(['3:c1', '8:c2']);
    expect(r.nextOffset).toBe(10);
  });

  it('read_uncommitted returns aborted records too, never control markers', () => {
    expect(values(visibleRecords(log, aborted, 0, 'read_uncommitted'))).toEqual(['0:a1', '1:a2', '3:c1', '5:a3', '6:a4', '8:c2']);
  });

  it('skips an aborted transaction whose abort marker is beyond the end of the response', () => {
    const truncated = log.slice(0, 5); // ends with a3,a4; their marker (offset 7) did not fit
    const r = visibleRecords(truncated, aborted, 0, 'read_committed');
    expect(values(r)).toEqual(['3:c1']);
    expect(r.nextOffset).toBe(7);
  });

  it('keeps other producers and non-transactional records that interleave with an aborted transaction', () => {
    const mixed = [data(0, ['x1'], 9), data(1, ['plain']), data(2, ['y1'], 4), marker(3, 9, ABORT), marker(4, 4, COMMIT)];
    expect(values(visibleRecords(mixed, [{ producerId: 9n, firstOffset: 0n }], 0, 'read_committed'))).toEqual(['1:plain', '2:y1']);
  });

  it('returns only records at or after the fetch offset, even from a batch that starts before it', () => {
    const r = visibleRecords([data(10, ['a', 'b', 'c'])], [], 11, 'read_committed');
    expect(values(r)).toEqual(['11:b', '12:c']);
    expect(r.nextOffset).toBe(13);
  });

  it('an empty response leaves the position where it was', () => {
    expect(visibleRecords([], [], 42, 'read_committed')).toEqual({ records: [], nextOffset: 42 });
  });
});
