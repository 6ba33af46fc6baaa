// Test helper: builds Jepsen-style histories op by op, with dense indices and times equal to the index.
import type { Op, ProcessId } from '../../../core/history/op.ts';

export class HistoryBuilder {
  readonly ops: Op[] = [];
  private readonly pending = new Map<ProcessId, Op>();

  invoke(process: ProcessId, f: string, value: unknown = null): this {
    const op = this.push({ type: 'invoke', process, f, value });
    this.pending.set(process, op);
    return this;
  }

  ok(process: ProcessId, value?: unknown): this {
    return this.complete(process, 'ok', value);
  }

  info(process: ProcessId): this {
    return this.complete(process, 'info', undefined, 'timeout');
  }

  fail(process: ProcessId): this {
    return this.complete(process, 'fail', undefined, 'rejected');
  }

  /** A call that starts and ends before the next op: invoke then ok (with `output`, or the input value). */
  call(process: ProcessId, f: string, input: unknown = null, output: unknown = input): this {
    return this.invoke(process, f, input).ok(process, output);
  }

  /** A nemesis fault op pair, which checkers must ignore. */
  nemesis(f: string): this {
    this.push({ type: 'invoke', process: 'nemesis', f, value: null });
    this.push({ type: 'info', process: 'nemesis', f, value: null });
    return this;
  }

  private complete(process: ProcessId, type: 'ok' | 'info' | 'fail', value: unknown, error?: string): this {
    const invocation = this.pending.get(process);
    if (!invocation) throw new Error(`test history: process ${process} has nothing pending`);
    this.pending.delete(process);
    this.push({ type, process, f: invocation.f, value: value === undefined ? invocation.value : value, ...(error ? { error } : {}) });
    return this;
  }

  private push(partial: Omit<Op, 'index' | 'time'>): Op {
    const op = { ...partial, index: this.ops.length, time: this.ops.length } as Op;
    this.ops.push(op);
    return op;
  }
}

/**
 * A history that is hard to refute: `count` calls invoked together and completed together, plus one impossible
 * `last` call concurrent with all of them, so the search must try every subset (and order) before saying false.
 */
export function concurrentThenImpossible(
  calls: Array<{ f: string; input?: unknown; output?: unknown }>,
  last: { f: string; input?: unknown; output?: unknown },
): Op[] {
  const h = new HistoryBuilder();
  const all = [...calls, last];
  all.forEach((c, p) => h.invoke(p, c.f, c.input ?? null));
  all.forEach((c, p) => h.ok(p, c.output));
  return h.ops;
}
