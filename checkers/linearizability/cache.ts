// The search's memo of visited configurations: (set of linearized calls, model state). Open addressing over typed
// arrays; a set is stored as its `end` and its holes (see linearized-set.ts), in one pooled Int32Array, so an
// entry costs a few words plus the state, whatever the length of the history. Every growth of the arrays is
// reserved from the memory budget before it is allocated — the states array too, with a check that the V8 heap has
// room for it: when it does not fit, the cache refuses the entry and the search stops with 'unknown' (the states the
// entries keep alive are measured by the budget's heap samples). An optional entry cap (`maxEntries`) instead only
// stops the memo growing: the search stays correct, it just prunes less.
import type { LinearizedSet } from './linearized-set.ts';
import type { MemoryBudget } from './memory.ts';
import type { Model } from './model.ts';
import { anyValues } from './values.ts';

/** Memo entries still allowed, shared by the searches of one check. */
export interface CacheEntryCap {
  remaining: number;
}

/** What addIfAbsent found: a new configuration, recorded. */
export const ADDED = 0;
/** Seen before: the branch can be pruned. */
export const PRESENT = 1;
/** New, but not recorded because of the entry cap: the search goes on without it. */
export const NOT_RECORDED = 2;
/** The memory budget is exhausted: the search must stop. */
export const OUT_OF_MEMORY = 3;
export type CacheOutcome = typeof ADDED | typeof PRESENT | typeof NOT_RECORDED | typeof OUT_OF_MEMORY;

const MIN_INITIAL_ENTRIES = 64;
/** Bytes of one element of the states array (a tagged pointer on a 64-bit V8). */
const STATE_REF_BYTES = 8;
/** The most entries allocated up front; past it the arrays grow as entries arrive. */
const MAX_INITIAL_ENTRIES = 4096;

/** A power of two near `expected` (the caller's guess at the entries it will hold), within the bounds above. */
const initialEntries = (expected: number): number =>
  Math.min(MAX_INITIAL_ENTRIES, Math.max(MIN_INITIAL_ENTRIES, 2 ** Math.ceil(Math.log2(Math.max(1, expected)))));

export class ConfigurationCache<S> {
  private slots: Int32Array; // entry index + 1; 0 = empty
  private mask: number;
  private hashes: Int32Array;
  private ends: Int32Array;
  /** Offset of the entry's holes in `pool`, whose first word is their count; -1 when there are none. */
  private holesAt: Int32Array;
  private pool = new Int32Array(256);
  private poolUsed = 0;
  private states: S[];
  private count = 0;
  /** true once an entry was not recorded because of the entry cap. */
  saturated = false;

  /** `expectedEntries` sizes the arrays up front (a search expects about one entry per call), so they rarely grow. */
  constructor(
    private readonly model: Pick<Model<S>, 'equal'>,
    private readonly cap: CacheEntryCap,
    private readonly budget: MemoryBudget,
    expectedEntries = MIN_INITIAL_ENTRIES,
  ) {
    const entries = initialEntries(expectedEntries);
    this.slots = new Int32Array(2 * entries);
    this.mask = 2 * entries - 1;
    this.hashes = new Int32Array(entries);
    this.ends = new Int32Array(entries);
    this.holesAt = new Int32Array(entries);
    this.states = anyValues<S>(entries);
    budget.reserve(this.slots.byteLength + 3 * this.hashes.byteLength + this.pool.byteLength + STATE_REF_BYTES * entries, true);
  }

  get size(): number {
    return this.count;
  }

  /** Records (set, state) under `hash` unless it is already there. */
  addIfAbsent(hash: number, set: LinearizedSet, state: S): CacheOutcome {
    const { slots, mask, hashes, ends, holesAt, pool } = this;
    let slot = hash & mask;
    for (let entry = slots[slot]! - 1; entry >= 0; entry = slots[slot]! - 1) {
      if (hashes[entry] === hash && ends[entry] === set.end) {
        const at = holesAt[entry]!;
        const same = at < 0 ? set.holeCount === 0 : set.sameAs(set.end, pool, at + 1, pool[at]!);
        if (same && this.model.equal(this.states[entry]!, state)) return PRESENT;
      }
      slot = (slot + 1) & mask;
    }
    if (this.cap.remaining <= 0) {
      this.saturated = true;
      return NOT_RECORDED;
    }
    const entry = this.count;
    if (entry === hashes.length && !this.growEntries()) return OUT_OF_MEMORY;
    const holeCount = set.holeCount;
    if (holeCount > 0 && this.poolUsed + holeCount + 1 > this.pool.length && !this.growPool(holeCount + 1)) {
      return OUT_OF_MEMORY;
    }
    this.cap.remaining--;
    this.count++;
    this.hashes[entry] = hash;
    this.ends[entry] = set.end;
    if (holeCount === 0) this.holesAt[entry] = -1;
    else {
      const at = this.poolUsed;
      const pool = this.pool;
      const holes = set.holes;
      pool[at] = holeCount;
      // A loop, not subarray + set: no allocation per entry.
      for (let i = 0; i < holeCount; i++) pool[at + 1 + i] = holes[i]!;
      this.holesAt[entry] = at;
      this.poolUsed += holeCount + 1;
    }
    this.states[entry] = state;
    this.slots[slot] = entry + 1;
    if (this.count * 2 > this.slots.length && !this.growSlots()) return OUT_OF_MEMORY;
    return ADDED;
  }

  private growEntries(): boolean {
    const capacity = this.hashes.length * 2;
    // The typed arrays and the states array (a JavaScript array on the V8 heap: one reference per entry).
    if (!this.budget.reserve((3 * 4 + STATE_REF_BYTES) * capacity, true)) return false;
    const grow = (old: Int32Array): Int32Array<ArrayBuffer> => {
      const grown = new Int32Array(capacity);
      grown.set(old);
      return grown;
    };
    this.hashes = grow(this.hashes);
    this.ends = grow(this.ends);
    this.holesAt = grow(this.holesAt);
    // The states keep pace, so storing one is always within the array (an append would cost a deoptimization).
    const states = anyValues<S>(capacity);
    for (let i = 0; i < this.count; i++) states[i] = this.states[i]!;
    this.states = states;
    return true;
  }

  private growPool(needed: number): boolean {
    const capacity = Math.max(this.pool.length * 2, this.poolUsed + needed);
    if (!this.budget.reserve(4 * capacity)) return false;
    const pool = new Int32Array(capacity);
    pool.set(this.pool.subarray(0, this.poolUsed));
    this.pool = pool;
    return true;
  }

  private growSlots(): boolean {
    if (!this.budget.reserve(8 * this.slots.length)) return false;
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
    this.mask = mask;
    return true;
  }
}
