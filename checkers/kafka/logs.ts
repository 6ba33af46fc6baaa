// Stage 2: the per-key log (offset → value) built from every polled record and every acknowledged send offset.

import type { QueueHistory } from './ingest.ts';
import { Status } from './tables.ts';

export interface KeyLog {
  /** Known offsets, ascending and distinct. A position is an index into this array. */
  offsets: Float64Array;
  /** The value at each position (the first one observed, should observations disagree). */
  values: Float64Array;
  /** value → its lowest position. */
  firstPosition: Map<number, number>;
  /** Highest offset any poll returned, -1 when the key was never polled. */
  maxPolledOffset: number;
  /** The read row that returned it, -1 when none. */
  maxPolledRead: number;
}

/** One offset of a key observed with several values. */
export interface OffsetConflict {
  keyId: number;
  offset: number;
  values: number[];
}

/** One value found at several offsets of a key. */
export interface DuplicatedValue {
  keyId: number;
  value: number;
  positions: number[];
}

export interface KeyLogs {
  byKey: KeyLog[];
  conflicts: OffsetConflict[];
  duplicates: DuplicatedValue[];
}

/** The position of `offset` in `log`, or -1 when that offset is not known. */
export function positionOf(log: KeyLog, offset: number): number {
  const { offsets } = log;
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = offsets[mid] as number;
    if (at === offset) return mid;
    if (at < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Accumulates offset → value observations per key, remembering disagreements. */
class ObservationSet {
  readonly valueAt: Array<Map<number, number>>;
  private readonly disagreements = new Map<number, Map<number, Set<number>>>();

  constructor(keyCount: number) {
    this.valueAt = Array.from({ length: keyCount }, () => new Map<number, number>());
  }

  observe(keyId: number, offset: number, value: number): void {
    const byOffset = this.valueAt[keyId] as Map<number, number>;
    const seen = byOffset.get(offset);
    if (seen === undefined) byOffset.set(offset, value);
    else if (seen !== value) this.disagree(keyId, offset, seen, value);
  }

  private disagree(keyId: number, offset: number, first: number, other: number): void {
    let byOffset = this.disagreements.get(keyId);
    if (!byOffset) this.disagreements.set(keyId, (byOffset = new Map()));
    let values = byOffset.get(offset);
    if (!values) byOffset.set(offset, (values = new Set([first])));
    values.add(other);
  }

  conflicts(): OffsetConflict[] {
    const out: OffsetConflict[] = [];
    for (const [keyId, byOffset] of this.disagreements) {
      for (const [offset, values] of byOffset) out.push({ keyId, offset, values: [...values] });
    }
    return out.sort((a, b) => a.keyId - b.keyId || a.offset - b.offset);
  }
}

function sortedLog(valueAt: Map<number, number>, duplicates: DuplicatedValue[], keyId: number): KeyLog {
  const offsets = Float64Array.from(valueAt.keys()).sort();
  const values = new Float64Array(offsets.length);
  const firstPosition = new Map<number, number>();
  const repeats = new Map<number, number[]>();
  for (let position = 0; position < offsets.length; position++) {
    const value = valueAt.get(offsets[position] as number) as number;
    values[position] = value;
    const first = firstPosition.get(value);
    if (first === undefined) firstPosition.set(value, position);
    else {
      const positions = repeats.get(value);
      if (positions) positions.push(position);
      else repeats.set(value, [first, position]);
    }
  }
  for (const [value, positions] of repeats) duplicates.push({ keyId, value, positions });
  return { offsets, values, firstPosition, maxPolledOffset: -1, maxPolledRead: -1 };
}

/** Builds every key's log; records offsets seen with two values and values seen at two offsets. */
export function buildKeyLogs(history: QueueHistory): KeyLogs {
  const { reads, writes, txns } = history;
  const keyCount = history.keys.count;
  const observations = new ObservationSet(keyCount);
  const maxPolledOffset = new Float64Array(keyCount).fill(-1);
  const maxPolledRead = new Int32Array(keyCount).fill(-1);

  const readKey = reads.key.view();
  const readOffset = reads.offset.view();
  const readValue = reads.value.view();
  for (let row = 0; row < readKey.length; row++) {
    const keyId = readKey[row] as number;
    const offset = readOffset[row] as number;
    observations.observe(keyId, offset, readValue[row] as number);
    if (offset > (maxPolledOffset[keyId] as number)) {
      maxPolledOffset[keyId] = offset;
      maxPolledRead[keyId] = row;
    }
  }

  const writeKey = writes.key.view();
  const writeOffset = writes.offset.view();
  const writeValue = writes.value.view();
  const writeTxn = writes.txn.view();
  for (let row = 0; row < writeKey.length; row++) {
    const offset = writeOffset[row] as number;
    if (Number.isNaN(offset) || txns.status.get(writeTxn[row] as number) !== Status.ok) continue;
    observations.observe(writeKey[row] as number, offset, writeValue[row] as number);
  }

  const duplicates: DuplicatedValue[] = [];
  const byKey = observations.valueAt.map((valueAt, keyId) => {
    const log = sortedLog(valueAt, duplicates, keyId);
    log.maxPolledOffset = maxPolledOffset[keyId] as number;
    log.maxPolledRead = maxPolledRead[keyId] as number;
    return log;
  });
  return { byKey, conflicts: observations.conflicts(), duplicates };
}
