// The search's memo of visited configurations: (set of linearized calls, model state). Open addressing over typed
// arrays; bitsets live in one pooled Uint32Array, so an entry costs a few words plus a state reference. When the
// memory budget is reached the cache stops growing: the search stays correct, it just prunes less.
import type { Model } from './model.ts';

/** Slots to start with: enough for a few configurations per call, at most 4096 (the table grows as needed). */
const initialSlots = (calls: number): number => Math.min(1 << 12, 1 << Math.max(4, Math.ceil(Math.log2(4 * calls + 1))));

/** Memo entries still allowed, shared by the searches of one check. */
export interface CacheBudget {
  remaining: number;
}

export class ConfigurationCache<S> {
  private slots: Int32Array; // entry index + 1; 0 = empty
  private mask: number;
  private hashes: Int32Array;
  private bits: Uint32Array;
  private states: S[] = [];
  private count = 0;
  /** true once an entry was refused because of the memory budget. */
  saturated = false;

  constructor(
    private readonly words: number,
    private readonly model: Pick<Model<S>, 'equal'>,
    private readonly budget: CacheBudget,
    calls: number,
  ) {
    const slots = initialSlots(calls);
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
    this.hashes = new Int32Array(slots >> 1);
    this.bits = new Uint32Array((slots >> 1) * words);
  }

  get size(): number {
    return this.count;
  }

  /** Records (bitset, state) under `hash`; false when it was already there (the branch can be pruned). */
  addIfAbsent(hash: number, bitset: Uint32Array, state: S): boolean {
    const { words, slots, mask, hashes, bits } = this;
    let slot = hash & mask;
    for (let entry = slots[slot]! - 1; entry >= 0; entry = slots[slot]! - 1) {
      if (hashes[entry] === hash && this.sameBits(bits, entry * words, bitset) && this.model.equal(this.states[entry]!, state)) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    if (this.budget.remaining <= 0) {
      this.saturated = true;
      return true;
    }
    this.budget.remaining--;
    const entry = this.count++;
    if (entry >= hashes.length) this.growEntries();
    this.hashes[entry] = hash;
    this.bits.set(bitset, entry * words);
    this.states[entry] = state;
    slots[slot] = entry + 1;
    if (this.count * 2 > slots.length) this.growSlots();
    return true;
  }

  private sameBits(pool: Uint32Array, offset: number, bitset: Uint32Array): boolean {
    for (let w = 0; w < this.words; w++) if (pool[offset + w] !== bitset[w]) return false;
    return true;
  }

  private growEntries(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const bits = new Uint32Array(hashes.length * this.words);
    bits.set(this.bits);
    this.bits = bits;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
