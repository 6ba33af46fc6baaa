// `set`: a grow-only set (Knossos semantics). add inserts a value; read returns the whole set (a list or a set) and
// must equal it exactly; a read that returned nil is a read of an unknown value.
import type { Op } from '../../../core/history/op.ts';
import { ILLEGAL, type Illegal, type Model, type ModelCall, type ModelFactory, unknownOperation } from '../model.ts';
import { ValueInterner, hashInts, sameInts } from '../values.ts';
import { containsId, sortedUniqueIds, withId } from './sorted-ids.ts';

const OPERATIONS = ['add', 'read'];

/** add: the element's id; read: -1. */
export type SetInput = number;
/** read: the set read (sorted ids), or null when unknown. */
export type SetOutput = Int32Array | null;
const READ = -1;

const elementsOf = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : value instanceof Set ? [...value] : undefined);

function createSet(initial: unknown): Model<Int32Array, SetInput, SetOutput> {
  const values = new ValueInterner();
  const initialState = sortedUniqueIds((elementsOf(initial) ?? []).map((v) => values.id(v)));
  const render = (ids: Int32Array): string => `#{${Array.from(ids, (id) => values.render(id)).join(' ')}}`;

  const prepare = (invoke: Op, completion: Op | null): ModelCall<SetInput, SetOutput> | string => {
    if (invoke.f === 'add') return { input: values.id(invoke.value), output: null };
    if (invoke.f !== 'read') return unknownOperation(invoke.f, OPERATIONS);
    const read = completion?.value;
    if (read === null || read === undefined) return { input: READ, output: null };
    const elements = elementsOf(read);
    if (!elements) return `a set read must return a list or set, got ${JSON.stringify(read)}`;
    return { input: READ, output: sortedUniqueIds(elements.map((v) => values.id(v))) };
  };

  return {
    name: 'set',
    prepare,
    initialState: () => initialState,
    step(state, input, output): Int32Array | Illegal {
      if (input !== READ) return containsId(state, input) ? state : withId(state, input);
      return output === null || sameInts(output, state) ? state : ILLEGAL;
    },
    readOnly: (input) => input === READ,
    hash: hashInts,
    equal: sameInts,
    describeState: render,
    describeCall: (input, output) => (input === READ ? `read ${output === null ? '?' : render(output)}` : `add ${values.render(input)}`),
    whyIllegal: (state, _input, output) => `it read ${output ? render(output) : '?'} but the set was ${render(state)}`,
  };
}

export const setModels: Record<string, ModelFactory> = { set: createSet };
