// Records a run's history: assigns index and monotonic time, appends one JSON line per op to history.jsonl as it goes.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Op, OpType, ProcessId } from './op.ts';

export interface RecorderOptions {
  /** Path of history.jsonl; omit to keep the history in memory only (benchmarks, tests). */
  path?: string;
  /** Clock in ns since test start; defaults to process.hrtime. */
  now?: () => number;
}

/**
 * Each op is written with one write(2) straight to the kernel, so a run killed with SIGKILL leaves every op that was
 * recorded before the kill (at worst a torn last line, which readers report and skip).
 */
export class HistoryRecorder {
  readonly ops: Op[] = [];
  private fd: number | undefined;
  private readonly t0 = process.hrtime.bigint();
  /**
   * Wall-clock time (ms since the epoch, sub-millisecond) of history time 0, read at the same instant as the monotonic
   * origin: what places the brokers' log timestamps on the history's clock.
   */
  readonly startedAtMs = performance.timeOrigin + performance.now();
  private readonly now: () => number;
  private readonly pending = new Map<ProcessId, Op>();

  constructor(opts: RecorderOptions = {}) {
    if (opts.path) this.fd = openSync(opts.path, 'a');
    this.now = opts.now ?? (() => Number(process.hrtime.bigint() - this.t0));
  }

  /** ns since the recorder was created. */
  elapsedNs(): number {
    return this.now();
  }

  invoke(process: ProcessId, f: string, value: unknown, extra: { node?: string } = {}): Op {
    if (this.pending.has(process)) {
      throw new Error(`process ${process} invoked ${f} while its ${this.pending.get(process)!.f} is still pending`);
    }
    const op = this.append({ type: 'invoke', process, f, value, ...extra });
    this.pending.set(process, op);
    return op;
  }

  complete(invocation: Op, type: Exclude<OpType, 'invoke'>, value: unknown, extra: { node?: string; error?: string; requests?: number } = {}): Op {
    if (this.pending.get(invocation.process) !== invocation) {
      throw new Error(`completion for op ${invocation.index} of process ${invocation.process}, which is not pending`);
    }
    this.pending.delete(invocation.process);
    return this.append({ type, process: invocation.process, f: invocation.f, value, ...extra });
  }

  /** Invocations still waiting for a completion (e.g. when a run is interrupted). */
  pendingOps(): Op[] {
    return [...this.pending.values()];
  }

  private append(partial: Omit<Op, 'index' | 'time'>): Op {
    const op = { index: this.ops.length, time: this.now(), ...partial } as Op;
    // Keep field order stable for readers: index, type, process, f, value, time, node, error, requests.
    const ordered: Op = { index: op.index, type: op.type, process: op.process, f: op.f, value: op.value, time: op.time };
    if (partial.node !== undefined) ordered.node = partial.node;
    if (partial.error !== undefined) ordered.error = partial.error;
    if (partial.requests !== undefined) ordered.requests = partial.requests;
    this.ops.push(ordered);
    if (this.fd !== undefined) writeSync(this.fd, JSON.stringify(ordered) + '\n');
    return ordered;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
