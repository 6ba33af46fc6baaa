// Growing the kernel's arrays: a larger copy of the used part (the stub allocator frees nothing; the old array stays
// until the next check, and whoever grows an array reserves the new one's bytes first).

/** A new array of `capacity` holding the first `used` elements of `old`. */
export function grown<T>(old: StaticArray<T>, capacity: i32, used: i32): StaticArray<T> {
  const array = new StaticArray<T>(capacity);
  memory.copy(changetype<usize>(array), changetype<usize>(old), <usize>used * sizeof<T>());
  return array;
}
