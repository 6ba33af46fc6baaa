// Wing & Gong's linearizability search with Lowe's memoisation (the algorithm Porcupine uses), for one sub-history.
//
// Calls and returns form one doubly linked list in real-time order. Walking from the front, any call met before the
// first return may be linearized next: if the model accepts it and the (linearized set, state) configuration is new,
// the call and its return are unlinked ("lifted") and pushed on a stack; meeting a return means the op it belongs to
// could not be placed in time, so the last choice is undone ("unlifted") and the walk resumes after it.
// Calls with an unknown outcome return at +infinity and are optional: the history is linearizable as soon as every
// call that completed ok has been placed, whatever the optional ones did.
//
// The search runs in slices (`run(maxSteps)`), so the checker can interleave the partitions of one history and stop
// at the first one that fails, as a parallel checker would.
//
// Limits: the problem is NP-complete, so a search is exponential in the worst case (many concurrent calls whose
// orders the memo cannot merge); the checker's time budget is checked between slices (every 20,000 steps per
// partition) and ends the check with 'unknown', never with a guess. Memory: one stack frame per call plus one memo
// entry per distinct configuration (about 4·⌈n/32⌉ + 24 bytes plus the state); past the shared budget the memo stops
// growing, and the search stays correct but may revisit configurations.
import { ConfigurationCache, type CacheBudget } from './cache.ts';
import { ILLEGAL, type Model } from './model.ts';

export interface SearchCall<I, O> {
  input: I;
  output: O;
  /** false for calls with an unknown outcome: they may be left out of the linearization. */
  required: boolean;
  callPos: number;
  /** Infinity for calls with an unknown outcome. */
  returnPos: number;
}

/** true / false when decided, 'running' when the step allowance ran out first. */
export type SearchStatus = true | false | 'running';

/** Deterministic per-call random words, so bitset hashes are updated with one xor (Zobrist hashing). */
function zobristKeys(count: number): Int32Array {
  const keys = new Int32Array(count);
  let x = 0x2545f491;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    keys[i] = x;
  }
  return keys;
}

/** Final avalanche (murmur3 fmix32) so linear probing sees well-spread hashes. */
function finalizeHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Builds the entry list. Entry 2i is call i, entry 2i+1 its return, entry 2n the head sentinel; -1 ends the list.
 * Optional calls' returns (position Infinity) all go last.
 */
function linkEntries(calls: readonly SearchCall<unknown, unknown>[]): { next: Int32Array; prev: Int32Array } {
  const n = calls.length;
  const entries: number[] = [];
  for (let i = 0; i < n; i++) entries.push(2 * i, 2 * i + 1);
  const position = (e: number): number => (e & 1 ? calls[e >> 1]!.returnPos : calls[e >> 1]!.callPos);
  entries.sort((a, b) => position(a) - position(b) || a - b);
  const next = new Int32Array(2 * n + 1).fill(-1);
  const prev = new Int32Array(2 * n + 1).fill(-1);
  let cursor = 2 * n;
  for (const e of entries) {
    next[cursor] = e;
    prev[e] = cursor;
    cursor = e;
  }
  return { next, prev };
}

export class LinearizationSearch<S, I, O> {
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly inputs: I[];
  private readonly outputs: O[];
  private readonly required: Uint8Array;
  private readonly zobrist: Int32Array;
  private readonly bitset: Uint32Array;
  private readonly cache: ConfigurationCache<S>;
  private readonly stackCalls: Int32Array;
  private readonly stackStates: S[];
  private readonly head: number;

  private remaining: number;
  private depth = 0;
  private setHash = 0;
  private state: S;
  private entry: number;
  private status: SearchStatus = 'running';
  private longestFound: number[] = [];

  constructor(
    private readonly model: Model<S, I, O>,
    calls: readonly SearchCall<I, O>[],
    initial: S,
    budget: CacheBudget,
  ) {
    const n = calls.length;
    this.head = 2 * n;
    ({ next: this.next, prev: this.prev } = linkEntries(calls));
    this.inputs = calls.map((c) => c.input);
    this.outputs = calls.map((c) => c.output);
    this.required = Uint8Array.from(calls, (c) => (c.required ? 1 : 0));
    this.zobrist = zobristKeys(n);
    this.bitset = new Uint32Array(Math.max(1, Math.ceil(n / 32)));
    this.cache = new ConfigurationCache<S>(this.bitset.length, model, budget, n);
    this.stackCalls = new Int32Array(n);
    this.stackStates = new Array<S>(n);
    this.remaining = this.required.reduce((sum, r) => sum + r, 0);
    this.state = initial;
    this.entry = this.next[this.head]!;
    if (this.remaining === 0) this.status = true;
  }

  /** Configurations memoised so far. */
  get explored(): number {
    return this.cache.size;
  }

  get cacheSaturated(): boolean {
    return this.cache.saturated;
  }

  /** Call indices of the linearization (when valid) or of the longest partial one found, in order. */
  get longest(): number[] {
    return this.status === true ? Array.from(this.stackCalls.subarray(0, this.depth)) : this.longestFound;
  }

  /** Advances the search by at most `maxSteps` steps. */
  run(maxSteps: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { model, next, prev, inputs, outputs, required, zobrist, bitset, cache, stackCalls, stackStates, head } = this;
    let { remaining, depth, setHash, state, entry } = this;
    let status: SearchStatus = 'running';
    for (let steps = 0; steps < maxSteps; steps++) {
      if ((entry & 1) === 0) {
        // A call that may be linearized next.
        const call = entry >> 1;
        const nextState = model.step(state, inputs[call]!, outputs[call]!);
        if (nextState !== ILLEGAL) {
          const word = call >>> 5;
          const bit = 1 << (call & 31);
          bitset[word]! |= bit;
          const hash = finalizeHash(setHash ^ zobrist[call]! ^ Math.imul(model.hash(nextState), 0x9e3779b1));
          if (cache.addIfAbsent(hash, bitset, nextState)) {
            stackCalls[depth] = call;
            stackStates[depth] = state;
            depth++;
            setHash ^= zobrist[call]!;
            state = nextState;
            // Lift: unlink the call entry and its return entry.
            const ret = entry + 1;
            next[prev[entry]!] = next[entry]!;
            if (next[entry]! !== -1) prev[next[entry]!] = prev[entry]!;
            next[prev[ret]!] = next[ret]!;
            if (next[ret]! !== -1) prev[next[ret]!] = prev[ret]!;
            if (required[call] === 1 && --remaining === 0) {
              status = true;
              break;
            }
            if (depth > this.longestFound.length) this.longestFound = Array.from(stackCalls.subarray(0, depth));
            entry = next[head]!;
            continue;
          }
          bitset[word]! &= ~bit;
        }
        entry = next[entry]!;
      } else {
        // The first return in the list: its call was not placed in time. Undo the last choice.
        if (depth === 0) {
          status = false;
          break;
        }
        depth--;
        const call = stackCalls[depth]!;
        state = stackStates[depth]!;
        bitset[call >>> 5]! &= ~(1 << (call & 31));
        setHash ^= zobrist[call]!;
        if (required[call] === 1) remaining++;
        // Unlift in reverse order: the return entry first, then the call entry.
        const callEntry = 2 * call;
        const ret = callEntry + 1;
        next[prev[ret]!] = ret;
        if (next[ret]! !== -1) prev[next[ret]!] = ret;
        next[prev[callEntry]!] = callEntry;
        if (next[callEntry]! !== -1) prev[next[callEntry]!] = callEntry;
        entry = next[callEntry]!;
      }
    }
    this.remaining = remaining;
    this.depth = depth;
    this.setHash = setHash;
    this.state = state;
    this.entry = entry;
    this.status = status;
    return status;
  }
}
