// Explains a non-linearizable sub-history: replays the longest partial linearization the search found, finds the
// calls that could have come next, and says in one sentence why the earliest-returning one could not.
import type { LinearizabilityCounterexample } from '../../core/result.ts';
import { ILLEGAL, type Model } from './model.ts';
import type { Partition } from './partition.ts';
import type { PreparedCall } from './prepare.ts';

/** Stands in for +infinity in interval ends (JSON has no Infinity). */
export const UNBOUNDED_END = Number.MAX_SAFE_INTEGER;

export interface Explanation {
  counterexample: LinearizabilityCounterexample;
  /** A paragraph for the anomaly. */
  text: string;
  /** History indices of the ops involved: the stuck calls and the concurrent calls they competed with. */
  opIndices: number[];
}

const idOf = (c: PreparedCall): number => c.invoke.index;

function describeCallFully<S, I, O>(model: Model<S, I, O>, c: PreparedCall<I, O>): string {
  const returned = c.completion ? `returned at op ${c.completion.index}` : 'never returned (unknown outcome)';
  return `op ${idOf(c)} (process ${String(c.invoke.process)}: ${model.describeCall(c.input, c.output)}, ${returned})`;
}

export function explainFailure<S, I, O>(model: Model<S, I, O>, partition: Partition<PreparedCall<I, O>>, initial: S, longest: readonly number[]): Explanation {
  const calls = partition.items;
  // Replay the prefix to recover the state after each step.
  const states: string[] = [];
  let state = initial;
  for (const i of longest) {
    const next = model.step(state, calls[i]!.input, calls[i]!.output);
    if (next === ILLEGAL) throw new Error('internal error: the longest linearization does not replay');
    state = next;
    states.push(model.describeState(state));
  }
  // One pass each (this runs once per failed check, in code the process has not optimized): the calls not placed; the
  // remaining required call that returned first (`blocking`), which bounds what could come next to the calls invoked
  // before its return (`candidates`); and those of them that are illegal in the state reached.
  const placed = new Uint8Array(calls.length);
  for (const i of longest) placed[i] = 1;
  let deadline = Infinity;
  let blocking = -1;
  for (let i = 0; i < calls.length; i++) {
    if (placed[i] === 0 && calls[i]!.required && calls[i]!.returnPos < deadline) {
      deadline = calls[i]!.returnPos;
      blocking = i;
    }
  }
  const candidates: number[] = [];
  const illegal: number[] = [];
  for (let i = 0; i < calls.length; i++) {
    if (placed[i] === 1 || calls[i]!.callPos >= deadline) continue;
    candidates.push(i);
    if (model.step(state, calls[i]!.input, calls[i]!.output) === ILLEGAL) illegal.push(i);
  }
  const stuck = illegal.length > 0 ? illegal : [blocking];

  const focus = calls[illegal.includes(blocking) ? blocking : stuck[0]!]!;
  const stateText = model.describeState(state);
  const reason =
    illegal.length > 0
      ? `${describeCallFully(model, focus)} cannot take effect after the longest valid prefix: ${model.whyIllegal(state, focus.input, focus.output)}.`
      : `every call that could come next after the longest valid prefix (state ${stateText}) leads to a dead end before ${describeCallFully(model, focus)} can take effect.`;

  const where = partition.keys.length > 0 ? ` on ${partition.keys.length > 1 ? 'keys' : 'key'} ${partition.keys.join(', ')}` : '';
  const text =
    `No order of the ${calls.length} operations${where} is consistent with a sequential ${model.name} and with ` +
    `real time. The longest valid prefix places ${longest.length} of them (ops ${longest.map((i) => idOf(calls[i]!)).join(', ') || 'none'}), ` +
    `leaving the ${model.name} at ${stateText}; then ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;

  const counterexample: LinearizabilityCounterexample = {
    ...(partition.keys.length > 0 ? { partition: partition.keys.join(',') } : {}),
    ops: calls.map((c) => ({
      id: idOf(c),
      process: c.invoke.process,
      f: c.invoke.f,
      input: c.invoke.value,
      output: c.completion ? c.completion.value : null,
      start: c.invoke.time,
      end: c.completion ? c.completion.time : UNBOUNDED_END,
      type: c.completion ? 'ok' : 'info',
    })),
    linearized: longest.map((i) => idOf(calls[i]!)),
    states,
    stuck: stuck.map((i) => idOf(calls[i]!)),
    reason,
  };
  const opIndices = [...new Set([...stuck, ...candidates].map((i) => idOf(calls[i]!)))].sort((a, b) => a - b);
  return { counterexample, text, opIndices };
}
