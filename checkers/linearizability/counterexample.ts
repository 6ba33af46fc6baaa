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
  const placed = new Set(longest);
  const remaining = calls.map((_, i) => i).filter((i) => !placed.has(i));
  // The remaining required call that returned first bounds what could come next: only calls invoked before it.
  const deadline = remaining.reduce((min, i) => (calls[i]!.required ? Math.min(min, calls[i]!.returnPos) : min), Infinity);
  const candidates = remaining.filter((i) => calls[i]!.callPos < deadline);
  const illegal = candidates.filter((i) => model.step(state, calls[i]!.input, calls[i]!.output) === ILLEGAL);
  const blocking = remaining.find((i) => calls[i]!.required && calls[i]!.returnPos === deadline)!;
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
