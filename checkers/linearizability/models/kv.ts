// `kv`: Porcupine's key/value model (MIT 6.824 histories). Each key is an independent string register: put sets it,
// append concatenates, get reads it; a missing key reads "". Ops touch exactly one key, so the history is checked
// per key. Op values are `[key, value]` (or `{key, value}`); a get returns `[key, value]` (or just the value), and
// a get that returned nil is a read of an unknown value (a missing key reads "").
// A state carries a polynomial hash of its text that appends update in O(1), so the search never re-reads (or
// flattens) the growing strings to hash them. What a get read is kept as plain text: it is only ever compared with a
// state's text (a native comparison that stops at differing lengths), so it is never hashed — hashing every read,
// a character at a time, was most of the time a short check spent preparing calls.
import type { Op } from '../../../core/history/op.ts';
import {
  ILLEGAL,
  IntegerStep,
  UNKNOWN_VALUE,
  type IntegerForm,
  type Illegal,
  type Model,
  type ModelCall,
  type ModelFactory,
  unknownOperation,
} from '../model.ts';

/** A string with its polynomial hash: hash(a + b) = hash(a)·BASE^|b| + hash(b) (mod 2^32). */
export interface HashedText {
  text: string;
  hash: number;
  /** BASE^|text| mod 2^32, to append this text to another. */
  shift: number;
}

const BASE = 0x01000193;

function hashed(text: string): HashedText {
  let hash = 0;
  let shift = 1;
  for (let i = 0; i < text.length; i++) {
    hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
    shift = Math.imul(shift, BASE);
  }
  return { text, hash, shift };
}

const concat = (a: HashedText, b: HashedText): HashedText => ({
  text: a.text + b.text,
  hash: (Math.imul(a.hash, b.shift) + b.hash) | 0,
  shift: Math.imul(a.shift, b.shift),
});

const sameText = (a: HashedText, b: HashedText): boolean => a === b || (a.hash === b.hash && a.text === b.text);

const GET = 0;
const PUT = 1;
const OPERATIONS = ['get', 'put', 'append'];

export interface KvInput {
  /** GET, PUT, or 2 = append (parsed from OPERATIONS by index). */
  kind: typeof GET | typeof PUT | 2;
  key: string;
  /** [key], one array per key shared by all its calls (keysOf allocates nothing). */
  keys: readonly string[];
  /** The put/append argument. */
  value: HashedText;
}
/** The text a get read, or null when the outcome is unknown. */
export type KvOutput = string | null;

/** The (key, value) of `[key, value]` or `{key, value}`, or undefined. A pair array comes back as it is: no copy. */
function keyAndValue(raw: unknown): readonly [unknown, unknown] | undefined {
  if (Array.isArray(raw)) return raw.length === 2 ? (raw as [unknown, unknown]) : undefined;
  if (raw !== null && typeof raw === 'object' && 'key' in raw) {
    const record = raw as { key: unknown; value?: unknown };
    return [record.key, record.value ?? null];
  }
  return undefined;
}

const EMPTY = hashed('');

const asText = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/**
 * A kv `prepare`. Every get of one key has the same input: it is made once per key (`getInputs`), not per call, and
 * holds the key's `keys` array, which the key's puts and appends share.
 */
function kvPreparer(getInputs: Map<string, KvInput>): Model<HashedText, KvInput, KvOutput>['prepare'] {
  const getInput = (key: string): KvInput => {
    let input = getInputs.get(key);
    if (input === undefined) {
      input = { kind: GET, key, keys: [key], value: EMPTY };
      getInputs.set(key, input);
    }
    return input;
  };
  return (invoke: Op, completion: Op | null): ModelCall<KvInput, KvOutput> | string => {
    const kind = invoke.f === 'get' ? GET : invoke.f === 'put' ? PUT : invoke.f === 'append' ? 2 : -1;
    if (kind < 0) return unknownOperation(invoke.f, OPERATIONS);
    const argument = keyAndValue(invoke.value);
    const key = argument && asText(argument[0]);
    if (argument === undefined || key === undefined) {
      return `a kv value must be [key, value] or {key, value} with a string key, got ${JSON.stringify(invoke.value)}`;
    }
    if (kind === GET) {
      if (completion === null) return { input: getInput(key), output: null };
      const result = keyAndValue(completion.value);
      const raw = result ? result[1] : completion.value;
      if (raw === null || raw === undefined) return { input: getInput(key), output: null };
      const read = asText(raw);
      if (read === undefined) return `a get must return a string, got ${JSON.stringify(completion.value)}`;
      return { input: getInput(key), output: read };
    }
    const value = asText(argument[1]);
    if (value === undefined) return `${invoke.f} needs a string value, got ${JSON.stringify(argument[1])}`;
    return { input: { kind: kind as typeof PUT | 2, key, keys: getInput(key).keys, value: hashed(value) }, output: null };
  };
}

/**
 * The kv model's integer form: every text (a state, a value put, a value read) gets an id, equal texts the same one,
 * so a get is a READ and a put a WRITE; an append's next state is the id of the concatenated text (a HOST step).
 * Texts are found by their polynomial hash (an append's in O(1) from its parts) and then compared, so an append
 * never re-reads the text it extends unless that hash was seen before.
 */
function kvIntegerForm(): IntegerForm<HashedText, KvInput, KvOutput> {
  const texts: string[] = [];
  const hashes: number[] = [];
  const shifts: number[] = [];
  /** The last id given to a text with each hash; nextWithHash chains the earlier ones. */
  const lastWithHash = new Map<number, number>();
  const nextWithHash: number[] = [];
  const idOf = (text: string, hash: number, shift: number): number => {
    const last = lastWithHash.get(hash) ?? -1;
    for (let id = last; id >= 0; id = nextWithHash[id]!) if (texts[id] === text) return id;
    const id = texts.length;
    texts.push(text);
    hashes.push(hash);
    shifts.push(shift);
    nextWithHash.push(last);
    lastWithHash.set(hash, id);
    return id;
  };
  const idOfHashed = (h: HashedText): number => idOf(h.text, h.hash, h.shift);
  return {
    stateId: idOfHashed,
    encode(input, output, kind, a, b, i) {
      b[i] = 0;
      if (input.kind === GET) {
        kind[i] = IntegerStep.READ;
        a[i] = output === null ? UNKNOWN_VALUE : idOfHashed(hashed(output));
      } else if (input.kind === PUT) {
        kind[i] = IntegerStep.WRITE;
        a[i] = idOfHashed(input.value);
      } else {
        kind[i] = IntegerStep.HOST;
        // Not read by the kernel: the text appended, so that equal appends get equal codes.
        a[i] = idOfHashed(input.value);
      }
    },
    hostStep(state, input) {
      const { text, hash, shift } = input.value;
      return idOf(texts[state]! + text, (Math.imul(hashes[state]!, shift) + hash) | 0, Math.imul(shifts[state]!, shift));
    },
  };
}

function createKv(initial: unknown): Model<HashedText, KvInput, KvOutput> {
  const initialOf = (key: string): HashedText => {
    if (typeof initial === 'string') return hashed(initial);
    if (initial !== null && typeof initial === 'object') return hashed(asText((initial as Record<string, unknown>)[key]) ?? '');
    return EMPTY;
  };
  return {
    name: 'kv',
    prepare: kvPreparer(new Map()),
    keysOf: (input) => input.keys,
    initialState: (keys) => (keys.length === 1 ? initialOf(keys[0]!) : EMPTY),
    step(state, input, output): HashedText | Illegal {
      switch (input.kind) {
        case GET:
          return output === null || output === state.text ? state : ILLEGAL;
        case PUT:
          return input.value;
        default:
          return concat(state, input.value);
      }
    },
    readOnly: (input) => input.kind === GET,
    integerForm: kvIntegerForm,
    hash: (state) => state.hash,
    equal: sameText,
    describeState: (state) => JSON.stringify(state.text),
    describeCall(input, output) {
      if (input.kind === GET) return `get ${input.key} → ${output === null ? '?' : JSON.stringify(output)}`;
      return `${OPERATIONS[input.kind]} ${input.key} ${JSON.stringify(input.value.text)}`;
    },
    whyIllegal: (state, input, output) => `it read ${JSON.stringify(output)} but key ${input.key} held ${JSON.stringify(state.text)}`,
  };
}

export const kvModels: Record<string, ModelFactory> = { kv: createKv };
