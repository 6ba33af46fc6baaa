// Streams a history as invocation/completion pairs per process (Jepsen rules), rejecting histories that break them.

import type { Op } from '../../core/history/op.ts';
import { malformed } from './ops.ts';

export interface PairHandlers<S> {
  /** Ops the walk does not pair (nemesis, bookkeeping), in history order. */
  other?(op: Op): void;
  /** An invocation; the returned state comes back with its completion. */
  invoke(op: Op): S;
  complete(state: S, invocation: Op, completion: Op): void;
  /** Invocations still open when the history ends: their outcome is unknown (info). Called in invocation order. */
  unfinished(state: S, invocation: Op): void;
}

/**
 * Walks `ops` in order. `paired(op)` selects the ops that follow invoke-then-complete per process; everything else goes
 * to `other`. Throws `op <index>: ...` on a second invocation while one is pending, on a completion with no pending
 * invocation, and on a completion whose `f` differs from its invocation's.
 */
export function walkPairs<S>(ops: readonly Op[], paired: (op: Op) => boolean, on: PairHandlers<S>): void {
  const pending = new Map<Op['process'], { invocation: Op; state: S }>();
  for (const op of ops) {
    if (!paired(op)) {
      on.other?.(op);
      continue;
    }
    const open = pending.get(op.process);
    if (op.type === 'invoke') {
      if (open) malformed(op, `process ${op.process} invoked ${op.f} while op ${open.invocation.index} (${open.invocation.f}) was still pending`);
      pending.set(op.process, { invocation: op, state: on.invoke(op) });
      continue;
    }
    if (!open) malformed(op, `${op.type} completion of ${op.f} by process ${op.process} has no pending invocation`);
    if (open.invocation.f !== op.f) {
      malformed(op, `completion f ${JSON.stringify(op.f)} does not match its invocation (op ${open.invocation.index}) f ${JSON.stringify(open.invocation.f)}`);
    }
    pending.delete(op.process);
    on.complete(open.state, open.invocation, op);
  }
  const leftOver = [...pending.values()].sort((a, b) => a.invocation.index - b.invocation.index);
  for (const { invocation, state } of leftOver) on.unfinished(state, invocation);
}
