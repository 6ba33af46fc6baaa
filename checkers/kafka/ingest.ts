// Stage 1: reads a queue history once into columnar tables (ops, sends, polled records, poll runs, nemesis timeline).

import { isClientProcess, type Op } from '../../core/history/op.ts';
import { int32Column, type Column } from './columns.ts';
import { parseInvocation, parseOkCompletion, QUEUE_FUNCTIONS, REBALANCE_FUNCTIONS, type PolledKey, type QueueMicroOp } from './ops.ts';
import { walkPairs } from '../../core/history/pairing.ts';
import { estimateTableSizes, type TableSizes } from './sizing.ts';
import { KeyIds, PollRunTable, ReadTable, RUN_AFTER_REASSIGNMENT, RUN_AFTER_REBALANCE, Status, TxnKind, TxnTable, WriteTable } from './tables.ts';

export interface QueueHistory {
  opCount: number;
  txns: TxnTable;
  keys: KeyIds;
  writes: WriteTable;
  /** Per key id: value → the write row that sent it (the first one, should a value be sent twice). */
  writerOf: Array<Map<number, number>>;
  reads: ReadTable;
  runs: PollRunTable;
  /** Ids of txns with a completion (ok, fail or info), in completion order. */
  completionOrder: Int32Array;
  /** Nemesis ops seen (faults are attributed to anomalies later, by checkers/causality). */
  nemesisOps: number;
  /** Sends repeating an earlier send's key and value (the contract says values are unique per key). */
  repeatedSends: number;
}

interface PendingTxn {
  txn: number;
  invoked: QueueMicroOp[];
}

class HistoryBuilder {
  readonly txns: TxnTable;
  readonly keys = new KeyIds();
  readonly writes: WriteTable;
  readonly writerOf: Array<Map<number, number>> = [];
  readonly reads: ReadTable;
  readonly runs: PollRunTable;
  readonly completionOrder: Column<Int32Array>;
  nemesisOps = 0;
  repeatedSends = 0;

  private readonly rebalanceOps = new Map<number, number>();
  /** process → key id → the process's last poll run on the key. */
  private readonly lastRun = new Map<number, Map<number, number>>();
  /** Per key id: the process that polled it last, and how often that changed. */
  private readonly lastPoller: number[] = [];
  private readonly pollerChanges: number[] = [];
  /** process → key ids its consumer reported reassigned, not yet followed by a run of the process on the key. */
  private readonly reassigned = new Map<number, Set<number>>();

  constructor(sizes: TableSizes) {
    this.txns = new TxnTable(sizes.txns);
    this.writes = new WriteTable(sizes.writes);
    this.reads = new ReadTable(sizes.reads);
    this.runs = new PollRunTable(sizes.runs);
    this.completionOrder = int32Column(sizes.txns);
  }

  noteOther(op: Op): void {
    if (op.process === 'nemesis') this.nemesisOps++;
    else if (isClientProcess(op.process) && REBALANCE_FUNCTIONS.has(op.f)) {
      this.rebalanceOps.set(op.process, (this.rebalanceOps.get(op.process) ?? 0) + 1);
    }
  }

  begin(op: Op): PendingTxn {
    const kind = op.f === 'send' ? TxnKind.send : op.f === 'poll' ? TxnKind.poll : TxnKind.txn;
    const invoked = parseInvocation(op);
    return { txn: this.txns.add(op.index, op.process as number, kind), invoked };
  }

  finish(pending: PendingTxn, completion: Op): void {
    const status = completion.type === 'ok' ? Status.ok : completion.type === 'fail' ? Status.fail : Status.info;
    this.txns.complete(pending.txn, completion.index, status);
    this.completionOrder.push(pending.txn);
    const micros = status === Status.ok ? parseOkCompletion(completion, pending.invoked) : pending.invoked;
    this.recordMicroOps(pending.txn, completion.process as number, micros, status === Status.ok);
  }

  abandon(pending: PendingTxn, invocation: Op): void {
    this.recordMicroOps(pending.txn, invocation.process as number, pending.invoked, false);
  }

  private keyId(key: number): number {
    const id = this.keys.idOf(key);
    if (id === this.writerOf.length) {
      this.writerOf.push(new Map());
      this.lastPoller.push(Number.NaN);
      this.pollerChanges.push(0);
    }
    return id;
  }

  /** Sends of every outcome; polls only when `ok` (a failed or unknown poll tells nothing). */
  private recordMicroOps(txn: number, process: number, micros: readonly QueueMicroOp[], ok: boolean): void {
    for (const micro of micros) {
      if (micro.kind === 'send') this.recordSend(txn, micro.key, micro.value, ok ? micro.offset : null);
      else if (ok) {
        if (micro.reassigned.length > 0) this.noteReassigned(process, micro.reassigned);
        for (const polled of micro.polled) this.recordPolledKey(txn, process, polled);
      }
    }
  }

  private recordSend(txn: number, key: number, value: number, offset: number | null): void {
    const keyId = this.keyId(key);
    const row = this.writes.add(keyId, value, offset ?? Number.NaN, txn);
    const writers = this.writerOf[keyId] as Map<number, number>;
    if (writers.has(value)) this.repeatedSends++;
    else writers.set(value, row);
  }

  /** A poll reported keys a group rebalance gave the process: their next runs may start anywhere. */
  private noteReassigned(process: number, keys: readonly number[]): void {
    let pending = this.reassigned.get(process);
    if (!pending) this.reassigned.set(process, (pending = new Set()));
    for (const key of keys) pending.add(this.keyId(key));
  }

  private recordPolledKey(txn: number, process: number, polled: PolledKey): void {
    if (polled.records.length === 0) return;
    const keyId = this.keyId(polled.key);
    if (this.lastPoller[keyId] !== process) {
      if (!Number.isNaN(this.lastPoller[keyId])) this.pollerChanges[keyId]!++;
      this.lastPoller[keyId] = process;
    }
    let byKey = this.lastRun.get(process);
    if (!byKey) this.lastRun.set(process, (byKey = new Map()));
    const previous = byKey.get(keyId) ?? -1;
    const { runs } = this;
    const run = runs.add(keyId, txn, this.reads.length, polled.records.length, previous);
    runs.rebalanceOps.set(run, this.rebalanceOps.get(process) ?? 0);
    runs.pollerChanges.set(run, this.pollerChanges[keyId] as number);
    byKey.set(keyId, run);
    const rebalanced =
      previous >= 0 && (runs.rebalanceOps.get(previous) !== runs.rebalanceOps.get(run) || runs.pollerChanges.get(previous) !== runs.pollerChanges.get(run));
    const reassigned = this.reassigned.get(process)?.delete(keyId) === true;
    runs.flags.set(run, (rebalanced ? RUN_AFTER_REBALANCE : 0) | (previous >= 0 && reassigned ? RUN_AFTER_REASSIGNMENT : 0));
    for (const [offset, value] of polled.records) this.reads.add(keyId, offset, value, txn);
  }
}

const isQueueOp = (op: Op): boolean => isClientProcess(op.process) && QUEUE_FUNCTIONS.has(op.f);

/** Reads the whole history; throws `op <index>: ...` on malformed ops. */
export function ingestQueueHistory(ops: readonly Op[]): QueueHistory {
  const builder = new HistoryBuilder(estimateTableSizes(ops));
  walkPairs(
    ops,
    {
      other: (op) => builder.noteOther(op),
      invoke: (op) => builder.begin(op),
      complete: (pending, _invocation, completion) => builder.finish(pending, completion),
      unfinished: (pending, invocation) => builder.abandon(pending, invocation),
    },
    { paired: isQueueOp },
  );
  return {
    opCount: ops.length,
    txns: builder.txns,
    keys: builder.keys,
    writes: builder.writes,
    writerOf: builder.writerOf,
    reads: builder.reads,
    runs: builder.runs,
    completionOrder: builder.completionOrder.view(),
    nemesisOps: builder.nemesisOps,
    repeatedSends: builder.repeatedSends,
  };
}
