// Interned texts for the history reader and the kv model: every distinct text (a value read, put or appended, a key, a
// register value) gets one id, equal texts the same one, so states and values compare as integers. A text is either a
// slice of the history file's bytes or an append: a text followed by a slice, kept as the pair, as the JavaScript kv
// model keeps the growing strings as ropes. Each carries a polynomial hash (hash(a + b) = hash(a)·BASE^|b| + hash(b),
// mod 2^32, as models/kv.ts), so an append's hash follows in O(1) from its parts; texts with equal hashes are compared
// byte by byte (an append is written out to compare it). Texts are tagged (a string, or a number's digits, for
// register values), and texts of different tags are never equal. Memory comes from the check's budget (host.ts).
import { grown } from './arrays';
import { reserve } from './host';

const BASE: u32 = 0x01000193;

/** The tags of texts. */
export const STRING: u8 = 0;
export const NUMBER: u8 = 1;

/** What interning returns when the budget refuses room. */
export const NO_TEXT_ROOM: i32 = -2;

let hashes = new StaticArray<u32>(0);
let shifts = new StaticArray<u32>(0);
let lengths = new StaticArray<i32>(0);
/** The text an append extends, or -1 for a slice of the file. */
let lefts = new StaticArray<i32>(0);
/** A slice's address; an append's slice (a text id). */
let rights = new StaticArray<i32>(0);
let tags = new StaticArray<u8>(0);
let count = 0;
/** Open addressing over the hashes; a slot holds id + 1, 0 = empty; never more than half full. */
let slots = new StaticArray<i32>(0);
/** Where texts are written out to be compared. */
let scratchA = new StaticArray<u8>(0);
let scratchB = new StaticArray<u8>(0);

/** Forgets every text (a new check). */
export function resetTexts(): void {
  hashes = new StaticArray<u32>(0);
  shifts = new StaticArray<u32>(0);
  lengths = new StaticArray<i32>(0);
  lefts = new StaticArray<i32>(0);
  rights = new StaticArray<i32>(0);
  tags = new StaticArray<u8>(0);
  count = 0;
  slots = new StaticArray<i32>(0);
  scratchA = new StaticArray<u8>(0);
  scratchB = new StaticArray<u8>(0);
}

export function textLength(id: i32): i32 {
  return lengths[id];
}

/** Room for one more text; false when the budget refuses it. */
function makeRoom(): bool {
  if (count < hashes.length) return true;
  const capacity = max(64, 2 * hashes.length);
  // Six arrays of 4 bytes (the tags take 1) and twice as many slots.
  if (!reserve(<f64>(capacity * (5 * 4 + 1 + 2 * 4)))) return false;
  hashes = grown(hashes, capacity, count);
  shifts = grown(shifts, capacity, count);
  lengths = grown(lengths, capacity, count);
  lefts = grown(lefts, capacity, count);
  rights = grown(rights, capacity, count);
  tags = grown(tags, capacity, count);
  slots = new StaticArray<i32>(2 * capacity);
  const mask = slots.length - 1;
  for (let id = 0; id < count; id++) {
    let slot = <i32>(hashes[id] & (<u32>mask));
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }
  return true;
}

/** A scratch buffer of at least `bytes`; null when the budget refuses it. */
function scratch(first: bool, bytes: i32): StaticArray<u8> | null {
  const buffer = first ? scratchA : scratchB;
  if (buffer.length >= bytes) return buffer;
  const capacity = max(bytes, 2 * buffer.length);
  if (!reserve(<f64>capacity)) return null;
  const grown = new StaticArray<u8>(capacity);
  if (first) scratchA = grown;
  else scratchB = grown;
  return grown;
}

/** Writes text `id` out at `to` (its slices, from the last one back). */
function writeOut(id: i32, to: usize): void {
  let end = lengths[id];
  while (lefts[id] >= 0) {
    const slice = rights[id];
    end -= lengths[slice];
    memory.copy(to + <usize>end, <usize>rights[slice], <usize>lengths[slice]);
    id = lefts[id];
  }
  memory.copy(to, <usize>rights[id], <usize>lengths[id]);
}

/** The address of text `id`'s bytes: its slice, or where it was written out (0 when the budget refuses). */
function bytesOf(id: i32, first: bool): usize {
  if (lefts[id] < 0) return <usize>rights[id];
  const buffer = scratch(first, lengths[id]);
  if (buffer === null) return 0;
  writeOut(id, changetype<usize>(buffer));
  return changetype<usize>(buffer);
}

/**
 * The id of the text with this tag, hash and length whose bytes are at `address` (0: the bytes are the append
 * `left` + `right`, written out only if a text with the same hash turns up), or -1 if there is none yet.
 * NO_TEXT_ROOM when writing out needs memory the budget refuses.
 */
function find(tag: u8, hash: u32, length: i32, address: usize, left: i32, right: i32): i32 {
  if (count == 0) return -1;
  const mask = slots.length - 1;
  let written: usize = address;
  for (let slot = <i32>(hash & (<u32>mask)); slots[slot] != 0; slot = (slot + 1) & mask) {
    const id = slots[slot] - 1;
    if (hashes[id] != hash || lengths[id] != length || tags[id] != tag) continue;
    if (written == 0) {
      const buffer = scratch(true, length);
      if (buffer === null) return NO_TEXT_ROOM;
      written = changetype<usize>(buffer);
      writeOut(left, written);
      memory.copy(written + <usize>lengths[left], <usize>rights[right], <usize>lengths[right]);
    }
    const other = bytesOf(id, false);
    if (other == 0) return NO_TEXT_ROOM;
    if (memory.compare(written, other, <usize>length) == 0) return id;
  }
  return -1;
}

function add(tag: u8, hash: u32, shift: u32, length: i32, left: i32, right: i32): i32 {
  if (!makeRoom()) return NO_TEXT_ROOM;
  const id = count++;
  hashes[id] = hash;
  shifts[id] = shift;
  lengths[id] = length;
  lefts[id] = left;
  rights[id] = right;
  tags[id] = tag;
  const mask = slots.length - 1;
  let slot = <i32>(hash & (<u32>mask));
  while (slots[slot] != 0) slot = (slot + 1) & mask;
  slots[slot] = id + 1;
  return id;
}

/** The id of the `length` bytes at `address` (which must stay where they are), tagged `tag`; or NO_TEXT_ROOM. */
export function internSlice(tag: u8, address: usize, length: i32): i32 {
  let hash: u32 = 0;
  let shift: u32 = 1;
  for (let i = 0; i < length; i++) {
    hash = hash * BASE + <u32>load<u8>(address + <usize>i);
    shift *= BASE;
  }
  const found = find(tag, hash, length, address, -1, -1);
  if (found != -1) return found;
  return add(tag, hash, shift, length, -1, <i32>address);
}

/** The id of text `left` followed by text `right` (a slice of the file); or NO_TEXT_ROOM. */
export function internAppend(left: i32, right: i32): i32 {
  const length = lengths[left] + lengths[right];
  const hash = hashes[left] * shifts[right] + hashes[right];
  const found = find(STRING, hash, length, 0, left, right);
  if (found != -1) return found;
  if (lengths[right] == 0) return left;
  return add(STRING, hash, shifts[left] * shifts[right], length, left, right);
}
