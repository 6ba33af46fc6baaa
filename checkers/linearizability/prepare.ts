// Checks that every client call fits the model and translates it into model input/output, before any search runs:
// a history that does not fit is a usage error (ModelMismatchError), never a partial verdict. Each call is
// translated in the same pass that pairs it (one record per call), unless the model first learns from all the calls.
import type { Op } from '../../core/history/op.ts';
import { pairClientCalls, type CallFactory, type ClientCall } from './history.ts';
import { ModelMismatchError, type Model } from './model.ts';
import type { SearchCall } from './search.ts';

/** A client call with its model input and output. */
export interface PreparedCall<I = unknown, O = unknown> extends SearchCall<I, O>, ClientCall {}

export function prepareCalls<I, O>(model: Model<unknown, I, O>, ops: readonly Op[]): PreparedCall<I, O>[] {
  const prepare: CallFactory<PreparedCall<I, O>> = (invoke, completion, callPos, returnPos) => {
    const prepared = model.prepare(invoke, completion);
    if (typeof prepared === 'string') throw new ModelMismatchError(model.name, invoke.index, prepared);
    return { invoke, completion, callPos, returnPos, input: prepared.input, output: prepared.output, required: completion !== null };
  };
  if (!model.learn) return pairClientCalls(ops, prepare);
  const calls = pairClientCalls(ops);
  model.learn(calls);
  return calls.map((c) => prepare(c.invoke, c.completion, c.callPos, c.returnPos));
}
