// Pairing invocations with completions, per process, the way Jepsen reads a history — the one implementation every
// checker and report uses. `walkPairs` streams (for checkers that build tables in history order); `pairOps` collects.
import type { Op, ProcessId } from './op.ts';

/** The history is not a well-formed sequence of invocations and completions. */
export class MalformedHistoryError extends Error {
  override readonly name = 'MalformedHistoryError';
}

export interface PairHandlers<S> {
  /** Ops the walk does not pair (nemesis, bookkeeping), in history order. */
  other?(op: Op, pos: number): void;
  /** An invocation; the returned state comes back with its completion. */
  invoke(op: Op, pos: number): S;
  complete(state: S, invocation: Op, completion: Op, pos: number): void;
  /** Invocations that never completed (outcome unknown), in invocation order, after the walk. */
  unfinished(state: S, invocation: Op): void;
}

export interface WalkOptions {
  /** Which ops follow invoke-then-complete per process (default: every op); the rest go to `other`. */
  paired?: (op: Op) => boolean;
  /**
   * strict (default): a second invocation while one is pending, a completion with no pending invocation, or a
   * completion whose f differs from its invocation's is malformed. lenient (reports of possibly torn histories): the
   * pending invocation is left unfinished, and a stray completion is ignored.
   */
  lenient?: boolean;
  /** How a strict walk reports a malformed op (default: throws MalformedHistoryError "op <index>: ..."). */
  malformed?: (op: Op, message: string) => never;
}

const throwMalformed = (op: Op, message: string): never => {
  throw new MalformedHistoryError(`op ${op.index}: ${message}`);
};

export function walkPairs<S>(ops: readonly Op[], on: PairHandlers<S>, opts: WalkOptions = {}): void {
  const paired = opts.paired ?? (() => true);
  const malformed = opts.malformed ?? throwMalformed;
  // One record per process, reused from one of its calls to the next (invocation null: nothing pending), so a long
  // history allocates per process, not per op.
  const records = new Map<ProcessId, { invocation: Op | null; state: S | undefined }>();
  const abandoned: Array<{ invocation: Op; state: S }> = [];
  for (let pos = 0; pos < ops.length; pos++) {
    const op = ops[pos]!;
    if (!paired(op)) {
      on.other?.(op, pos);
      continue;
    }
    let record = records.get(op.process);
    const open = record !== undefined && record.invocation !== null ? record.invocation : null;
    if (op.type === 'invoke') {
      if (open) {
        if (!opts.lenient) malformed(op, `process ${op.process} invoked ${op.f} while op ${open.index} (${open.f}) was still pending`);
        abandoned.push({ invocation: open, state: record!.state as S });
      }
      const state = on.invoke(op, pos);
      if (record === undefined) {
        record = { invocation: op, state };
        records.set(op.process, record);
      } else {
        record.invocation = op;
        record.state = state;
      }
      continue;
    }
    if (!open) {
      if (opts.lenient) continue;
      malformed(op, `${op.type} completion of ${op.f} by process ${op.process} has no pending invocation`);
    }
    if (open!.f !== op.f && !opts.lenient) {
      malformed(op, `completion f ${JSON.stringify(op.f)} does not match its invocation (op ${open!.index}) f ${JSON.stringify(open!.f)}`);
    }
    const state = record!.state as S;
    record!.invocation = null;
    record!.state = undefined;
    on.complete(state, open!, op, pos);
  }
  const leftOver = [...abandoned];
  for (const { invocation, state } of records.values()) if (invocation !== null) leftOver.push({ invocation, state: state as S });
  leftOver.sort((a, b) => a.invocation.index - b.invocation.index);
  for (const { invocation, state } of leftOver) on.unfinished(state, invocation);
}

export interface OpPair {
  process: ProcessId;
  f: string;
  invoke: Op;
  /** Position of the invocation in the history array. */
  invokePos: number;
  /** The completion op; absent when the history ended (or the process invoked again) before one arrived. */
  completion?: Op;
  /** Position of the completion in the history array, when there is one. */
  completionPos?: number;
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

/** Every pair, in invocation order; ops `paired` rejects are left out. */
export function pairOps(ops: readonly Op[], opts: WalkOptions = {}): OpPair[] {
  const end = historyEnd(ops);
  const pairs: OpPair[] = [];
  walkPairs<number>(
    ops,
    {
      invoke: (_op, pos) => pos,
      complete: (invokePos, invoke, completion, pos) =>
        pairs.push({
          process: invoke.process,
          f: invoke.f,
          invoke,
          invokePos,
          completion,
          completionPos: pos,
          type: completion.type as OpPair['type'],
          start: invoke.time,
          end: completion.time,
        }),
      unfinished: (invokePos, invoke) => pairs.push({ process: invoke.process, f: invoke.f, invoke, invokePos, type: 'info', start: invoke.time, end }),
    },
    opts,
  );
  return pairs.sort((a, b) => a.invokePos - b.invokePos);
}
