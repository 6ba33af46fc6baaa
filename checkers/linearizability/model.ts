// The contract between the linearizability search and a sequential specification ("model"), plus the error raised
// when a history does not fit the model it is checked against.
import type { Op } from '../../core/history/op.ts';
import type { ClientCall } from './history.ts';

/** Returned by `Model.step` when the operation cannot take effect in the given state. */
export const ILLEGAL: unique symbol = Symbol('illegal');
export type Illegal = typeof ILLEGAL;

/** A client operation translated into the model's terms. */
export interface ModelCall<I, O> {
  input: I;
  /** What the op returned; models encode "unknown outcome" (info / never completed) inside O themselves. */
  output: O;
}

/**
 * A deterministic sequential specification. The search treats states as immutable values: `step` must return a new
 * state (or the same one) and never mutate its argument.
 */
export interface Model<S = unknown, I = unknown, O = unknown> {
  readonly name: string;
  /**
   * Translates one op pair into input/output, or returns a sentence saying why it does not fit this model.
   * `completion` is the ok completion, or null when the outcome is unknown (info, or no completion at all).
   */
  prepare(invoke: Op, completion: Op | null): ModelCall<I, O> | string;
  /**
   * Optional: sees every client call once, before any is prepared, to learn facts that hold in every linearization
   * (e.g. where a uniquely-valued append must have landed) and that `prepare` may then use. It must never rule out a
   * linearization the model would otherwise accept: it may only narrow what the search has to try.
   */
  learn?(calls: readonly ClientCall[]): void;
  /**
   * The keys an op touches, when the model is P-compositional (ops on disjoint key sets never constrain each other).
   * Ops whose key sets overlap end up in the same partition. Omit for models that cannot be split.
   */
  keysOf?(input: I): readonly string[];
  /** Initial state of a sub-history touching `keys` (all keys; empty when the model is not partitioned). */
  initialState(keys: readonly string[]): S;
  step(state: S, input: I, output: O): S | Illegal;
  /**
   * Optional: true when the call can never change the state — `step` returns an equal state or ILLEGAL, whatever
   * the state (a read). The search then places such a call as soon as it is legal, without trying other orders
   * first (an earlier read of the same state is never worse), and leaves out those with an unknown outcome.
   */
  readOnly?(input: I, output: O): boolean;
  /**
   * Optional: true for a call with an unknown outcome whose effect no other call observed (an append no read
   * returned). The checker first searches without such calls — that they never took effect is always a legal
   * choice, so a linearization of the rest is one of the whole history — and falls back to the full search only
   * when that fails. A wrong answer here can cost time, never soundness.
   */
  unobserved?(input: I, output: O): boolean;
  /**
   * Optional: a fresh integer form of this model for one check (its own interner), with which the WebAssembly search
   * kernel (kernel/) walks the search instead of the JavaScript one. Models without it are searched in JavaScript.
   */
  integerForm?(): IntegerForm<S, I, O>;
  /** 32-bit hash consistent with `equal`. */
  hash(state: S): number;
  equal(a: S, b: S): boolean;
  describeState(state: S): string;
  describeCall(input: I, output: O): string;
  /** Why `step(state, input, output)` is illegal, as a clause such as "read 3 but the register held 1". */
  whyIllegal(state: S, input: I, output: O): string;
}

/** How an integer-form call steps the state (see IntegerForm). */
export const IntegerStep = {
  /** Legal when the state is `a`, or always when `a` is UNKNOWN_VALUE; leaves the state as it is. */
  READ: 0,
  /** Sets the state to `a`. */
  WRITE: 1,
  /** Legal when the state is `a`; sets it to `b`. */
  CAS: 2,
  /** The model's `hostStep` computes the next state (asked once per state and call). */
  HOST: 3,
} as const;
export type IntegerStepKind = (typeof IntegerStep)[keyof typeof IntegerStep];
/** The `a` of a READ whose value is unknown (it may have read anything). */
export const UNKNOWN_VALUE = -1;

/**
 * A model's states as non-negative integers, equal exactly when the states are equal (`equal`), and its calls as
 * steps on them. `encode` fills slot i of the three arrays; READ calls must be those `readOnly` says are, and two
 * calls of one sub-history must get the same (kind, a, b) exactly when they are equal (same input and output).
 */
export interface IntegerForm<S, I, O> {
  stateId(state: S): number;
  encode(input: I, output: O, kind: Int32Array, a: Int32Array, b: Int32Array, i: number): void;
  /** For HOST calls: the id of the state after the call, or -1 when the call is illegal in `state`. */
  hostStep?(state: number, input: I, output: O): number;
}

/** Creates a fresh model (with its own value interner) for one check. `initial` comes from the checker options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a factory may make a model of any state and op types
export type ModelFactory = (initial: unknown) => Model<any, any, any>;

/** The history does not fit the model: an unknown operation, or a value of the wrong shape. */
export class ModelMismatchError extends Error {
  override readonly name = 'ModelMismatchError';
  constructor(
    readonly model: string,
    readonly opIndex: number,
    readonly reason: string,
  ) {
    super(`op ${opIndex} does not fit model ${model}: ${reason}`);
  }
}

/** Helper for `prepare`: "f 'cas' is not an operation of this model (expected read, write)". */
export const unknownOperation = (f: string, expected: readonly string[]): string =>
  `f '${f}' is not an operation of this model (expected ${expected.join(', ')})`;
