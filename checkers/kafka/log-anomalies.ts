// Stage 3a: anomalies of the log itself — one offset with two values (inconsistent-offsets), one value at two offsets (duplicate).

import type { CheckContext } from './context.ts';
import { describeTxn, distinct, labelled, sample } from './explain.ts';
import type { QueueHistory } from './ingest.ts';
import type { DuplicatedValue, OffsetConflict } from './logs.ts';
import { Status } from './tables.ts';

/** Calls `visit(row)` for every polled record of the given keys. */
function forEachReadOf(history: QueueHistory, keyIds: ReadonlySet<number>, visit: (row: number) => void): void {
  const readKey = history.reads.key.view();
  for (let row = 0; row < readKey.length; row++) if (keyIds.has(readKey[row] as number)) visit(row);
}

/** Who saw which value at a conflicting offset. */
interface ValueWitnesses {
  readers: number[];
  acknowledged: number[];
}

function conflictWitnesses(history: QueueHistory, conflicts: readonly OffsetConflict[]): Map<string, Map<number, ValueWitnesses>> {
  const slot = (keyId: number, offset: number) => `${keyId}:${offset}`;
  const byConflict = new Map<string, Map<number, ValueWitnesses>>();
  for (const c of conflicts) {
    byConflict.set(slot(c.keyId, c.offset), new Map(c.values.map((v) => [v, { readers: [], acknowledged: [] }])));
  }
  const witnessOf = (keyId: number, offset: number, value: number) => byConflict.get(slot(keyId, offset))?.get(value);
  const { reads, writes, txns } = history;
  forEachReadOf(history, new Set(conflicts.map((c) => c.keyId)), (row) => {
    witnessOf(reads.key.get(row), reads.offset.get(row), reads.value.get(row))?.readers.push(reads.txn.get(row));
  });
  for (let row = 0; row < writes.length; row++) {
    const txn = writes.txn.get(row);
    if (txns.status.get(txn) !== Status.ok) continue;
    witnessOf(writes.key.get(row), writes.offset.get(row), writes.value.get(row))?.acknowledged.push(txn);
  }
  return byConflict;
}

function reportInconsistentOffsets(ctx: CheckContext): void {
  const { history, logs } = ctx;
  if (logs.conflicts.length === 0) return;
  const witnesses = conflictWitnesses(history, logs.conflicts);
  const ref = (txn: number) => history.txns.refIndex(txn);
  for (const conflict of logs.conflicts) {
    ctx.anomalies.add('inconsistent-offsets', false, () => {
      const key = history.keys.keyOf(conflict.keyId);
      const byValue = witnesses.get(`${conflict.keyId}:${conflict.offset}`) as Map<number, ValueWitnesses>;
      const observations = conflict.values.map((value) => {
        const w = byValue.get(value) as ValueWitnesses;
        return { value, readBy: distinct(w.readers).map(ref), acknowledgedTo: distinct(w.acknowledged).map(ref) };
      });
      const sentences = observations.map((o) => {
        const parts = [];
        if (o.readBy.length > 0) parts.push(`read by ${labelled('op', o.readBy, 5)}`);
        if (o.acknowledgedTo.length > 0) parts.push(`acknowledged to ${labelled('op', o.acknowledgedTo, 5)}`);
        return `${o.value} (${parts.join('; ')})`;
      });
      return {
        explanation:
          `Offset ${conflict.offset} of key ${key} was observed holding different values: ${sentences.join(' and ')}. ` +
          'An offset names exactly one record of a partition, so the log changed under its clients — typically a ' +
          'truncation after a leader change that replaced records already acknowledged or read.',
        ops: observations.flatMap((o) => [...sample(o.readBy, 10), ...sample(o.acknowledgedTo, 10)]),
        details: { key, offset: conflict.offset, values: conflict.values, observations },
      };
    });
  }
}

function duplicateReaders(history: QueueHistory, duplicates: readonly DuplicatedValue[]): Map<string, Map<number, number[]>> {
  const slot = (keyId: number, value: number) => `${keyId}:${value}`;
  const byValue = new Map<string, Map<number, number[]>>(duplicates.map((d) => [slot(d.keyId, d.value), new Map()]));
  const { reads } = history;
  forEachReadOf(history, new Set(duplicates.map((d) => d.keyId)), (row) => {
    const readersByOffset = byValue.get(slot(reads.key.get(row), reads.value.get(row)));
    if (!readersByOffset) return;
    const offset = reads.offset.get(row);
    const readers = readersByOffset.get(offset) ?? [];
    readersByOffset.set(offset, readers);
    readers.push(reads.txn.get(row));
  });
  return byValue;
}

function reportDuplicates(ctx: CheckContext): void {
  const { history, logs, policy } = ctx;
  if (logs.duplicates.length === 0) return;
  const readersOf = duplicateReaders(history, logs.duplicates);
  const ref = (txn: number) => history.txns.refIndex(txn);
  for (const dup of logs.duplicates) {
    ctx.anomalies.add('duplicate', !policy.idempotent, () => {
      const key = history.keys.keyOf(dup.keyId);
      const log = logs.byKey[dup.keyId];
      const offsets = dup.positions.map((p) => log?.offsets[p] as number);
      const readersByOffset = readersOf.get(`${dup.keyId}:${dup.value}`) ?? new Map<number, number[]>();
      const readers = offsets.map((offset) => ({ offset, ops: distinct(readersByOffset.get(offset) ?? []).map(ref) }));
      const writeRow = history.writerOf[dup.keyId]?.get(dup.value);
      const writer = writeRow === undefined ? undefined : history.writes.txn.get(writeRow);
      const where = readers.map((r) => (r.ops.length > 0 ? `${r.offset} (read by ${labelled('op', r.ops, 5)})` : `${r.offset}`)).join(', ');
      const origin = writer === undefined ? 'No op in the history sent it.' : `It was sent once, by ${describeTxn(history, writer)}.`;
      const verdict = policy.idempotent
        ? 'With the idempotent producer each send is appended at most once, so the log holds a duplicate write.'
        : 'Without the idempotent producer Kafka may append a retried send twice, so this is allowed.';
      return {
        explanation: `Value ${dup.value} of key ${key} sits at ${offsets.length} offsets: ${where}. ${origin} ${verdict}`,
        ops: [...(writer === undefined ? [] : [ref(writer)]), ...readers.flatMap((r) => sample(r.ops, 10))],
        details: { key, value: dup.value, offsets, writer: writer === undefined ? null : ref(writer), readers },
      };
    });
  }
}

export function reportLogAnomalies(ctx: CheckContext): void {
  reportInconsistentOffsets(ctx);
  reportDuplicates(ctx);
}
