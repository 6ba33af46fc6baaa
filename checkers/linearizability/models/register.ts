// Single-register models: `register` (read/write) and `cas-register` (plus cas) with Knossos's semantics, where a
// read that returned nil tells nothing; and `etcd-register`, where nil is a real value meaning "key absent".
// States are interned value ids (0 = nil), so stepping and hashing are integer operations.
import type { Op } from '../../../core/history/op.ts';
import { ILLEGAL, IntegerStep, type Illegal, type Model, type ModelCall, type ModelFactory, unknownOperation } from '../model.ts';
import { ValueInterner } from '../values.ts';

const READ = 0;
const WRITE = 1;
const CAS = 2;

/** `value` is the written value (write), the expected value (cas) or unused (read); `next` is cas's new value. */
export interface RegisterInput {
  kind: typeof READ | typeof WRITE | typeof CAS;
  value: number;
  next: number;
}
/** For reads: the id of the value read, or UNKNOWN_READ. Unused otherwise. */
export type RegisterOutput = number;
const UNKNOWN_READ = -1;

interface RegisterFlavour {
  name: string;
  withCas: boolean;
  /** etcd: a nil read asserts the key is absent. Knossos: a nil read is a read of an unknown value. */
  nilReadMeansAbsent: boolean;
}

function createRegister(flavour: RegisterFlavour, initial: unknown): Model<number, RegisterInput, RegisterOutput> {
  const values = new ValueInterner();
  const initialId = values.id(initial);
  const operations = flavour.withCas ? ['read', 'write', 'cas'] : ['read', 'write'];

  const readOutput = (completion: Op | null): number => {
    if (completion === null) return UNKNOWN_READ;
    const read = completion.value;
    if ((read === null || read === undefined) && !flavour.nilReadMeansAbsent) return UNKNOWN_READ;
    return values.id(read);
  };

  return {
    name: flavour.name,
    prepare(invoke, completion): ModelCall<RegisterInput, RegisterOutput> | string {
      switch (invoke.f) {
        case 'read':
          return { input: { kind: READ, value: 0, next: 0 }, output: readOutput(completion) };
        case 'write':
          return { input: { kind: WRITE, value: values.id(invoke.value), next: 0 }, output: 0 };
        case 'cas': {
          if (!flavour.withCas) return unknownOperation(invoke.f, operations);
          const pair = invoke.value;
          if (!Array.isArray(pair) || pair.length !== 2) {
            return `a cas value must be [expected, new], got ${JSON.stringify(pair)}`;
          }
          return { input: { kind: CAS, value: values.id(pair[0]), next: values.id(pair[1]) }, output: 0 };
        }
        default:
          return unknownOperation(invoke.f, operations);
      }
    },
    initialState: () => initialId,
    step(state, input, output): number | Illegal {
      switch (input.kind) {
        case READ:
          return output === UNKNOWN_READ || output === state ? state : ILLEGAL;
        case WRITE:
          return input.value;
        default:
          return input.value === state ? input.next : ILLEGAL;
      }
    },
    readOnly: (input) => input.kind === READ,
    // States are value ids already, and UNKNOWN_READ is the kernel's unknown value (-1).
    integerForm: () => ({
      stateId: (state) => state,
      encode(input, output, kind, a, b, i) {
        kind[i] = input.kind === READ ? IntegerStep.READ : input.kind === WRITE ? IntegerStep.WRITE : IntegerStep.CAS;
        a[i] = input.kind === READ ? output : input.value;
        b[i] = input.next;
      },
    }),
    hash: (state) => state,
    equal: (a, b) => a === b,
    describeState: (state) => values.render(state),
    describeCall(input, output) {
      switch (input.kind) {
        case READ:
          return output === UNKNOWN_READ ? 'read ?' : `read ${values.render(output)}`;
        case WRITE:
          return `write ${values.render(input.value)}`;
        default:
          return `cas ${values.render(input.value)}→${values.render(input.next)}`;
      }
    },
    whyIllegal(state, input, output) {
      const held = `the register held ${values.render(state)}`;
      if (input.kind === READ) return `it read ${values.render(output)} but ${held}`;
      return `it expected ${values.render(input.value)} but ${held}`;
    },
  };
}

export const registerModels: Record<string, ModelFactory> = {
  register: (initial) => createRegister({ name: 'register', withCas: false, nilReadMeansAbsent: false }, initial),
  'cas-register': (initial) => createRegister({ name: 'cas-register', withCas: true, nilReadMeansAbsent: false }, initial),
  'etcd-register': (initial) => createRegister({ name: 'etcd-register', withCas: true, nilReadMeansAbsent: true }, initial),
};
