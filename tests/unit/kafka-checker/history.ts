// Test helper: writes small queue/eos histories op by op, with dense indices and increasing times.

import type { NemesisValue, Op, OpType } from '../../../core/history/op.ts';

export type SendSpec = ['send', number, number, (number | null)?];
/** A poll's records by key, then (optionally) the keys a group rebalance gave the process before it. */
export type PollSpec = ['poll', Record<number, Array<[number, number]>>, number[]?];
export type MicroSpec = SendSpec | PollSpec;

const invokeForm = (micro: MicroSpec): unknown[] => (micro[0] === 'send' ? ['send', micro[1], micro[2]] : ['poll']);
const okForm = (micro: MicroSpec): unknown[] =>
  micro[0] === 'send' ? ['send', micro[1], [micro[3] ?? null, micro[2]]] : micro[2] === undefined ? ['poll', micro[1]] : ['poll', micro[1], micro[2]];

export class HistoryWriter {
  readonly ops: Op[] = [];

  private push(process: Op['process'], type: OpType, f: string, value: unknown): number {
    const index = this.ops.length;
    this.ops.push({ index, type, process, f, value, time: index * 1000 });
    return index;
  }

  invoke(process: number, f: string, value: unknown): number {
    return this.push(process, 'invoke', f, value);
  }

  complete(process: number, type: Exclude<OpType, 'invoke'>, f: string, value: unknown): number {
    return this.push(process, type, f, value);
  }

  /** Opens a send/poll/txn op made of `micros`; `finish` completes it. */
  begin(process: number, f: 'send' | 'poll' | 'txn', micros: MicroSpec[]) {
    const invoked = this.invoke(process, f, micros.map(invokeForm));
    return {
      invoked,
      finish: (type: Exclude<OpType, 'invoke'> = 'ok') => this.complete(process, type, f, type === 'ok' ? micros.map(okForm) : micros.map(invokeForm)),
    };
  }

  /** An ok (or failed/info) op run without concurrency; returns its completion index. */
  run(process: number, f: 'send' | 'poll' | 'txn', micros: MicroSpec[], type: Exclude<OpType, 'invoke'> = 'ok'): number {
    return this.begin(process, f, micros).finish(type);
  }

  send(process: number, key: number, value: number, offset: number | null, type: Exclude<OpType, 'invoke'> = 'ok'): number {
    return this.run(process, 'send', [['send', key, value, offset]], type);
  }

  poll(process: number, records: Record<number, Array<[number, number]>>, reassigned?: number[]): number {
    return this.run(process, 'poll', [reassigned === undefined ? ['poll', records] : ['poll', records, reassigned]]);
  }

  txn(process: number, micros: MicroSpec[], type: Exclude<OpType, 'invoke'> = 'ok'): number {
    return this.run(process, 'txn', micros, type);
  }

  /** A bookkeeping op such as assign or subscribe (invoke + ok). */
  bookkeeping(process: number, f: string, value: unknown = null): number {
    this.invoke(process, f, value);
    return this.complete(process, 'ok', f, value);
  }

  nemesis(family: string, action: string, targets: string[] = ['n1'], phase: NemesisValue['phase'] = 'start'): number {
    const value: NemesisValue = { family, action, phase, targets };
    this.push('nemesis', 'invoke', action, value);
    return this.push('nemesis', 'info', action, value);
  }

  /** An eos op (seed, copy, final-read, observe ...) as invoke + completion. */
  eos(process: number, f: string, value: unknown, type: Exclude<OpType, 'invoke'> = 'ok', invokeValue: unknown = value): number {
    this.invoke(process, f, invokeValue);
    return this.complete(process, type, f, value);
  }
}

/** Two concurrent txns each send one value; T1 reads T2's, and T2 reads T1's when `mutual` (a G1c). */
export function readsOfEachOther(mutual: boolean) {
  const h = new HistoryWriter();
  const t1 = h.begin(0, 'txn', [
    ['send', 1, 10, 0],
    ['poll', { 2: [[0, 20]] }],
  ]);
  const t2 = h.begin(1, 'txn', [
    ['send', 2, 20, 0],
    ['poll', mutual ? { 1: [[0, 10]] } : {}],
  ]);
  return { h, t1: t1.finish(), t2: t2.finish() };
}
