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

/** Makes the checker's record of one call (a ClientCall, or a richer one built in the same pass). */
export type CallFactory<T> = (invoke: Op, completion: Op | null, callPos: number, returnPos: number) => T;

const clientCall: CallFactory<ClientCall> = (invoke, completion, callPos, returnPos) => ({ invoke, completion, callPos, returnPos });

/**
 * Pairs invocations with completions (invocation order), dropping failed calls, and makes each call's record with
 * `make` (default: a ClientCall) as soon as its outcome is known. Throws on a malformed history.
 */
export function pairClientCalls(ops: readonly Op[]): ClientCall[];
export function pairClientCalls<T>(ops: readonly Op[], make: CallFactory<T>): T[];
export function pairClientCalls<T>(ops: readonly Op[], make: CallFactory<T> = clientCall as CallFactory<T>): T[] {
  // One slot per invocation, in history order, filled when the call completes (a failed call leaves it empty); the
  // walk carries just the slot number, and the invocation's position waits in callPosOf.
  const slots: Array<T | undefined> = [];
  const callPosOf: number[] = [];
  walkPairs<number>(
    ops,
    {
      invoke: (_op, callPos) => {
        callPosOf.push(callPos);
        return slots.push(undefined) - 1;
      },
      complete(slot, invoke, completion, pos) {
        if (completion.type === 'ok') slots[slot] = make(invoke, completion, callPosOf[slot]!, pos);
        else if (completion.type === 'info') slots[slot] = make(invoke, null, callPosOf[slot]!, Infinity);
      },
      unfinished(slot, invoke) {
        slots[slot] = make(invoke, null, callPosOf[slot]!, Infinity);
      },
    },
    // Faults and the harness's own observations are not client calls.
    { paired: (op) => isClientProcess(op.process) },
  );
  return slots.filter((call): call is T => call !== undefined);
}
