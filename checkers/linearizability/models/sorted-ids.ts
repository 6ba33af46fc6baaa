// Immutable sorted Int32Array helpers, used as sets and multisets of interned value ids.

/** Index of the first element >= id. */
function lowerBound(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const containsId = (ids: Int32Array, id: number): boolean => {
  const i = lowerBound(ids, id);
  return i < ids.length && ids[i] === id;
};

/** A copy with `id` inserted (duplicates allowed: multiset). */
export function withId(ids: Int32Array, id: number): Int32Array {
  const at = lowerBound(ids, id);
  const out = new Int32Array(ids.length + 1);
  out.set(ids.subarray(0, at));
  out[at] = id;
  out.set(ids.subarray(at), at + 1);
  return out;
}

/** A copy with one occurrence of `id` removed, or undefined when absent. */
export function withoutId(ids: Int32Array, id: number): Int32Array | undefined {
  const at = lowerBound(ids, id);
  if (at >= ids.length || ids[at] !== id) return undefined;
  const out = new Int32Array(ids.length - 1);
  out.set(ids.subarray(0, at));
  out.set(ids.subarray(at + 1), at);
  return out;
}

/** Sorted, de-duplicated ids. */
export function sortedUniqueIds(ids: Iterable<number>): Int32Array {
  return Int32Array.from(new Set(ids)).sort();
}
