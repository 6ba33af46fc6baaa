// Turns a flat Jepsen-style history into client calls: each invocation paired with its completion. Nemesis ops are
// faults, not client ops, and are skipped; `fail` calls definitely did not happen and are dropped; `info` calls and
// invocations that never completed have an unknown outcome and become optional calls that return "at infinity".
import { isClientProcess, type Op } from '../../core/history/op.ts';
import { walkPairs } from '../../core/history/pairing.ts';

export { MalformedHistoryError } from '../../core/history/pairing.ts';

export interface ClientCall {
  invoke: Op;
  /** The ok completion, or null when the outcome is unknown. */
  completion: Op | null;
  /** Position of the invocation in the history array (real-time order). */
  callPos: number;
  /** Position of the ok completion; Infinity when the outcome is unknown. */
  returnPos: number;
}

/** Pairs invocations with completions (invocation order), dropping failed calls. Throws on a malformed history. */
export function pairClientCalls(ops: readonly Op[]): ClientCall[] {
  // One slot per invocation, in history order, filled when the call completes (a failed call leaves it empty); the
  // walk carries just the slot number, and the invocation's position waits in callPosOf.
  const slots: Array<ClientCall | undefined> = [];
  const callPosOf: number[] = [];
  walkPairs<number>(
    ops,
    {
      invoke: (_op, callPos) => {
        callPosOf.push(callPos);
        return slots.push(undefined) - 1;
      },
      complete(slot, invoke, completion, pos) {
        if (completion.type === 'ok') slots[slot] = { invoke, completion, callPos: callPosOf[slot]!, returnPos: pos };
        else if (completion.type === 'info') slots[slot] = { invoke, completion: null, callPos: callPosOf[slot]!, returnPos: Infinity };
      },
      unfinished(slot, invoke) {
        slots[slot] = { invoke, completion: null, callPos: callPosOf[slot]!, returnPos: Infinity };
      },
    },
    // Faults and the harness's own observations are not client calls.
    { paired: (op) => isClientProcess(op.process) },
  );
  return slots.filter((call): call is ClientCall => call !== undefined);
}
