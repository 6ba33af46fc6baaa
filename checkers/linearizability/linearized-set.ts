// The set of calls linearized so far, kept in a form whose size follows the search's frontier, not the history:
// `end` (one past the highest call placed) and the sorted `holes` below it (calls not placed yet). At low
// concurrency the holes are the few calls still open around the frontier, plus any unknown-outcome call that has
// not taken effect, so adding, undoing, hashing and comparing cost about the same at 1,000 calls as at 1,000,000.
// Equal sets always have equal (end, holes), so the memo can compare these exactly instead of whole bitsets.
// The hash is Zobrist-style (one random word per call, xor-ed in and out), so it is independent of the order in
// which calls were placed. Additions are undone in reverse order (the search is a depth-first walk).

/**
 * Deterministic per-call random words (xorshift32): one table for every set, extended when a set needs more, so a
 * check with many partitions computes each word once. Its first `count` words never change, whatever the growth.
 */
let zobristTable = new Int32Array(0);
let zobristState = 0x2545f491;

function zobristKeys(count: number): Int32Array {
  if (count > zobristTable.length) {
    const table = new Int32Array(Math.max(count, 2 * zobristTable.length));
    table.set(zobristTable);
    let x = zobristState;
    for (let i = zobristTable.length; i < table.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      table[i] = x;
    }
    zobristState = x;
    zobristTable = table;
  }
  return zobristTable;
}

export class LinearizedSet {
  /** One past the highest call in the set (0 when empty). */
  end = 0;
  /** Order-independent hash of the members. */
  hash = 0;
  /** Calls below `end` not in the set, ascending; only the first `holeCount` are meaningful. */
  holes: Int32Array;
  holeCount = 0;
  /** Members in the set; the calls are 0..capacity-1. */
  size = 0;

  private readonly zobrist: Int32Array;
  /** Per addition, in order: the `end` before it, and where the call was taken out of `holes` (-1: it was above end). */
  private readonly previousEnd: Int32Array;
  private readonly holeSlot: Int32Array;

  constructor(capacity: number) {
    this.zobrist = zobristKeys(capacity);
    this.holes = new Int32Array(Math.min(capacity, 64));
    this.previousEnd = new Int32Array(capacity);
    this.holeSlot = new Int32Array(capacity);
  }

  /** Adds `call`, which must not be in the set. */
  add(call: number): void {
    const depth = this.size++;
    this.previousEnd[depth] = this.end;
    this.hash ^= this.zobrist[call]!;
    if (call >= this.end) {
      // Every call between the old end and this one is now a hole.
      const count = this.holeCount + (call - this.end);
      if (count > this.holes.length) this.growHoles(count);
      const holes = this.holes;
      for (let c = this.end, i = this.holeCount; c < call; c++, i++) holes[i] = c;
      this.holeCount = count;
      this.end = call + 1;
      this.holeSlot[depth] = -1;
      return;
    }
    const slot = this.findHole(call);
    this.holes.copyWithin(slot, slot + 1, this.holeCount);
    this.holeCount--;
    this.holeSlot[depth] = slot;
  }

  /** Removes `call`, which must be the call added last. */
  undo(call: number): void {
    const depth = --this.size;
    this.hash ^= this.zobrist[call]!;
    const slot = this.holeSlot[depth]!;
    if (slot < 0) {
      this.holeCount -= this.end - 1 - this.previousEnd[depth]!;
      this.end = this.previousEnd[depth]!;
      return;
    }
    this.holes.copyWithin(slot + 1, slot, this.holeCount);
    this.holes[slot] = call;
    this.holeCount++;
  }

  /** true when the set equals the one stored as (end, holes[from, from + count)) in `pool`. */
  sameAs(end: number, pool: Int32Array, from: number, count: number): boolean {
    if (end !== this.end || count !== this.holeCount) return false;
    const holes = this.holes;
    for (let i = 0; i < count; i++) if (pool[from + i] !== holes[i]) return false;
    return true;
  }

  private findHole(call: number): number {
    let lo = 0;
    let hi = this.holeCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.holes[mid]! < call) lo = mid + 1;
      else hi = mid;
    }
    if (this.holes[lo] !== call) throw new Error(`internal error: call ${call} is neither above the set nor a hole in it`);
    return lo;
  }

  private growHoles(needed: number): void {
    const holes = new Int32Array(Math.max(needed, this.holes.length * 2));
    holes.set(this.holes.subarray(0, this.holeCount));
    this.holes = holes;
  }
}
