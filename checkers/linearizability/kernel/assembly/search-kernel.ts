// The search kernel, in AssemblyScript (compiled to WebAssembly by `npm run build`): the hot loop of the
// linearizability search (../../search.ts, the reference implementation it must agree with step for step), with its
// linearized set and memo, for models whose states are integers. A fresh process runs JavaScript in V8's interpreter
// for the first milliseconds, which is all a check of a few thousand calls lasts; WebAssembly is compiled before it
// runs, so this loop runs as machine code from its first step.
//
// The calls the reference search keeps, encoded, with the interchangeable optional ones grouped, come into this
// module's arrays from the JavaScript side (../index.ts) or, for a history the kernel read itself, from the history
// reader (history-reader.ts, partitionSearch()); begin() links them into the entry lists as the reference's
// planSearch does. Calls step the state by kind: a read (legal when the state is the value read, or always when the
// value is unknown), a write, a compare-and-set, an append of a text (texts.ts), or a step the host computes
// (`hostStep`); appends and host steps are memoised here per state and call. Memory is reserved
// from the check's budget through `reserve` before any array grows; a refusal stops the search with OUT_OF_MEMORY.
// One instance serves a thread's checks, one at a time: each check starts with reset(), which frees the last one's
// arrays (the memory itself stays at its high-water mark).

import { grown } from './arrays';
import { hostStep, reserve } from './host';
import {
  APPEND,
  CAS,
  planPartition,
  plannedCalls,
  plannedClasses,
  plannedRequired,
  partitionInitialState,
  partitionSize,
  READ,
  resetReader,
  WRITE,
} from './history-reader';
import { internAppend, NO_TEXT_ROOM, resetTexts } from './texts';

export {
  historyBuffer,
  historyCalls,
  historyOps,
  historyPartitions,
  historyUnknownCalls,
  partitionCallPositions,
  partitionLines,
  partitionLinesLength,
  partitionSize,
  readHistory,
} from './history-reader';

const HOST: i32 = 3;

const ILLEGAL: i32 = -1;
const UNKNOWN_READ: i32 = -1;

// Search statuses, as run() returns them.
const FAILED: i32 = 0;
const LINEARIZABLE: i32 = 1;
const RUNNING: i32 = 2;
const OUT_OF_MEMORY: i32 = 3;

// What the memo found (as cache.ts).
const ADDED: i32 = 0;
const PRESENT: i32 = 1;
const NOT_RECORDED: i32 = 2;
const NO_ROOM: i32 = 3;

const MIN_INITIAL_ENTRIES: i32 = 64;
const MAX_INITIAL_ENTRIES: i32 = 4096;

/** Per-call random words for the set's order-independent hash (xorshift32, as linearized-set.ts). */
let zobrist = new StaticArray<i32>(0);
let zobristState: i32 = 0x2545f491;

function zobristKeys(count: i32): StaticArray<i32> {
  if (count > zobrist.length) {
    const table = new StaticArray<i32>(max(count, 2 * zobrist.length));
    for (let i = 0; i < zobrist.length; i++) table[i] = zobrist[i];
    let x = zobristState;
    for (let i = zobrist.length; i < table.length; i++) {
      x ^= x << 13;
      x ^= <i32>((<u32>x) >> 17);
      x ^= x << 5;
      table[i] = x;
    }
    zobristState = x;
    zobrist = table;
  }
  return zobrist;
}

/** murmur3's fmix32, as search.ts. */
function finalizeHash(h: i32): i32 {
  h ^= <i32>((<u32>h) >> 16);
  h *= 0x85ebca6b;
  h ^= <i32>((<u32>h) >> 13);
  h *= 0xc2b2ae35;
  return h ^ (<i32>((<u32>h) >> 16));
}

class Search {
  // Inputs, filled by the host after newSearch (with callPos and returnPos below).
  kind: StaticArray<i32>;
  argA: StaticArray<i32>;
  argB: StaticArray<i32>;
  required: StaticArray<u8>;
  next: StaticArray<i32>;
  prev: StaticArray<i32>;
  optionalClass: StaticArray<i32>;
  classMembers: StaticArray<i32>;
  classStart: StaticArray<i32>;
  classPlaced: StaticArray<i32>;
  // The stack.
  stackCalls: StaticArray<i32>;
  stackStates: StaticArray<i32>;
  stackForced: StaticArray<u8>;
  longestCalls: StaticArray<i32>;
  longestDepth: i32 = 0;
  lowWater: i32 = 0;
  // The linearized set (linearized-set.ts).
  zobrist: StaticArray<i32>;
  setEnd: i32 = 0;
  setHash: i32 = 0;
  holes: StaticArray<i32>;
  holeCount: i32 = 0;
  setSize: i32 = 0;
  previousEnd: StaticArray<i32>;
  holeSlot: StaticArray<i32>;
  // The memo (cache.ts): slots hold entry + 1, 0 = empty.
  slots: StaticArray<i32>;
  mask: i32;
  hashes: StaticArray<i32>;
  ends: StaticArray<i32>;
  holesAt: StaticArray<i32>;
  states: StaticArray<i32>;
  pool: StaticArray<i32>;
  poolUsed: i32 = 0;
  count: i32 = 0;
  capRemaining: f64 = 0;
  saturated: bool = false;
  // Host steps already asked for: (state, call) → next state or ILLEGAL.
  hostSlots: StaticArray<i32>;
  hostKeyState: StaticArray<i32>;
  hostKeyCall: StaticArray<i32>;
  hostNext: StaticArray<i32>;
  hostCount: i32 = 0;
  // The walk.
  remaining: i32;
  depth: i32 = 0;
  state: i32;
  entry: i32;
  forcing: bool = true;
  status: i32 = RUNNING;

  /** For a search of a history the kernel read: the index in its partition of each call kept. */
  callIds: StaticArray<i32>;
  /** Kept calls (n of them): set by begin(). */
  n: i32 = 0;
  callPos: StaticArray<f64>;
  returnPos: StaticArray<f64>;

  /** A search of at most `total` calls from `initial`; the host fills the inputs of the calls it keeps, then begin(). */
  constructor(
    public handle: i32,
    total: i32,
    initial: i32,
  ) {
    this.kind = new StaticArray<i32>(total);
    this.argA = new StaticArray<i32>(total);
    this.argB = new StaticArray<i32>(total);
    this.required = new StaticArray<u8>(total);
    this.callPos = new StaticArray<f64>(total);
    this.returnPos = new StaticArray<f64>(total);
    this.optionalClass = new StaticArray<i32>(total);
    this.classMembers = new StaticArray<i32>(total);
    this.classStart = new StaticArray<i32>(total);
    this.callIds = new StaticArray<i32>(0);
    // The rest is sized by begin(), once the number of calls kept is known.
    this.next = new StaticArray<i32>(0);
    this.prev = new StaticArray<i32>(0);
    this.classPlaced = new StaticArray<i32>(0);
    this.stackCalls = new StaticArray<i32>(0);
    this.stackStates = new StaticArray<i32>(0);
    this.stackForced = new StaticArray<u8>(0);
    this.longestCalls = new StaticArray<i32>(0);
    this.zobrist = zobrist;
    this.holes = new StaticArray<i32>(0);
    this.previousEnd = new StaticArray<i32>(0);
    this.holeSlot = new StaticArray<i32>(0);
    this.slots = new StaticArray<i32>(0);
    this.mask = 0;
    this.hashes = new StaticArray<i32>(0);
    this.ends = new StaticArray<i32>(0);
    this.holesAt = new StaticArray<i32>(0);
    this.states = new StaticArray<i32>(0);
    this.pool = new StaticArray<i32>(256);
    this.hostSlots = new StaticArray<i32>(128);
    this.hostKeyState = new StaticArray<i32>(64);
    this.hostKeyCall = new StaticArray<i32>(64);
    this.hostNext = new StaticArray<i32>(64);
    this.remaining = 0;
    this.state = initial;
    this.entry = 0;
  }

  /**
   * Sizes the search for its `n` kept calls (`classes` classes of optional calls, `required` calls to place), links
   * the entry lists and reserves the memo's first arrays; false when the budget refuses them.
   */
  begin(n: i32, classes: i32, required: i32): bool {
    this.n = n;
    this.next = new StaticArray<i32>(4 * n + 4);
    this.prev = new StaticArray<i32>(4 * n + 4);
    this.classPlaced = new StaticArray<i32>(classes);
    this.stackCalls = new StaticArray<i32>(n);
    this.stackStates = new StaticArray<i32>(n);
    this.stackForced = new StaticArray<u8>(n);
    this.longestCalls = new StaticArray<i32>(n);
    this.zobrist = zobristKeys(n);
    this.holes = new StaticArray<i32>(min(n, 64));
    this.previousEnd = new StaticArray<i32>(n);
    this.holeSlot = new StaticArray<i32>(n);
    let entries = MIN_INITIAL_ENTRIES;
    while (entries < n && entries < MAX_INITIAL_ENTRIES) entries <<= 1;
    this.slots = new StaticArray<i32>(2 * entries);
    this.mask = 2 * entries - 1;
    this.hashes = new StaticArray<i32>(entries);
    this.ends = new StaticArray<i32>(entries);
    this.holesAt = new StaticArray<i32>(entries);
    this.states = new StaticArray<i32>(entries);
    this.remaining = required;
    if (required == 0) this.status = LINEARIZABLE;
    this.link();
    this.entry = this.next[4 * n];
    return this.reserveInitial();
  }

  /**
   * Links the entries in real-time order, exactly as search.ts's linkEntries: entry 4i is call i in the list of its
   * kind (reads, or the others), 4i+1 and 4i+3 its return in each list; the lists start at 4n and 4n+2. Positions
   * are distinct, so packing position · scale + call into one double and sorting orders them totally.
   */
  link(): void {
    const n = this.n;
    const next = this.next;
    const prev = this.prev;
    const callPos = this.callPos;
    const returnPos = this.returnPos;
    const scale: f64 = Math.pow(2, Math.ceil(Math.log2(<f64>n + 1)));
    let order: StaticArray<i32> | null = null;
    for (let i = 1; i < n; i++) {
      if (callPos[i - 1] > callPos[i]) {
        const keys = new StaticArray<f64>(n);
        for (let j = 0; j < n; j++) keys[j] = callPos[j] * scale + <f64>j;
        keys.sort();
        const sorted = new StaticArray<i32>(n);
        for (let j = 0; j < n; j++) sorted[j] = <i32>(keys[j] - Math.floor(keys[j] / scale) * scale);
        order = sorted;
        break;
      }
    }
    let finite = 0;
    for (let i = 0; i < n; i++) if (returnPos[i] != Infinity) finite++;
    const returns = new StaticArray<f64>(finite);
    for (let i = 0, r = 0; i < n; i++) if (returnPos[i] != Infinity) returns[r++] = returnPos[i] * scale + <f64>i;
    returns.sort();
    let reads = 4 * n;
    let others = 4 * n + 2;
    prev[reads] = -1;
    prev[others] = -1;
    let r = 0;
    let endless = 0;
    let returnAt: f64 = finite > 0 ? Math.floor(returns[0] / scale) : Infinity;
    for (let k = 0; k <= n; k++) {
      const call = k == n ? -1 : order === null ? k : order[k];
      while (true) {
        let returning: i32 = 0;
        if (returnAt < (call < 0 ? Infinity : callPos[call])) {
          returning = <i32>(returns[r] - returnAt * scale);
          returnAt = ++r < finite ? Math.floor(returns[r] / scale) : Infinity;
        } else if (call < 0) {
          while (endless < n && returnPos[endless] != Infinity) endless++;
          if (endless == n) break;
          returning = endless++;
        } else break;
        next[reads] = 4 * returning + 1;
        prev[4 * returning + 1] = reads;
        reads = 4 * returning + 1;
        next[others] = 4 * returning + 3;
        prev[4 * returning + 3] = others;
        others = 4 * returning + 3;
      }
      if (call < 0) break;
      if (this.kind[call] == READ) {
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
  }

  // ---- the linearized set (linearized-set.ts) ----

  add(call: i32): void {
    const depth = this.setSize++;
    this.previousEnd[depth] = this.setEnd;
    this.setHash ^= this.zobrist[call];
    if (call >= this.setEnd) {
      const count = this.holeCount + (call - this.setEnd);
      if (count > this.holes.length) this.holes = grown(this.holes, max(count, this.holes.length * 2), this.holeCount);
      const holes = this.holes;
      for (let c = this.setEnd, i = this.holeCount; c < call; c++, i++) holes[i] = c;
      this.holeCount = count;
      this.setEnd = call + 1;
      this.holeSlot[depth] = -1;
      return;
    }
    const holes = this.holes;
    let lo = 0;
    let hi = this.holeCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (holes[mid] < call) lo = mid + 1;
      else hi = mid;
    }
    if (holes[lo] != call) unreachable();
    memory.copy(changetype<usize>(holes) + ((<usize>lo) << 2), changetype<usize>(holes) + ((<usize>(lo + 1)) << 2), (<usize>(this.holeCount - lo - 1)) << 2);
    this.holeCount--;
    this.holeSlot[depth] = lo;
  }

  undo(call: i32): void {
    const depth = --this.setSize;
    this.setHash ^= this.zobrist[call];
    const slot = this.holeSlot[depth];
    if (slot < 0) {
      this.holeCount -= this.setEnd - 1 - this.previousEnd[depth];
      this.setEnd = this.previousEnd[depth];
      return;
    }
    const holes = this.holes;
    memory.copy(changetype<usize>(holes) + ((<usize>(slot + 1)) << 2), changetype<usize>(holes) + ((<usize>slot) << 2), (<usize>(this.holeCount - slot)) << 2);
    holes[slot] = call;
    this.holeCount++;
  }

  // ---- the memo (cache.ts) ----

  /** Reserves what the memo's arrays take at the start; false when the budget refuses. */
  reserveInitial(): bool {
    return reserve(<f64>(this.slots.length * 4 + 4 * this.hashes.length * 4 + this.pool.length * 4));
  }

  addIfAbsent(hash: i32, state: i32): i32 {
    const slots = this.slots;
    const mask = this.mask;
    const hashes = this.hashes;
    const ends = this.ends;
    const holesAt = this.holesAt;
    const pool = this.pool;
    const holes = this.holes;
    const holeCount = this.holeCount;
    const end = this.setEnd;
    let slot = hash & mask;
    for (let entry = slots[slot] - 1; entry >= 0; entry = slots[slot] - 1) {
      if (hashes[entry] == hash && ends[entry] == end && this.states[entry] == state) {
        const at = holesAt[entry];
        let same = at < 0 ? holeCount == 0 : pool[at] == holeCount;
        if (at >= 0 && same) {
          for (let i = 0; i < holeCount; i++) {
            if (pool[at + 1 + i] != holes[i]) {
              same = false;
              break;
            }
          }
        }
        if (same) return PRESENT;
      }
      slot = (slot + 1) & mask;
    }
    if (this.capRemaining <= 0) {
      this.saturated = true;
      return NOT_RECORDED;
    }
    const entry = this.count;
    if (entry == hashes.length && !this.growEntries()) return NO_ROOM;
    if (holeCount > 0 && this.poolUsed + holeCount + 1 > this.pool.length && !this.growPool(holeCount + 1)) return NO_ROOM;
    this.capRemaining--;
    this.count++;
    this.hashes[entry] = hash;
    this.ends[entry] = end;
    if (holeCount == 0) this.holesAt[entry] = -1;
    else {
      const at = this.poolUsed;
      const stored = this.pool;
      stored[at] = holeCount;
      memory.copy(changetype<usize>(stored) + ((<usize>(at + 1)) << 2), changetype<usize>(holes), (<usize>holeCount) << 2);
      this.holesAt[entry] = at;
      this.poolUsed += holeCount + 1;
    }
    this.states[entry] = state;
    this.slots[slot] = entry + 1;
    if (this.count * 2 > this.slots.length && !this.growSlots()) return NO_ROOM;
    return ADDED;
  }

  growEntries(): bool {
    const capacity = this.hashes.length * 2;
    if (!reserve(<f64>(4 * 4 * capacity))) return false;
    this.hashes = grown(this.hashes, capacity, this.count);
    this.ends = grown(this.ends, capacity, this.count);
    this.holesAt = grown(this.holesAt, capacity, this.count);
    this.states = grown(this.states, capacity, this.count);
    return true;
  }

  growPool(needed: i32): bool {
    const capacity = max(this.pool.length * 2, this.poolUsed + needed);
    if (!reserve(<f64>(4 * capacity))) return false;
    this.pool = grown(this.pool, capacity, this.poolUsed);
    return true;
  }

  growSlots(): bool {
    if (!reserve(<f64>(8 * this.slots.length))) return false;
    const slots = new StaticArray<i32>(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] != 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
    this.mask = mask;
    return true;
  }

  // ---- the model ----

  /** The state after `call` from `state`, or ILLEGAL. */
  @inline step(state: i32, call: i32): i32 {
    const kind = this.kind[call];
    if (kind == READ) {
      const read = this.argA[call];
      return read == UNKNOWN_READ || read == state ? state : ILLEGAL;
    }
    if (kind == WRITE) return this.argA[call];
    if (kind == CAS) return this.argA[call] == state ? this.argB[call] : ILLEGAL;
    assert(kind == HOST || kind == APPEND);
    return this.hostStepOnce(state, call);
  }

  /**
   * A host step, asked for once per (state, call) as long as the budget gives its memo room (without room, the
   * answer is simply not kept). The memo's table is never more than half full, so a probe always ends.
   */
  hostStepOnce(state: i32, call: i32): i32 {
    let slot = this.hostSlot(state, call);
    const known = this.hostSlots[slot] - 1;
    if (known >= 0) return this.hostNext[known];
    // An append of a text is computed here (texts.ts); other host steps by the host.
    const next = this.kind[call] == APPEND ? internAppend(state, this.argA[call]) : hostStep(this.handle, state, call);
    if (next == NO_TEXT_ROOM) return next;
    const i = this.hostCount;
    if (i == this.hostNext.length) {
      if (!reserve(<f64>(3 * 4 * 2 * i))) return next;
      this.hostKeyState = grown(this.hostKeyState, 2 * i, i);
      this.hostKeyCall = grown(this.hostKeyCall, 2 * i, i);
      this.hostNext = grown(this.hostNext, 2 * i, i);
    }
    if ((i + 1) * 2 > this.hostSlots.length) {
      if (!reserve(<f64>(8 * this.hostSlots.length))) return next;
      this.hostSlots = new StaticArray<i32>(this.hostSlots.length * 2);
      for (let e = 0; e < i; e++) this.hostSlots[this.hostSlot(this.hostKeyState[e], this.hostKeyCall[e])] = e + 1;
      slot = this.hostSlot(state, call);
    }
    this.hostKeyState[i] = state;
    this.hostKeyCall[i] = call;
    this.hostNext[i] = next;
    this.hostSlots[slot] = i + 1;
    this.hostCount = i + 1;
    return next;
  }

  /** The slot of the host memo holding (state, call), or the empty slot where it would go. */
  hostSlot(state: i32, call: i32): i32 {
    const mask = this.hostSlots.length - 1;
    let slot = finalizeHash(state * 0x9e3779b1 + call) & mask;
    for (let e = this.hostSlots[slot] - 1; e >= 0; e = this.hostSlots[slot] - 1) {
      if (this.hostKeyState[e] == state && this.hostKeyCall[e] == call) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  // ---- the walk (search.ts, run) ----

  run(maxSteps: i32): i32 {
    if (this.status != RUNNING) return this.status;
    const next = this.next;
    const prev = this.prev;
    const required = this.required;
    const optionalClass = this.optionalClass;
    const classMembers = this.classMembers;
    const classStart = this.classStart;
    const classPlaced = this.classPlaced;
    const stackCalls = this.stackCalls;
    const stackStates = this.stackStates;
    const stackForced = this.stackForced;
    const readsHead = 4 * this.n;
    const othersHead = 4 * this.n + 2;
    let remaining = this.remaining;
    let depth = this.depth;
    let state = this.state;
    let entry = this.entry;
    let forcing = this.forcing;
    let status = RUNNING;
    for (let steps = 0; steps < maxSteps; steps++) {
      if ((entry & 1) == 0) {
        const call = entry >> 2;
        const optional = optionalClass[call];
        if (optional >= 0 && classMembers[classStart[optional] + classPlaced[optional]] != call) {
          entry = next[entry];
          continue;
        }
        const nextState = this.step(state, call);
        if (nextState == NO_TEXT_ROOM) {
          status = OUT_OF_MEMORY;
          break;
        }
        if (nextState == ILLEGAL || (optional >= 0 && nextState == state)) {
          entry = next[entry];
          continue;
        }
        this.add(call);
        const outcome = this.addIfAbsent(finalizeHash(this.setHash ^ (nextState * 0x9e3779b1)), nextState);
        if (outcome == NO_ROOM) {
          this.undo(call);
          status = OUT_OF_MEMORY;
          break;
        }
        if (outcome != PRESENT) {
          stackCalls[depth] = call;
          stackStates[depth] = state;
          stackForced[depth] = forcing ? 1 : 0;
          if (optional >= 0) classPlaced[optional]++;
          depth++;
          state = nextState;
          const readsReturn = entry + 1;
          const othersReturn = entry + 3;
          next[prev[entry]] = next[entry];
          if (next[entry] != -1) prev[next[entry]] = prev[entry];
          next[prev[readsReturn]] = next[readsReturn];
          if (next[readsReturn] != -1) prev[next[readsReturn]] = prev[readsReturn];
          next[prev[othersReturn]] = next[othersReturn];
          if (next[othersReturn] != -1) prev[next[othersReturn]] = prev[othersReturn];
          if (required[call] == 1 && --remaining == 0) {
            status = LINEARIZABLE;
            break;
          }
          if (depth > this.longestDepth) this.recordLongest(depth);
          entry = forcing ? next[prev[entry]] : next[readsHead];
          forcing = true;
          continue;
        }
        this.undo(call);
        if (!forcing) {
          entry = next[entry];
          continue;
        }
      } else if (forcing) {
        forcing = false;
        entry = next[othersHead];
        continue;
      }
      let resumed = false;
      while (depth > 0) {
        depth--;
        if (depth < this.lowWater) this.lowWater = depth;
        const call = stackCalls[depth];
        state = stackStates[depth];
        this.undo(call);
        if (required[call] == 1) remaining++;
        else if (optionalClass[call] >= 0) classPlaced[optionalClass[call]]--;
        const callEntry = 4 * call;
        const readsReturn = callEntry + 1;
        const othersReturn = callEntry + 3;
        next[prev[othersReturn]] = othersReturn;
        if (next[othersReturn] != -1) prev[next[othersReturn]] = othersReturn;
        next[prev[readsReturn]] = readsReturn;
        if (next[readsReturn] != -1) prev[next[readsReturn]] = readsReturn;
        next[prev[callEntry]] = callEntry;
        if (next[callEntry] != -1) prev[next[callEntry]] = callEntry;
        if (stackForced[depth] == 0) {
          entry = next[callEntry];
          forcing = false;
          resumed = true;
          break;
        }
      }
      if (!resumed) {
        status = FAILED;
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

  recordLongest(depth: i32): void {
    for (let d = this.lowWater; d < depth; d++) this.longestCalls[d] = this.stackCalls[d];
    this.longestDepth = depth;
    this.lowWater = depth;
  }
}

// ---- exports: a search is passed around as its address ----

/** Frees everything (the host calls it before each check): the searches of the last check are gone. */
export function reset(): void {
  __reset();
  resetTexts();
  resetReader();
  zobrist = new StaticArray<i32>(0);
  zobristState = 0x2545f491;
}

const searchAt = (address: usize): Search => changetype<Search>(address);

/** A search of at most `total` calls from state `initial`; `handle` names it in hostStep calls. */
export function newSearch(handle: i32, total: i32, initial: i32): usize {
  return changetype<usize>(new Search(handle, total, initial));
}

/** Addresses of the input arrays, for the host to fill (in this order). */
export function inputAddress(address: usize, which: i32): usize {
  const s = searchAt(address);
  switch (which) {
    case 0:
      return changetype<usize>(s.kind);
    case 1:
      return changetype<usize>(s.argA);
    case 2:
      return changetype<usize>(s.argB);
    case 3:
      return changetype<usize>(s.required);
    case 4:
      return changetype<usize>(s.callPos);
    case 5:
      return changetype<usize>(s.returnPos);
    case 6:
      return changetype<usize>(s.optionalClass);
    case 7:
      return changetype<usize>(s.classMembers);
    default:
      return changetype<usize>(s.classStart);
  }
}

/**
 * Starts the walk once the inputs of the `n` calls kept are in (`classes` classes of optional calls, `required` calls
 * to place); false when the memo's first arrays do not fit the budget.
 */
export function begin(address: usize, n: i32, classes: i32, required: i32): bool {
  return searchAt(address).begin(n, classes, required);
}

/** Runs at most `maxSteps` steps, recording at most `capRemaining` new memo entries; returns the status. */
export function run(address: usize, maxSteps: i32, capRemaining: f64): i32 {
  const s = searchAt(address);
  s.capRemaining = capRemaining;
  return s.run(maxSteps);
}

/** Memo entries recorded so far. */
export function explored(address: usize): i32 {
  return searchAt(address).count;
}

export function saturated(address: usize): bool {
  return searchAt(address).saturated;
}

/** The current linearization (when linearizable) or the longest partial one: its length. */
export function longestLength(address: usize): i32 {
  const s = searchAt(address);
  return s.status == LINEARIZABLE ? s.depth : s.longestDepth;
}

/** Address of the calls of that linearization, in order. */
export function longestAddress(address: usize): usize {
  const s = searchAt(address);
  return changetype<usize>(s.status == LINEARIZABLE ? s.stackCalls : s.longestCalls);
}

/**
 * The search of partition `p` of the history readHistory() read, begun (its status says out-of-memory when the
 * memo's first arrays do not fit the budget).
 */
export function partitionSearch(p: i32): usize {
  const total = partitionSize(p);
  const s = new Search(-1, total, partitionInitialState(p));
  s.callIds = new StaticArray<i32>(total);
  planPartition(p, s.kind, s.argA, s.argB, s.required, s.callPos, s.returnPos, s.optionalClass, s.classMembers, s.classStart, s.callIds);
  if (!s.begin(plannedCalls, plannedClasses, plannedRequired)) s.status = OUT_OF_MEMORY;
  return changetype<usize>(s);
}

/** The search's status (as run() returns it). */
export function status(address: usize): i32 {
  return searchAt(address).status;
}

/** For a search of partitionSearch(): the address of the index in its partition of each call kept. */
export function keptCallIds(address: usize): usize {
  return changetype<usize>(searchAt(address).callIds);
}
