// Wing & Gong's linearizability search with Lowe's memoisation (the algorithm Porcupine uses), for one sub-history.
//
// Calls and returns form doubly linked lists in real-time order. Walking from the front, any call met before the
// first return may be linearized next: if the model accepts it and the (linearized set, state) configuration is new,
// the call and its return are unlinked ("lifted") and pushed on a stack; meeting a return means the op it belongs to
// could not be placed in time, so the last choice is undone ("unlifted") and the walk resumes after it. There are two
// lists, sharing one pair of link arrays: the read-only calls with every return, and the other calls with every
// return (each return has an entry in both), so a walk for one kind of call never steps over calls of the other.
// Calls with an unknown outcome return at +infinity and are optional: the history is linearizable as soon as every
// call that completed ok has been placed, whatever the optional ones did.
//
// Two reductions keep the work near-linear in the history at low concurrency:
// - Read-only calls (Model.readOnly) are placed first: at each new configuration the walk looks for a legal
//   read-only candidate and, if there is one, places it without trying any other order from that configuration.
//   That is complete: a read legal now can be moved to now in any linearization of the rest (it leaves the state
//   as it was), so if placing it fails, the configuration fails. Read-only calls with an unknown outcome are left
//   out altogether (they may be omitted, and they change nothing).
// - Optional calls that do the same thing (equal input and output) are interchangeable: only the earliest one not
//   yet placed is tried, so the memo never sees the same choice made with another of them. And an optional call that
//   would leave the state as it is is not placed at all (leaving it out is never worse).
// - The linearized set is keyed by its frontier and holes (linearized-set.ts), and the longest partial
//   linearization is copied only from the lowest point the stack went back to, so no step costs O(history).
//
// The search runs in slices (`run(maxSteps)`), so the checker can interleave the partitions of one history, stop at
// the first one that fails, report progress and watch its time and memory budgets between slices.
//
// For models with an integer form the same walk runs in WebAssembly (kernel/); this one is its reference, and the
// tests hold the two to the same moves.
import { ConfigurationCache, OUT_OF_MEMORY, PRESENT, type CacheEntryCap } from './cache.ts';
import { LinearizedSet } from './linearized-set.ts';
import type { MemoryBudget } from './memory.ts';
import { ILLEGAL, type Model } from './model.ts';
import { anyValues, canonicalKey } from './values.ts';

export interface SearchCall<I, O> {
  input: I;
  output: O;
  /** false for calls with an unknown outcome: they may be left out of the linearization. */
  required: boolean;
  callPos: number;
  /** Infinity for calls with an unknown outcome. */
  returnPos: number;
}

/** true / false when decided, 'running' when the step allowance ran out first, 'out-of-memory' past the budget. */
export type SearchStatus = true | false | 'running' | 'out-of-memory';

/** Final avalanche (murmur3 fmix32) so linear probing sees well-spread hashes. */
function finalizeHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Links the entries in real-time order. Entry 4i is call i, in the list of its kind (`readOnly`); entries 4i+1 and
 * 4i+3 are its return, in the read-only list and in the other list. The lists start at the sentinels READS_HEAD(n)
 * and OTHERS_HEAD(n); -1 ends a list. `callPos` holds the calls' positions (ascending unless `sortedByCall` is false),
 * `returns` the finite returns packed as position · scale + call (one double each, so one native sort orders them),
 * and `endless` the calls whose return is at infinity, in call order: those returns go last. Positions are distinct,
 * so the order is total.
 */
function linkEntries(
  n: number,
  readOnly: Uint8Array,
  callPos: Float64Array,
  sortedByCall: boolean,
  returns: Float64Array,
  scale: number,
  endless: readonly number[],
): { next: Int32Array; prev: Int32Array } {
  const next = new Int32Array(4 * n + 4);
  const prev = new Int32Array(4 * n + 4);
  let order: Int32Array | undefined;
  if (!sortedByCall) {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => callPos[a]! - callPos[b]!);
  }
  const sortedReturns = returns.sort();
  const finite = sortedReturns.length;
  let reads = READS_HEAD(n);
  let others = OTHERS_HEAD(n);
  prev[reads] = -1;
  prev[others] = -1;
  let r = 0;
  // The next return's position and call, unpacked once each.
  let returnAt = finite > 0 ? Math.floor(sortedReturns[0]! / scale) : Infinity;
  for (let k = 0; k <= n; k++) {
    const call = k === n ? -1 : order === undefined ? k : order[k]!;
    // The returns before this call (after the last call: the remaining finite ones, then the endless ones).
    for (;;) {
      let returning: number;
      if (returnAt < (call < 0 ? Infinity : callPos[call]!)) {
        returning = sortedReturns[r]! - returnAt * scale;
        returnAt = ++r < finite ? Math.floor(sortedReturns[r]! / scale) : Infinity;
      } else if (call < 0 && r - finite < endless.length) returning = endless[r++ - finite]!;
      else break;
      next[reads] = 4 * returning + 1;
      prev[4 * returning + 1] = reads;
      reads = 4 * returning + 1;
      next[others] = 4 * returning + 3;
      prev[4 * returning + 3] = others;
      others = 4 * returning + 3;
    }
    if (call < 0) break;
    if (readOnly[call] === 1) {
      next[reads] = 4 * call;
      prev[4 * call] = reads;
      reads = 4 * call;
    } else {
      next[others] = 4 * call;
      prev[4 * call] = others;
      others = 4 * call;
    }
  }
  next[reads] = -1;
  next[others] = -1;
  return { next, prev };
}

/** The sentinel entries the two lists start at (see linkEntries). */
const READS_HEAD = (n: number): number => 4 * n;
const OTHERS_HEAD = (n: number): number => 4 * n + 2;

/**
 * Groups the optional calls (`optional`: their indices among the `n` calls kept, ascending) by equal (input, output),
 * which `keyOf` gives as a text: within a group any one may stand for any other. Only the optional calls are
 * visited: they are few.
 */
export function interchangeableClasses(
  n: number,
  optional: readonly number[],
  keyOf: (call: number) => string,
): {
  optionalClass: Int32Array;
  classMembers: Int32Array;
  classStart: Int32Array;
} {
  const optionalClass = new Int32Array(n).fill(-1);
  // Most sub-histories have no optional call at all.
  if (optional.length === 0) return { optionalClass, classMembers: new Int32Array(0), classStart: new Int32Array(0) };
  const members: number[][] = [];
  const classOf = new Map<string, number>();
  for (const i of optional) {
    const key = keyOf(i);
    let id = classOf.get(key);
    if (id === undefined) {
      id = members.length;
      classOf.set(key, id);
      members.push([]);
    }
    optionalClass[i] = id;
    members[id]!.push(i);
  }
  const classStart = new Int32Array(members.length);
  const classMembers = new Int32Array(members.reduce((sum, m) => sum + m.length, 0));
  let at = 0;
  members.forEach((m, id) => {
    classStart[id] = at;
    classMembers.set(m, at);
    at += m.length;
  });
  return { optionalClass, classMembers, classStart };
}

/**
 * What the walk works on: the calls kept (all but the optional read-only ones, which may be left out and change
 * nothing), the linked entry lists and the classes of interchangeable optional calls. Index k in every array is kept
 * call k. (The kernel builds the same from the calls itself: kernel/index.ts, and begin() in its assembly.)
 */
interface SearchPlan<I, O> {
  /** Index in the caller's call list of each kept call. */
  callIds: Int32Array;
  next: Int32Array;
  prev: Int32Array;
  inputs: I[];
  outputs: O[];
  /** 1 for calls that completed ok (they must be placed). */
  required: Uint8Array;
  requiredCount: number;
  optionalClass: Int32Array;
  classMembers: Int32Array;
  classStart: Int32Array;
}

function planSearch<S, I, O>(model: Model<S, I, O>, calls: readonly SearchCall<I, O>[]): SearchPlan<I, O> {
  const readOnlyOf = model.readOnly;
  // One pass over the calls keeps all but the optional read-only ones and gathers what the entry list is built from;
  // arrays are sized for all calls, the kept ones come first.
  const total = calls.length;
  const kept = new Int32Array(total);
  const inputs = anyValues<I>(total);
  const outputs = anyValues<O>(total);
  const requiredOf = new Uint8Array(total);
  const readOnly = new Uint8Array(total);
  const callPos = new Float64Array(total);
  const returns = new Float64Array(total);
  const scale = 2 ** Math.ceil(Math.log2(total + 1));
  const optional: number[] = [];
  const endless: number[] = [];
  let sortedByCall = true;
  let finite = 0;
  let required = 0;
  let n = 0;
  for (let i = 0; i < total; i++) {
    const c = calls[i]!;
    const isReadOnly = readOnlyOf !== undefined && readOnlyOf.call(model, c.input, c.output);
    if (!c.required && isReadOnly) continue;
    kept[n] = i;
    inputs[n] = c.input;
    outputs[n] = c.output;
    if (c.required) {
      requiredOf[n] = 1;
      required++;
    } else optional.push(n);
    if (isReadOnly) readOnly[n] = 1;
    callPos[n] = c.callPos;
    if (n > 0 && callPos[n - 1]! > c.callPos) sortedByCall = false;
    if (c.returnPos === Infinity) endless.push(n);
    else returns[finite++] = c.returnPos * scale + n;
    n++;
  }
  const callIds = kept.subarray(0, n);
  const { next, prev } = linkEntries(n, readOnly, callPos, sortedByCall, returns.subarray(0, finite), scale, endless);
  const keyOf = (call: number): string => `${canonicalKey(inputs[call])}\u0000${canonicalKey(outputs[call])}`;
  return { callIds, next, prev, inputs, outputs, required: requiredOf, requiredCount: required, ...interchangeableClasses(n, optional, keyOf) };
}

/** A search over one sub-history, whichever implementation walks it (this file's, or the kernel's). */
export interface Search {
  /** Advances the search by at most `maxSteps` steps. */
  run(maxSteps: number): SearchStatus;
  /** Configurations memoised so far. */
  readonly explored: number;
  /** true once a new configuration went unrecorded because of the entry cap. */
  readonly cacheSaturated: boolean;
  /** true once the search said linearizable or not. */
  readonly decided: boolean;
  /** Calls in the longest partial linearization found so far (the whole one once linearizable). */
  readonly longestLength: number;
  /** Indices (in the caller's list) of the linearization when valid, or of the longest partial one found, in order. */
  readonly longest: number[];
}

export class LinearizationSearch<S, I, O> implements Search {
  /** Index in the caller's call list of each call the search works on (optional read-only calls are left out). */
  private readonly callIds: Int32Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly inputs: I[];
  private readonly outputs: O[];
  private readonly required: Uint8Array;
  /** For optional calls, the class of interchangeable calls it belongs to; -1 for required calls. */
  private readonly optionalClass: Int32Array;
  /** The members of each class in call order, classes one after the other, starting at classStart[class]. */
  private readonly classMembers: Int32Array;
  private readonly classStart: Int32Array;
  /** Members of each class placed so far: always its first ones. */
  private readonly classPlaced: Int32Array;
  private readonly set: LinearizedSet;
  private readonly cache: ConfigurationCache<S>;
  private readonly stackCalls: Int32Array;
  private readonly stackStates: S[];
  /** 1 when the frame's call was placed as a legal read-only call: undoing it means its configuration failed. */
  private readonly stackForced: Uint8Array;
  private readonly readsHead: number;
  private readonly othersHead: number;

  private remaining: number;
  private depth = 0;
  private state: S;
  private entry: number;
  /** true while the walk looks only for a legal read-only call to place (in the read-only list). */
  private forcing = true;
  private status: SearchStatus = 'running';
  private readonly longestCalls: Int32Array;
  private longestDepth = 0;
  /** Lowest depth since longestCalls was last updated: stackCalls and longestCalls agree below it. */
  private lowWater = 0;

  constructor(
    private readonly model: Model<S, I, O>,
    calls: readonly SearchCall<I, O>[],
    initial: S,
    cap: CacheEntryCap,
    budget: MemoryBudget,
  ) {
    const plan = planSearch(model, calls);
    const n = plan.callIds.length;
    ({ callIds: this.callIds, next: this.next, prev: this.prev, inputs: this.inputs, outputs: this.outputs, required: this.required } = plan);
    ({ optionalClass: this.optionalClass, classMembers: this.classMembers, classStart: this.classStart } = plan);
    this.readsHead = READS_HEAD(n);
    this.othersHead = OTHERS_HEAD(n);
    this.classPlaced = new Int32Array(this.classStart.length);
    this.set = new LinearizedSet(n);
    this.cache = new ConfigurationCache<S>(model, cap, budget, n);
    this.stackCalls = new Int32Array(n);
    this.stackStates = anyValues<S>(n);
    this.stackForced = new Uint8Array(n);
    this.longestCalls = new Int32Array(n);
    this.remaining = plan.requiredCount;
    this.state = initial;
    this.entry = this.next[this.readsHead]!;
    if (this.remaining === 0) this.status = true;
  }

  /** Configurations memoised so far. */
  get explored(): number {
    return this.cache.size;
  }

  get cacheSaturated(): boolean {
    return this.cache.saturated;
  }

  /** true once the search said linearizable or not. */
  get decided(): boolean {
    return this.status === true || this.status === false;
  }

  /** Calls in the longest partial linearization found so far. */
  get longestLength(): number {
    return this.status === true ? this.depth : this.longestDepth;
  }

  /** Indices (in the caller's list) of the linearization when valid, or of the longest partial one found, in order. */
  get longest(): number[] {
    const calls = this.status === true ? this.stackCalls.subarray(0, this.depth) : this.longestCalls.subarray(0, this.longestDepth);
    return Array.from(calls, (c) => this.callIds[c]!);
  }

  /** Advances the search by at most `maxSteps` steps. */
  run(maxSteps: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { model, next, prev, inputs, outputs, required, set, cache, stackCalls, stackStates, stackForced, readsHead, othersHead } = this;
    const { optionalClass, classMembers, classStart, classPlaced } = this;
    let { remaining, depth, state, entry, forcing } = this;
    let status: SearchStatus = 'running';
    for (let steps = 0; steps < maxSteps; steps++) {
      if ((entry & 1) === 0) {
        // A call that may be linearized next: a read while forcing, another call otherwise (the list holds no other).
        const call = entry >> 2;
        const optional = optionalClass[call]!;
        if (optional >= 0 && classMembers[classStart[optional]! + classPlaced[optional]!] !== call) {
          // An interchangeable call placed earlier would do: only the first one not placed is tried.
          entry = next[entry]!;
          continue;
        }
        const nextState = model.step(state, inputs[call]!, outputs[call]!);
        if (nextState === ILLEGAL || (optional >= 0 && model.equal(nextState, state))) {
          entry = next[entry]!;
          continue;
        }
        set.add(call);
        const outcome = cache.addIfAbsent(finalizeHash(set.hash ^ Math.imul(model.hash(nextState), 0x9e3779b1)), set, nextState);
        if (outcome === OUT_OF_MEMORY) {
          set.undo(call);
          status = 'out-of-memory';
          break;
        }
        if (outcome !== PRESENT) {
          stackCalls[depth] = call;
          stackStates[depth] = state;
          stackForced[depth] = forcing ? 1 : 0;
          if (optional >= 0) classPlaced[optional]!++;
          depth++;
          state = nextState;
          // Lift: unlink the call entry and its return's two entries (inline: this is the hot loop).
          const readsReturn = entry + 1;
          const othersReturn = entry + 3;
          next[prev[entry]!] = next[entry]!;
          if (next[entry]! !== -1) prev[next[entry]!] = prev[entry]!;
          next[prev[readsReturn]!] = next[readsReturn]!;
          if (next[readsReturn]! !== -1) prev[next[readsReturn]!] = prev[readsReturn]!;
          next[prev[othersReturn]!] = next[othersReturn]!;
          if (next[othersReturn]! !== -1) prev[next[othersReturn]!] = prev[othersReturn]!;
          if (required[call] === 1 && --remaining === 0) {
            status = true;
            break;
          }
          if (depth > this.longestDepth) this.recordLongest(depth);
          // After a read, the reads before it are still illegal (same state): go on from where it was. Else start over.
          entry = forcing ? next[prev[entry]!]! : next[readsHead]!;
          forcing = true;
          continue;
        }
        set.undo(call);
        if (!forcing) {
          entry = next[entry]!;
          continue;
        }
        // A legal read leads to a configuration that already failed: so does this one. Fall through to undo.
      } else if (forcing) {
        // No read can be placed here: try the other calls, from the front of their list. With none before the first
        // return, this configuration is a dead end (the walk meets that return next).
        forcing = false;
        entry = next[othersHead]!;
        continue;
      }
      // Dead end: undo choices until one that was a real choice, and try the calls after it.
      let resumed = false;
      while (depth > 0) {
        depth--;
        if (depth < this.lowWater) this.lowWater = depth;
        const call = stackCalls[depth]!;
        state = stackStates[depth]!;
        set.undo(call);
        if (required[call] === 1) remaining++;
        else if (optionalClass[call]! >= 0) classPlaced[optionalClass[call]!]!--;
        // Unlift in reverse order: the return's entries first, then the call entry.
        const callEntry = 4 * call;
        const readsReturn = callEntry + 1;
        const othersReturn = callEntry + 3;
        next[prev[othersReturn]!] = othersReturn;
        if (next[othersReturn]! !== -1) prev[next[othersReturn]!] = othersReturn;
        next[prev[readsReturn]!] = readsReturn;
        if (next[readsReturn]! !== -1) prev[next[readsReturn]!] = readsReturn;
        next[prev[callEntry]!] = callEntry;
        if (next[callEntry]! !== -1) prev[next[callEntry]!] = callEntry;
        if (stackForced[depth] === 0) {
          // A call placed while not forcing is not read-only: the walk goes on in the other calls' list.
          entry = next[callEntry]!;
          forcing = false;
          resumed = true;
          break;
        }
      }
      if (!resumed) {
        status = false;
        break;
      }
    }
    this.remaining = remaining;
    this.depth = depth;
    this.state = state;
    this.entry = entry;
    this.forcing = forcing;
    this.status = status;
    return status;
  }

  /** Copies the stack into longestCalls from the lowest depth it changed at. */
  private recordLongest(depth: number): void {
    // A loop, not subarray + set: this runs at nearly every step forward, and must not allocate.
    const { stackCalls, longestCalls } = this;
    for (let d = this.lowWater; d < depth; d++) longestCalls[d] = stackCalls[d]!;
    this.longestDepth = depth;
    this.lowWater = depth;
  }
}
