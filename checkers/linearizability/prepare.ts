// Checks that every client call fits the model and translates it into model input/output, before any search runs:
// a history that does not fit is a usage error (ModelMismatchError), never a partial verdict.
import type { Op } from '../../core/history/op.ts';
import { pairClientCalls, type ClientCall } from './history.ts';
import { ModelMismatchError, type Model } from './model.ts';
import type { SearchCall } from './search.ts';

export interface PreparedCall<I = unknown, O = unknown> extends SearchCall<I, O> {
  call: ClientCall;
}

export function prepareCalls<I, O>(model: Model<unknown, I, O>, ops: readonly Op[]): PreparedCall<I, O>[] {
  const calls = pairClientCalls(ops);
  model.learn?.(calls);
  return calls.map((call) => {
    const prepared = model.prepare(call.invoke, call.completion);
    if (typeof prepared === 'string') {
      throw new ModelMismatchError(model.name, call.invoke.index, prepared);
    }
    return {
      call,
      input: prepared.input,
      output: prepared.output,
      required: call.completion !== null,
      callPos: call.callPos,
      returnPos: call.returnPos,
    };
  });
}
