// Turns a flat Jepsen-style history into client calls: each invocation paired with its completion. Nemesis ops are
// faults, not client ops, and are skipped; `fail` calls definitely did not happen and are dropped; `info` calls and
// invocations that never completed have an unknown outcome and become optional calls that return "at infinity".
import type { Op } from '../../core/history/op.ts';

export interface ClientCall {
  invoke: Op;
  /** The ok completion, or null when the outcome is unknown. */
  completion: Op | null;
  /** Position of the invocation in the history array (real-time order). */
  callPos: number;
  /** Position of the ok completion; Infinity when the outcome is unknown. */
  returnPos: number;
}

/** The history is not a well-formed sequence of invocations and completions. */
export class MalformedHistoryError extends Error {
  override readonly name = 'MalformedHistoryError';
}

/** Pairs invocations with completions (invocation order), dropping failed calls. Throws on a malformed history. */
export function pairClientCalls(ops: readonly Op[]): ClientCall[] {
  // One slot per invocation, in history order, filled when the call completes (a failed call leaves it empty).
  const slots: Array<ClientCall | undefined> = [];
  const pending = new Map<number | string, { op: Op; pos: number; slot: number }>();
  for (let pos = 0; pos < ops.length; pos++) {
    const op = ops[pos]!;
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      const open = pending.get(op.process);
      if (open) {
        throw new MalformedHistoryError(
          `op ${op.index}: process ${op.process} invoked ${op.f} while op ${open.op.index} (${open.op.f}) was still pending`,
        );
      }
      pending.set(op.process, { op, pos, slot: slots.length });
      slots.push(undefined);
      continue;
    }
    const open = pending.get(op.process);
    if (!open) {
      throw new MalformedHistoryError(`op ${op.index}: ${op.type} ${op.f} of process ${op.process} has no pending invocation`);
    }
    pending.delete(op.process);
    if (op.type === 'ok') slots[open.slot] = { invoke: open.op, completion: op, callPos: open.pos, returnPos: pos };
    else if (op.type === 'info') slots[open.slot] = { invoke: open.op, completion: null, callPos: open.pos, returnPos: Infinity };
  }
  for (const open of pending.values()) slots[open.slot] = { invoke: open.op, completion: null, callPos: open.pos, returnPos: Infinity };
  return slots.filter((call): call is ClientCall => call !== undefined);
}
