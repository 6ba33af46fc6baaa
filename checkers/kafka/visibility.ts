// Stage 3b: which writes polls saw — aborted-read, precommitted-read, phantom-read — and which they never saw:
// lost-write (below what polls reached) and unseen (not consumed by the end; informative only).

import type { CheckContext } from './context.ts';
import { capitalize, count, describeTxn, distinct, labelled, sample } from './explain.ts';
import { Status, TxnKind } from './tables.ts';

/** Readers of one written value, with the offsets they read it at. */
interface ReadersOfWrite {
  readers: number[];
  offsets: number[];
}

/** A value polled on a key although no op ever sent it there. */
interface PhantomValue {
  keyId: number;
  value: number;
  readers: number[];
  offsets: number[];
}

function note(map: Map<number, ReadersOfWrite>, writeRow: number, reader: number, offset: number): void {
  const entry = map.get(writeRow) ?? { readers: [], offsets: [] };
  map.set(writeRow, entry);
  if (entry.readers.at(-1) !== reader) entry.readers.push(reader);
  if (!entry.offsets.includes(offset)) entry.offsets.push(offset);
}

export interface VisibilitySummary {
  /** Write rows some poll returned (1) or not (0). */
  writeWasRead: Uint8Array;
  unseen: number;
}

export function reportVisibility(ctx: CheckContext): VisibilitySummary {
  const { history } = ctx;
  const { reads, writes, txns, writerOf } = history;
  const writeWasRead = new Uint8Array(writes.length);
  const aborted = new Map<number, ReadersOfWrite>();
  const precommitted = new Map<number, ReadersOfWrite>();
  const phantoms = new Map<string, PhantomValue>();

  const readKey = reads.key.view();
  const readValue = reads.value.view();
  const readOffset = reads.offset.view();
  const readTxn = reads.txn.view();
  for (let row = 0; row < readKey.length; row++) {
    const keyId = readKey[row] as number;
    const value = readValue[row] as number;
    const reader = readTxn[row] as number;
    const writeRow = writerOf[keyId]?.get(value);
    if (writeRow === undefined) {
      const slot = `${keyId}:${value}`;
      const phantom = phantoms.get(slot) ?? { keyId, value, readers: [], offsets: [] };
      phantoms.set(slot, phantom);
      phantom.readers.push(reader);
      phantom.offsets.push(readOffset[row] as number);
      continue;
    }
    writeWasRead[writeRow] = 1;
    const writer = writes.txn.get(writeRow);
    if (txns.status.get(writer) === Status.fail) note(aborted, writeRow, reader, readOffset[row] as number);
    else if (writer !== reader && txns.completeIndex.get(reader) < txns.invokeIndex.get(writer)) {
      note(precommitted, writeRow, reader, readOffset[row] as number);
    }
  }

  reportAbortedReads(ctx, aborted);
  reportPrecommittedReads(ctx, precommitted);
  reportPhantomReads(ctx, [...phantoms.values()]);
  return { writeWasRead, unseen: reportUnreadWrites(ctx, writeWasRead) };
}

function reportAbortedReads(ctx: CheckContext, aborted: Map<number, ReadersOfWrite>): void {
  const { history, policy } = ctx;
  const { writes, txns } = history;
  for (const [writeRow, seen] of aborted) {
    const writer = writes.txn.get(writeRow);
    const transactional = txns.kind.get(writer) === TxnKind.txn;
    const allowed = transactional && policy.isolation === 'read_uncommitted';
    ctx.anomalies.add('aborted-read', allowed, () => {
      const key = history.keys.keyOf(writes.key.get(writeRow));
      const value = writes.value.get(writeRow);
      const readers = distinct(seen.readers).map((t) => txns.refIndex(t));
      const failure = transactional ? 'failed, so its transaction was aborted' : 'failed, so the producer was told the record was not written';
      const verdict = allowed
        ? 'These consumers use read_uncommitted, which may return records of aborted transactions, so this is allowed.'
        : 'A write that definitely did not happen must never be returned by a poll (G1a, aborted read).';
      return {
        explanation:
          `${capitalize(describeTxn(history, writer))} ${failure}, yet value ${value} it sent to key ${key} was read at ` +
          `${labelled('offset', seen.offsets)} by ${labelled('op', readers)}. ${verdict}`,
        ops: [txns.refIndex(writer), ...sample(readers)],
        details: { key, value, offsets: seen.offsets, writer: txns.refIndex(writer), readers },
      };
    });
  }
}

function reportPrecommittedReads(ctx: CheckContext, precommitted: Map<number, ReadersOfWrite>): void {
  const { history } = ctx;
  const { writes, txns } = history;
  for (const [writeRow, seen] of precommitted) {
    ctx.anomalies.add('precommitted-read', false, () => {
      const writer = writes.txn.get(writeRow);
      const key = history.keys.keyOf(writes.key.get(writeRow));
      const value = writes.value.get(writeRow);
      const readers = distinct(seen.readers).map((t) => txns.refIndex(t));
      const writerInvoked = txns.invokeIndex.get(writer);
      return {
        explanation:
          `${capitalize(labelled('op', readers))} returned value ${value} of key ${key} (${labelled('offset', seen.offsets)}) and ` +
          `completed before ${describeTxn(history, writer)}, the only op that sent it, was even invoked (at index ` +
          `${writerInvoked}). A poll cannot observe a write that had not begun.`,
        ops: [writerInvoked, ...sample(readers)],
        details: { key, value, offsets: seen.offsets, writer: txns.refIndex(writer), writerInvoked, readers },
      };
    });
  }
}

function reportPhantomReads(ctx: CheckContext, phantoms: PhantomValue[]): void {
  const { history } = ctx;
  for (const phantom of phantoms) {
    ctx.anomalies.add('phantom-read', false, () => {
      const key = history.keys.keyOf(phantom.keyId);
      const readers = distinct(phantom.readers).map((t) => history.txns.refIndex(t));
      const offsets = distinct(phantom.offsets);
      return {
        explanation:
          `${capitalize(labelled('op', readers))} read value ${phantom.value} of key ${key} at ${labelled('offset', offsets)}, but no op ` +
          'in the history ever sent that value to that key: the log returned data nobody wrote.',
        ops: sample(readers),
        details: { key, value: phantom.value, offsets, readers },
      };
    });
  }
}

/** lost-write for each unread acknowledged send below the highest polled offset; one `unseen` per key for the rest. */
function reportUnreadWrites(ctx: CheckContext, writeWasRead: Uint8Array): number {
  const { history, logs } = ctx;
  const { writes, txns } = history;
  const unseenByKey = new Map<number, number[]>();
  for (let row = 0; row < writes.length; row++) {
    const writer = writes.txn.get(row);
    if (writeWasRead[row] || txns.status.get(writer) !== Status.ok) continue;
    const keyId = writes.key.get(row);
    const offset = writes.offset.get(row);
    const log = logs.byKey[keyId];
    if (log && offset < log.maxPolledOffset) reportLostWrite(ctx, row, log.maxPolledOffset, log.maxPolledRead);
    else {
      const rows = unseenByKey.get(keyId) ?? [];
      unseenByKey.set(keyId, rows);
      rows.push(row);
    }
  }
  let unseen = 0;
  for (const [keyId, rows] of unseenByKey) {
    unseen += rows.length;
    ctx.anomalies.add('unseen', true, () => {
      const key = history.keys.keyOf(keyId);
      const values = rows.map((r) => writes.value.get(r));
      const maxPolled = logs.byKey[keyId]?.maxPolledOffset ?? -1;
      const sends = `${count(rows.length, 'acknowledged send')} to key ${key} (${labelled('value', values)})`;
      const why =
        maxPolled >= 0
          ? `never read by any poll, but ${rows.length === 1 ? 'it sits' : 'all sit'} at or above offset ${maxPolled}, the highest polled there, or ${rows.length === 1 ? 'has' : 'have'} no known offset`
          : `never read: no poll returned any record of key ${key}`;
      return {
        explanation:
          `${sends} ${rows.length === 1 ? 'was' : 'were'} ${why}. Consumers may simply not have reached ` +
          `${rows.length === 1 ? 'it' : 'them'} before the history ended. Informative: not a failure by itself.`,
        ops: sample(rows.map((r) => txns.refIndex(writes.txn.get(r)))),
        details: { key, count: rows.length, values: sample(values, 100), maxPolledOffset: maxPolled },
      };
    });
  }
  return unseen;
}

function reportLostWrite(ctx: CheckContext, writeRow: number, maxPolledOffset: number, maxPolledRead: number): void {
  const { history } = ctx;
  const { writes, txns, reads } = history;
  ctx.anomalies.add('lost-write', false, () => {
    const writer = writes.txn.get(writeRow);
    const key = history.keys.keyOf(writes.key.get(writeRow));
    const value = writes.value.get(writeRow);
    const offset = writes.offset.get(writeRow);
    const farthest = txns.refIndex(reads.txn.get(maxPolledRead));
    return {
      explanation:
        `${capitalize(describeTxn(history, writer))} sent value ${value} to key ${key} and was acknowledged at offset ${offset}, ` +
        `but no poll ever returned it, although polls of key ${key} reached offset ${maxPolledOffset} (op ${farthest}). ` +
        'An acknowledged write below what consumers have read past has been lost.',
      ops: [txns.refIndex(writer), farthest],
      details: { key, value, offset, writer: txns.refIndex(writer), maxPolledOffset, maxPolledBy: farthest },
    };
  });
}
