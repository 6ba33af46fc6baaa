// Which records of one fetched partition a consumer may return, per isolation level — the Java consumer's algorithm
// (CompletedFetch.nextFetchedRecord), written out because @platformatic/kafka 1.35's read_committed filter is wrong:
// it keys aborted transactions by producer id alone (a producer's earlier aborted transaction in the same response is
// returned as if committed) and keeps aborted records whose abort marker lies beyond the response.
//
// read_committed: the broker returns data up to the last stable offset plus the list of aborted transactions
// (producerId, firstOffset) overlapping the range. Walking batches in offset order, a producer becomes "aborted" once
// a batch reaches its aborted transaction's first offset, and stops being aborted at its ABORT control marker;
// transactional batches of an aborted producer are skipped. Control batches are never returned.

/** The fields of a fetched record batch this needs (a subset of @platformatic/kafka's RecordsBatch). */
export interface BatchLike {
  firstOffset: bigint;
  lastOffsetDelta: number;
  attributes: number;
  producerId: bigint;
  records: ReadonlyArray<{ offsetDelta: number; key: Buffer | null; value: Buffer | null }>;
}

export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

export interface VisibleRecord {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
}

export interface VisibleRecords {
  records: VisibleRecord[];
  /** Where the next fetch should start: one past the last offset covered by the batches (fromOffset if none). */
  nextOffset: number;
}

export type IsolationLevel = 'read_committed' | 'read_uncommitted';

export const TRANSACTIONAL_BATCH = 0x10;
export const CONTROL_BATCH = 0x20;
/** Control record key: int16 version, int16 type (0 = ABORT, 1 = COMMIT). */
const ABORT_MARKER = 0;

export const isolationCode = (level: IsolationLevel): 0 | 1 => (level === 'read_committed' ? 1 : 0);

function isAbortMarker(batch: BatchLike): boolean {
  if ((batch.attributes & CONTROL_BATCH) === 0) return false;
  const key = batch.records[0]?.key;
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER;
}

/**
 * The records at or after `fromOffset` that a consumer with `isolation` returns, in offset order.
 * `aborted` is the fetch response's aborted-transaction list (ignored for read_uncommitted).
 */
export function visibleRecords(
  batches: readonly BatchLike[],
  aborted: readonly AbortedTransaction[],
  fromOffset: number,
  isolation: IsolationLevel,
): VisibleRecords {
  const pending = [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const abortedProducers = new Set<bigint>();
  const records: VisibleRecord[] = [];
  let nextOffset = fromOffset;
  for (const batch of batches) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    if (Number(lastOffset) >= nextOffset) nextOffset = Number(lastOffset) + 1;
    if (isolation === 'read_committed' && batch.producerId >= 0n) {
      while (pending.length > 0 && pending[0]!.firstOffset <= lastOffset) abortedProducers.add(pending.shift()!.producerId);
      if (isAbortMarker(batch)) {
        abortedProducers.delete(batch.producerId);
        continue;
      }
      if ((batch.attributes & TRANSACTIONAL_BATCH) !== 0 && abortedProducers.has(batch.producerId)) continue;
    }
    if ((batch.attributes & CONTROL_BATCH) !== 0) continue;
    for (const record of batch.records) {
      const offset = Number(batch.firstOffset) + record.offsetDelta;
      if (offset >= fromOffset) records.push({ offset, key: record.key, value: record.value });
    }
  }
  return { records, nextOffset };
}
