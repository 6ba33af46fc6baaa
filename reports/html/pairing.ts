// Pairs each invocation with its completion, per process, the way Jepsen reads a history.

import type { Op, ProcessId } from '../../core/history/op.ts';

export interface OpPair {
  process: ProcessId;
  f: string;
  invoke: Op;
  /** The completion op; absent when the history ended (or the process invoked again) before one arrived. */
  completion?: Op;
  /** Completion type; an invocation that never completed counts as `info`. */
  type: 'ok' | 'fail' | 'info';
  /** ns since test start. */
  start: number;
  /** Completion time, or the end of the history for an invocation that never completed. */
  end: number;
}

/** The time of the last op, 0 for an empty history. */
export function historyEnd(ops: readonly Op[]): number {
  let end = 0;
  for (const op of ops) if (op.time > end) end = op.time;
  return end;
}

/**
 * Pairs, in invocation order. A completion without an open invocation on its process is ignored; an invocation that is
 * followed by another invocation on the same process, or by nothing, becomes `info` ending at the end of the history.
 */
export function pairOps(ops: readonly Op[]): OpPair[] {
  const end = historyEnd(ops);
  const open = new Map<ProcessId, Op>();
  const pairs: OpPair[] = [];
  const unfinished = (invoke: Op): OpPair => ({
    process: invoke.process,
    f: invoke.f,
    invoke,
    type: 'info',
    start: invoke.time,
    end,
  });

  for (const op of ops) {
    const pending = open.get(op.process);
    if (op.type === 'invoke') {
      if (pending) pairs.push(unfinished(pending));
      open.set(op.process, op);
    } else if (pending) {
      open.delete(op.process);
      pairs.push({ process: op.process, f: pending.f, invoke: pending, completion: op, type: op.type, start: pending.time, end: op.time });
    }
  }
  for (const pending of open.values()) pairs.push(unfinished(pending));
  return pairs.sort((a, b) => a.invoke.index - b.invoke.index);
}
