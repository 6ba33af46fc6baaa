// `multi-register`: a map of registers updated by transactions (Knossos semantics). f is `txn`, the value a list of
// micro-ops `[read|write, key, value]`, applied in order; a read of nil is a read of an unknown value. Keys a txn
// touches together are checked together (the partitioner joins them).
// A state holds only its partition's keys: an Int32Array of (key id, value id) pairs sorted by key id.
import type { Op } from '../../../core/history/op.ts';
import { ILLEGAL, type Illegal, type Model, type ModelCall, type ModelFactory, unknownOperation } from '../model.ts';
import { ValueInterner, hashInts, renderValue, sameInts } from '../values.ts';

const READ = 0;
const WRITE = 1;
/** A micro-op read with no known result. */
const UNKNOWN = -1;

export interface TxnInput {
  /** Flat triples: kind, key id, value id (UNKNOWN for reads whose result is not known). */
  micro: Int32Array;
  keys: string[];
}

function createMultiRegister(initial: unknown): Model<Int32Array, TxnInput, null> {
  const values = new ValueInterner();
  const keyIds = new Map<string, number>();
  const keyNames: string[] = [];
  const keyId = (key: string): number => {
    let id = keyIds.get(key);
    if (id === undefined) {
      id = keyNames.length;
      keyIds.set(key, id);
      keyNames.push(key);
    }
    return id;
  };
  const initialValues = (initial ?? {}) as Record<string, unknown>;
  const slotOf = (state: Int32Array, key: number): number => {
    for (let i = 0; i < state.length; i += 2) if (state[i] === key) return i + 1;
    return -1;
  };

  const prepare = (invoke: Op, completion: Op | null): ModelCall<TxnInput, null> | string => {
    if (invoke.f !== 'txn') return unknownOperation(invoke.f, ['txn']);
    // Reads are filled in by the completion; with an unknown outcome only the invocation's writes are known.
    const txn = completion ? completion.value : invoke.value;
    if (!Array.isArray(txn)) return `a txn value must be a list of [read|write, key, value], got ${JSON.stringify(txn)}`;
    const micro = new Int32Array(txn.length * 3);
    const keys = new Set<string>();
    for (let i = 0; i < txn.length; i++) {
      const mop: unknown = txn[i];
      if (!Array.isArray(mop) || mop.length !== 3 || (mop[0] !== 'read' && mop[0] !== 'write') || (typeof mop[1] !== 'string' && typeof mop[1] !== 'number')) {
        return `micro-op ${i} must be [read|write, key, value], got ${JSON.stringify(mop)}`;
      }
      const key = String(mop[1]);
      keys.add(key);
      const known = completion !== null && mop[2] !== null && mop[2] !== undefined;
      micro[3 * i] = mop[0] === 'read' ? READ : WRITE;
      micro[3 * i + 1] = keyId(key);
      micro[3 * i + 2] = mop[0] === 'write' ? values.id(mop[2]) : known ? values.id(mop[2]) : UNKNOWN;
    }
    return { input: { micro, keys: [...keys] }, output: null };
  };

  return {
    name: 'multi-register',
    prepare,
    keysOf: (input) => input.keys,
    initialState(keys) {
      const ids = keys.map(keyId).sort((a, b) => a - b);
      const state = new Int32Array(ids.length * 2);
      ids.forEach((id, i) => {
        state[2 * i] = id;
        state[2 * i + 1] = values.id(initialValues[keyNames[id]!]);
      });
      return state;
    },
    step(state, input): Int32Array | Illegal {
      let current = state;
      const { micro } = input;
      for (let i = 0; i < micro.length; i += 3) {
        const slot = slotOf(current, micro[i + 1]!);
        if (slot < 0) return ILLEGAL; // cannot happen for partitioned input; kept as a guard
        if (micro[i] === READ) {
          if (micro[i + 2] !== UNKNOWN && micro[i + 2] !== current[slot]) return ILLEGAL;
        } else if (current[slot] !== micro[i + 2]) {
          if (current === state) current = state.slice();
          current[slot] = micro[i + 2]!;
        }
      }
      return current;
    },
    readOnly(input) {
      for (let i = 0; i < input.micro.length; i += 3) if (input.micro[i] === WRITE) return false;
      return true;
    },
    hash: hashInts,
    equal: sameInts,
    describeState(state) {
      const parts: string[] = [];
      for (let i = 0; i < state.length; i += 2) parts.push(`${renderValue(keyNames[state[i]!])} ${values.render(state[i + 1]!)}`);
      return `{${parts.join(', ')}}`;
    },
    describeCall(input) {
      const parts: string[] = [];
      for (let i = 0; i < input.micro.length; i += 3) {
        const value = input.micro[i + 2]!;
        parts.push(`${input.micro[i] === READ ? 'r' : 'w'} ${keyNames[input.micro[i + 1]!]} ${value === UNKNOWN ? '?' : values.render(value)}`);
      }
      return `txn [${parts.join(', ')}]`;
    },
    whyIllegal(state, input) {
      let current = state;
      for (let i = 0; i < input.micro.length; i += 3) {
        const slot = slotOf(current, input.micro[i + 1]!);
        const value = input.micro[i + 2]!;
        if (input.micro[i] === WRITE) {
          current = current.slice();
          current[slot] = value;
        } else if (value !== UNKNOWN && value !== current[slot]) {
          return `it read ${values.render(value)} from key ${keyNames[input.micro[i + 1]!]} but the key held ${values.render(current[slot]!)}`;
        }
      }
      return 'it is not legal in this state';
    },
  };
}

export const multiRegisterModels: Record<string, ModelFactory> = { 'multi-register': createMultiRegister };
