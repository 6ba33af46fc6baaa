// `mutex`: a single lock (Knossos semantics). acquire needs it free, release needs it held.
import { ILLEGAL, type Illegal, type Model, type ModelFactory, unknownOperation } from '../model.ts';

const OPERATIONS = ['acquire', 'release'];
const FREE = 0;
const HELD = 1;

function createMutex(initial: unknown): Model<number, number, null> {
  const initialState = initial === true || initial === 'held' || initial === 'locked' ? HELD : FREE;
  return {
    name: 'mutex',
    prepare(invoke) {
      const kind = OPERATIONS.indexOf(invoke.f);
      return kind < 0 ? unknownOperation(invoke.f, OPERATIONS) : { input: kind, output: null };
    },
    initialState: () => initialState,
    // input 0 = acquire (FREE → HELD), 1 = release (HELD → FREE).
    step: (state, input): number | Illegal => (input === 0 ? (state === FREE ? HELD : ILLEGAL) : state === HELD ? FREE : ILLEGAL),
    hash: (state) => state,
    equal: (a, b) => a === b,
    describeState: (state) => (state === HELD ? 'held' : 'free'),
    describeCall: (input) => OPERATIONS[input]!,
    whyIllegal: (_state, input) => (input === 0 ? 'the mutex was already held' : 'the mutex was not held'),
  };
}

export const mutexModels: Record<string, ModelFactory> = { mutex: createMutex };
