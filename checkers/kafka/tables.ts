// Columnar tables of an ingested queue history: transactions, sends, polled records and poll runs, plus key ids.

import { float64Column, int32Column, uint8Column, type Column } from './columns.ts';

/** Outcome of a send/poll/txn op. */
export const Status = { ok: 0, fail: 1, info: 2 } as const;
export const STATUS_NAMES = ['ok', 'fail', 'info'] as const;

/** Which op a transaction row came from. A plain send or poll is a transaction of one micro-op. */
export const TxnKind = { send: 0, poll: 1, txn: 2 } as const;
export const TXN_KIND_NAMES = ['send', 'poll', 'txn'] as const;

/** One row per send/poll/txn op, numbered in invocation order. */
export class TxnTable {
  readonly invokeIndex: Column<Int32Array>;
  /** -1 when the op never completed. */
  readonly completeIndex: Column<Int32Array>;
  readonly process: Column<Float64Array>;
  readonly status: Column<Uint8Array>;
  readonly kind: Column<Uint8Array>;

  constructor(capacity?: number) {
    this.invokeIndex = int32Column(capacity);
    this.completeIndex = int32Column(capacity);
    this.process = float64Column(capacity);
    this.status = uint8Column(capacity);
    this.kind = uint8Column(capacity);
  }

  get count(): number {
    return this.invokeIndex.length;
  }

  add(invokeIndex: number, process: number, kind: number): number {
    this.completeIndex.push(-1);
    this.process.push(process);
    this.status.push(Status.info);
    this.kind.push(kind);
    return this.invokeIndex.push(invokeIndex);
  }

  complete(txn: number, completeIndex: number, status: number): void {
    this.completeIndex.set(txn, completeIndex);
    this.status.set(txn, status);
  }

  /** The history index that names this op in reports: its completion, or its invocation if it never completed. */
  refIndex(txn: number): number {
    const completed = this.completeIndex.get(txn);
    return completed >= 0 ? completed : this.invokeIndex.get(txn);
  }
}

/** One row per send micro-op of any outcome. Rows of ok ops are appended in completion order. */
export class WriteTable {
  readonly key: Column<Int32Array>;
  readonly value: Column<Float64Array>;
  /** NaN when unknown (not acknowledged, or the client did not report it). */
  readonly offset: Column<Float64Array>;
  readonly txn: Column<Int32Array>;

  constructor(capacity?: number) {
    this.key = int32Column(capacity);
    this.value = float64Column(capacity);
    this.offset = float64Column(capacity);
    this.txn = int32Column(capacity);
  }

  get length(): number {
    return this.key.length;
  }

  add(key: number, value: number, offset: number, txn: number): number {
    this.value.push(value);
    this.offset.push(offset);
    this.txn.push(txn);
    return this.key.push(key);
  }
}

/** One row per record returned by an ok poll, in completion order. */
export class ReadTable {
  readonly key: Column<Int32Array>;
  readonly offset: Column<Float64Array>;
  readonly value: Column<Float64Array>;
  readonly txn: Column<Int32Array>;

  constructor(capacity?: number) {
    this.key = int32Column(capacity);
    this.offset = float64Column(capacity);
    this.value = float64Column(capacity);
    this.txn = int32Column(capacity);
  }

  get length(): number {
    return this.key.length;
  }

  add(key: number, offset: number, value: number, txn: number): number {
    this.offset.push(offset);
    this.value.push(value);
    this.txn.push(txn);
    return this.key.push(key);
  }
}

/** Set on a poll run when, since the same process's previous run on the key, it did an assign/subscribe op or another process polled the key. */
export const RUN_AFTER_REBALANCE = 1;
/** Set on a poll run when, since the same process's previous run on the key, its consumer reported that a group rebalance gave it the key. */
export const RUN_AFTER_REASSIGNMENT = 2;

/** One row per (ok poll micro-op, key) with at least one record: a contiguous slice of ReadTable rows. */
export class PollRunTable {
  readonly key: Column<Int32Array>;
  readonly txn: Column<Int32Array>;
  readonly firstRead: Column<Int32Array>;
  readonly readCount: Column<Int32Array>;
  /** The same process's previous run on the same key, or -1. */
  readonly previous: Column<Int32Array>;
  readonly flags: Column<Uint8Array>;
  /** Rebalance clocks when the run happened: the process's assign/subscribe ops so far, the key's changes of poller so far. */
  readonly rebalanceOps: Column<Int32Array>;
  readonly pollerChanges: Column<Int32Array>;

  constructor(capacity?: number) {
    this.key = int32Column(capacity);
    this.txn = int32Column(capacity);
    this.firstRead = int32Column(capacity);
    this.readCount = int32Column(capacity);
    this.previous = int32Column(capacity);
    this.flags = uint8Column(capacity);
    this.rebalanceOps = int32Column(capacity);
    this.pollerChanges = int32Column(capacity);
  }

  get length(): number {
    return this.key.length;
  }

  add(key: number, txn: number, firstRead: number, readCount: number, previous: number): number {
    this.txn.push(txn);
    this.firstRead.push(firstRead);
    this.readCount.push(readCount);
    this.previous.push(previous);
    this.flags.push(0);
    this.rebalanceOps.push(0);
    this.pollerChanges.push(0);
    return this.key.push(key);
  }
}

/** Dense ids for the history's keys, in order of first appearance. */
export class KeyIds {
  private readonly ids = new Map<number, number>();
  private readonly keys: number[] = [];

  get count(): number {
    return this.keys.length;
  }

  idOf(key: number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
    }
    return id;
  }

  keyOf(id: number): number {
    return this.keys[id] as number;
  }
}
