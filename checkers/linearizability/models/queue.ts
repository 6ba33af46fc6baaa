// Queue models (Knossos semantics). `fifo-queue`: dequeue must return the oldest element; `unordered-queue`: dequeue
// may return any element present (a multiset). enqueue's value is the element; an ok dequeue's value is the element
// it returned. Dequeuing from an empty queue is illegal (clients record an empty dequeue as `fail`).
// Unknown outcomes: a FIFO dequeue of unknown result removes the head; an unordered dequeue of unknown result is a
// no-op, which is exact because removing an element can only make later dequeues harder. An unordered ok dequeue
// must name its element (otherwise the model would not be deterministic).
import type { Op } from '../../../core/history/op.ts';
import { ILLEGAL, type Illegal, type Model, type ModelCall, type ModelFactory, unknownOperation } from '../model.ts';
import { ValueInterner, hashInts, sameInts } from '../values.ts';
import { withId, withoutId } from './sorted-ids.ts';

const OPERATIONS = ['enqueue', 'dequeue'];
const ENQUEUE = 0;
const DEQUEUE = 1;
const UNKNOWN = -1;

/** value: the element id (enqueue, or the dequeued element), UNKNOWN when the dequeue's result is unknown. */
export interface QueueInput {
  kind: typeof ENQUEUE | typeof DEQUEUE;
  value: number;
}

interface QueueFlavour {
  name: string;
  ordered: boolean;
}

function createQueue(flavour: QueueFlavour, initial: unknown): Model<Int32Array, QueueInput, null> {
  const values = new ValueInterner();
  const initialIds = (Array.isArray(initial) ? initial : []).map((v) => values.id(v));
  const initialState = flavour.ordered ? Int32Array.from(initialIds) : Int32Array.from(initialIds).sort();
  const render = (ids: Int32Array): string => `[${Array.from(ids, (id) => values.render(id)).join(' ')}]`;

  const prepare = (invoke: Op, completion: Op | null): ModelCall<QueueInput, null> | string => {
    if (invoke.f === 'enqueue') return { input: { kind: ENQUEUE, value: values.id(invoke.value) }, output: null };
    if (invoke.f !== 'dequeue') return unknownOperation(invoke.f, OPERATIONS);
    const element = completion?.value;
    if (element === null || element === undefined) {
      if (completion !== null && !flavour.ordered) return 'an ok dequeue must name the element it returned';
      return { input: { kind: DEQUEUE, value: UNKNOWN }, output: null };
    }
    return { input: { kind: DEQUEUE, value: values.id(element) }, output: null };
  };

  const step = (state: Int32Array, input: QueueInput): Int32Array | Illegal => {
    if (input.kind === ENQUEUE) {
      if (!flavour.ordered) return withId(state, input.value);
      const out = new Int32Array(state.length + 1);
      out.set(state);
      out[state.length] = input.value;
      return out;
    }
    if (!flavour.ordered) return input.value === UNKNOWN ? state : (withoutId(state, input.value) ?? ILLEGAL);
    if (state.length === 0) return ILLEGAL;
    return input.value === UNKNOWN || input.value === state[0] ? state.slice(1) : ILLEGAL;
  };

  return {
    name: flavour.name,
    prepare,
    initialState: () => initialState,
    step,
    // An unordered dequeue of unknown result changes nothing (see above).
    readOnly: (input) => !flavour.ordered && input.kind === DEQUEUE && input.value === UNKNOWN,
    hash: hashInts,
    equal: sameInts,
    describeState: render,
    describeCall: (input) =>
      input.kind === ENQUEUE ? `enqueue ${values.render(input.value)}` : `dequeue ${input.value === UNKNOWN ? '?' : values.render(input.value)}`,
    whyIllegal(state, input) {
      if (state.length === 0) return 'the queue was empty';
      const element = values.render(input.value);
      return flavour.ordered
        ? `it dequeued ${element} but the head of the queue was ${values.render(state[0]!)}`
        : `it dequeued ${element}, which was not in the queue`;
    },
  };
}

export const queueModels: Record<string, ModelFactory> = {
  'fifo-queue': (initial) => createQueue({ name: 'fifo-queue', ordered: true }, initial),
  'unordered-queue': (initial) => createQueue({ name: 'unordered-queue', ordered: false }, initial),
};
