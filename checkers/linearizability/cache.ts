// The search's memo of visited configurations: (required calls linearized, optional calls used, model state). Open
// addressing over typed arrays; the required set is stored as its `end` and its holes (see linearized-set.ts) and
// the optional ones as a multiset of classes (used-optionals.ts), in one pooled Int32Array, so an entry costs a few
// words plus the state, whatever the length of the history. The hash leaves the optional calls out, so every entry
// with the same required set and state is met while probing: an entry that is finished (failed) and used no more
// optional calls of any kind than the configuration looked up settles it too (dominance). Every growth of the arrays is
// reserved from the memory budget before it is allocated: when it does not fit, the cache refuses the entry and the
// search stops with 'unknown' (the states the entries keep alive are measured by the budget's heap samples). An optional
// entry cap (`maxEntries`) instead only stops the memo growing: the search stays correct, it just prunes less.
import type { LinearizedSet } from './linearized-set.ts';
import type { MemoryBudget } from './memory.ts';
import type { Model } from './model.ts';
import type { UsedOptionals } from './used-optionals.ts';

/** Memo entries still allowed, shared by the searches of one check. */
export interface CacheEntryCap {
  remaining: number;
}

/** addIfAbsent's answer besides a new entry's index (>= 0): seen before, or dominated by a failed entry. */
export const PRESENT = -1;
/** New, but not recorded because of the entry cap: the search goes on without it. */
export const NOT_RECORDED = -2;
/** The memory budget is exhausted: the search must stop. */
export const OUT_OF_MEMORY = -3;

const INITIAL_ENTRIES = 64;

export class ConfigurationCache<S> {
  private slots = new Int32Array(2 * INITIAL_ENTRIES); // entry index + 1; 0 = empty
  private mask = 2 * INITIAL_ENTRIES - 1;
  private hashes = new Int32Array(INITIAL_ENTRIES);
  private ends = new Int32Array(INITIAL_ENTRIES);
  /**
   * Offset of the entry's payload in `pool`: the count of holes, the holes, the count of optional classes used, the
   * classes; -1 when both are empty.
   */
  private payloadAt = new Int32Array(INITIAL_ENTRIES);
  /** 1 once the configuration was explored to the end without success. */
  private finished = new Uint8Array(INITIAL_ENTRIES);
  private pool = new Int32Array(256);
  private poolUsed = 0;
  private states: S[] = [];
  private count = 0;
  /** true once an entry was not recorded because of the entry cap. */
  saturated = false;

  constructor(
    private readonly model: Pick<Model<S>, 'equal'>,
    private readonly cap: CacheEntryCap,
    private readonly budget: MemoryBudget,
  ) {
    budget.reserve(this.slots.byteLength + 3 * this.hashes.byteLength + this.finished.byteLength + this.pool.byteLength);
  }

  get size(): number {
    return this.count;
  }

  /** Marks an entry's configuration as explored to the end without success. */
  markFinished(entry: number): void {
    this.finished[entry] = 1;
  }

  /**
   * Records (set, used, state) under `hash` and returns its index, unless it is there already or a finished entry
   * dominates it (PRESENT); NOT_RECORDED past the entry cap, OUT_OF_MEMORY past the budget.
   */
  addIfAbsent(hash: number, set: LinearizedSet, used: UsedOptionals, state: S): number {
    const { slots, mask, hashes, ends, payloadAt, pool, finished } = this;
    let slot = hash & mask;
    for (let entry = slots[slot]! - 1; entry >= 0; entry = slots[slot]! - 1) {
      if (hashes[entry] === hash && ends[entry] === set.end) {
        const at = payloadAt[entry]!;
        const holes = at < 0 ? 0 : pool[at]!;
        const usedAt = at + 1 + holes;
        const usedCount = at < 0 ? 0 : pool[usedAt]!;
        if (
          (holes === 0 ? set.holeCount === 0 : set.sameAs(set.end, pool, at + 1, holes)) &&
          (used.equals(pool, usedAt + 1, usedCount) || (finished[entry] === 1 && used.includes(pool, usedAt + 1, usedCount))) &&
          this.model.equal(this.states[entry]!, state)
        ) {
          return PRESENT;
        }
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
    const usedCount = used.count;
    const words = holeCount + usedCount === 0 ? 0 : holeCount + usedCount + 2;
    if (words > 0 && this.poolUsed + words > this.pool.length && !this.growPool(words)) return OUT_OF_MEMORY;
    this.cap.remaining--;
    this.count++;
    this.hashes[entry] = hash;
    this.ends[entry] = set.end;
    this.finished[entry] = 0;
    if (words === 0) this.payloadAt[entry] = -1;
    else {
      const at = this.poolUsed;
      this.pool[at] = holeCount;
      this.pool.set(set.holes.subarray(0, holeCount), at + 1);
      this.pool[at + 1 + holeCount] = usedCount;
      this.pool.set(used.classes.subarray(0, usedCount), at + 2 + holeCount);
      this.payloadAt[entry] = at;
      this.poolUsed += words;
    }
    this.states[entry] = state;
    this.slots[slot] = entry + 1;
    if (this.count * 2 > this.slots.length && !this.growSlots()) return OUT_OF_MEMORY;
    return entry;
  }

  private growEntries(): boolean {
    const capacity = this.hashes.length * 2;
    if (!this.budget.reserve(3 * 4 * capacity + capacity)) return false;
    const grow = (old: Int32Array): Int32Array<ArrayBuffer> => {
      const grown = new Int32Array(capacity);
      grown.set(old);
      return grown;
    };
    this.hashes = grow(this.hashes);
    this.ends = grow(this.ends);
    this.payloadAt = grow(this.payloadAt);
    const finished = new Uint8Array(capacity);
    finished.set(this.finished);
    this.finished = finished;
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
