// The history reader: checks a faultline history.jsonl for the register, cas-register, etcd-register and kv models
// straight from the file's bytes — scanning each line's JSON, pairing invocations with completions, translating the
// calls into the kernel's integer steps and splitting kv histories by key — so that a check of a few thousand calls
// runs no JavaScript per call (its host side: readHistoryInKernel in ../index.ts). It reads what the JavaScript path reads
// (core/history/formats/jsonl.ts, ../../history.ts, ../../prepare.ts, ../../partition.ts and the models) and makes
// the same calls in the same order; anything it does not read exactly as that path would — a string with an escape
// or a non-ASCII byte, a number that is not a short integer, a field it does not know, a kv value given as an object,
// a malformed line or pairing, an operation the model does not have — makes it decline (DECLINED), and the
// JavaScript path reads the file instead, with its errors and warnings. Texts are interned (texts.ts): a kv text, a
// key or a register value is an id.
import { reserve } from './host';
import { internSlice, NO_TEXT_ROOM, NUMBER, STRING } from './texts';

// Models (as ../index.ts numbers them: READER_MODELS).
export const REGISTER: i32 = 0;
export const CAS_REGISTER: i32 = 1;
export const ETCD_REGISTER: i32 = 2;
export const KV: i32 = 3;

// The kernel's steps (search-kernel.ts).
export const READ: i32 = 0;
export const WRITE: i32 = 1;
export const CAS: i32 = 2;
export const APPEND: i32 = 4;
const UNKNOWN_VALUE: i32 = -1;

// readHistory()'s answers.
export const READ_DONE: i32 = 1;
export const DECLINED: i32 = 0;
export const NO_ROOM: i32 = -1;

// Op types.
const INVOKE: i32 = 0;
const OK: i32 = 1;
const FAIL: i32 = 2;
const INFO: i32 = 3;

// The fields of an op, as bits.
const INDEX: i32 = 1;
const TYPE: i32 = 2;
const PROCESS: i32 = 4;
const F: i32 = 8;
const VALUE: i32 = 16;
const TIME: i32 = 32;
const NODE: i32 = 64;
const ERROR: i32 = 128;
const REQUESTS: i32 = 256;
const NEEDED: i32 = INDEX | TYPE | PROCESS | F | TIME;

/** Nesting deeper than this is left to the JavaScript path. */
const MAX_DEPTH: i32 = 64;
/** The shortest op line: `{"index":0,"type":"ok","process":0,"f":"","time":0}` and its newline. */
const SHORTEST_LINE: i32 = 51;
/** Longest integer taken as a register value: exactly a double, so equal digits are equal numbers in JavaScript. */
const MAX_DIGITS: i32 = 15;

let model: i32 = 0;
let start: usize = 0;
let end: usize = 0;
/** The scanner's position. */
let at: usize = 0;
let stringStart: usize = 0;
let stringEnd: usize = 0;
let numberStart: usize = 0;
let numberEnd: usize = 0;

// Per op (history position).
let opType = new StaticArray<u8>(0);
let opProcess = new StaticArray<i32>(0);
let opNemesis = new StaticArray<u8>(0);
let opF = new StaticArray<i32>(0);
/** Where the op's value starts (its first byte), or -1 when the line has none (null). */
let opValue = new StaticArray<i32>(0);
let lineStart = new StaticArray<i32>(0);
let lineEnd = new StaticArray<i32>(0);
let ops: i32 = 0;

// Per call, in invocation order.
let callInvoke = new StaticArray<i32>(0);
/** The ok completion's position; -1 when the outcome is unknown; -2 when the call failed (dropped). */
let callComplete = new StaticArray<i32>(0);
let callKind = new StaticArray<i32>(0);
let callA = new StaticArray<i32>(0);
let callB = new StaticArray<i32>(0);
let callKey = new StaticArray<i32>(0);
let calls: i32 = 0;
let unknownCalls: i32 = 0;

// Partitions: the calls of partition p are members[first[p] .. first[p + 1]).
let partitions: i32 = 0;
let partitionFirst = new StaticArray<i32>(0);
let partitionMembers = new StaticArray<i32>(0);
let partitionInitial = new StaticArray<i32>(0);
let emptyText: i32 = 0;

// What planPartition() kept.
export let plannedCalls: i32 = 0;
export let plannedClasses: i32 = 0;
export let plannedRequired: i32 = 0;

// ---- the JSON scanner ----

function peek(): i32 {
  return at < end ? <i32>load<u8>(at) : -1;
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

/** Skips JSON whitespace except the newline, which ends a line. */
function skipSpace(): void {
  while (at < end) {
    const c = load<u8>(at);
    if (c == 0x20 || c == 0x09 || c == 0x0d) at++;
    else break;
  }
}

/**
 * Scans the string at `at` (its opening quote): 1 when it is plain (printable ASCII, no escape), 0 when it is valid
 * JSON but not plain, -1 when it is not valid JSON. Its bytes are stringStart..stringEnd. Bytes that need no look (not
 * a quote, a backslash, a control character or a non-ASCII byte) are passed 16 at a time.
 */
function scanString(): i32 {
  let p = at + 1;
  stringStart = p;
  let plain = 1;
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  while (true) {
    while (p + 16 <= end) {
      const v = v128.load(p);
      // Signed, the non-ASCII bytes are below the space too.
      const mask = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_s(v, space)));
      if (mask != 0) {
        p += <usize>ctz(mask);
        break;
      }
      p += 16;
    }
    if (p >= end) return -1;
    const c = <i32>load<u8>(p);
    if (c == 0x22) {
      stringEnd = p;
      at = p + 1;
      return plain;
    }
    if (c < 0x20) return -1;
    if (c == 0x5c) {
      plain = 0;
      const e = p + 1 < end ? <i32>load<u8>(p + 1) : -1;
      if (e == 0x75) {
        for (let i = 2; i <= 5; i++) {
          const h = p + <usize>i < end ? <i32>load<u8>(p + <usize>i) : -1;
          if (!(isDigit(h) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) return -1;
        }
        p += 6;
      } else if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) p += 2;
      else return -1;
      continue;
    }
    if (c >= 0x80) plain = 0;
    p++;
  }
  return -1;
}

/** Scans a JSON number: 1 for an integer (no fraction or exponent), 2 for another number, -1 when invalid. */
function scanNumber(): i32 {
  numberStart = at;
  let integer = 1;
  if (peek() == 0x2d) at++;
  if (peek() == 0x30) at++;
  else if (isDigit(peek())) while (isDigit(peek())) at++;
  else return -1;
  if (peek() == 0x2e) {
    at++;
    if (!isDigit(peek())) return -1;
    while (isDigit(peek())) at++;
    integer = 0;
  }
  if (peek() == 0x65 || peek() == 0x45) {
    at++;
    if (peek() == 0x2b || peek() == 0x2d) at++;
    if (!isDigit(peek())) return -1;
    while (isDigit(peek())) at++;
    integer = 0;
  }
  numberEnd = at;
  return integer == 1 ? 1 : 2;
}

/** Whether the `length` bytes at `at` are `word` (W_TRUE, W_FALSE, W_NULL); moves past them if so. */
function literal(word: u64, length: i32): bool {
  if (at + <usize>length > end || wordAt(at, length) != word) return false;
  at += <usize>length;
  return true;
}

function isNull(): bool {
  return literal(W_NULL, 4);
}

/** Skips one JSON value (whitespace before it too); false when it is not valid JSON on this line. */
function skipValue(depth: i32): bool {
  skipSpace();
  const c = peek();
  if (c == 0x22) return scanString() >= 0;
  if (c == 0x2d || isDigit(c)) return scanNumber() > 0;
  if (c == 0x74) return literal(W_TRUE, 4);
  if (c == 0x66) return literal(W_FALSE, 5);
  if (c == 0x6e) return isNull();
  if (depth >= MAX_DEPTH) return false;
  if (c == 0x5b) {
    at++;
    skipSpace();
    if (peek() == 0x5d) {
      at++;
      return true;
    }
    while (true) {
      if (!skipValue(depth + 1)) return false;
      skipSpace();
      const d = peek();
      at++;
      if (d == 0x2c) continue;
      return d == 0x5d;
    }
  }
  if (c == 0x7b) {
    at++;
    skipSpace();
    if (peek() == 0x7d) {
      at++;
      return true;
    }
    while (true) {
      skipSpace();
      if (peek() != 0x22 || scanString() < 0) return false;
      skipSpace();
      if (peek() != 0x3a) return false;
      at++;
      if (!skipValue(depth + 1)) return false;
      skipSpace();
      const d = peek();
      at++;
      if (d == 0x2c) continue;
      return d == 0x7d;
    }
  }
  return false;
}

/** A text of at most 8 bytes at `address` as one number: texts of one length are equal when their numbers are. */
function wordAt(address: usize, length: i32): u64 {
  if (length >= 4) return (<u64>load<u32>(address)) | ((<u64>load<u32>(address + <usize>(length - 4))) << 32);
  let word: u64 = 0;
  for (let i = 0; i < length; i++) {
    const byte: u64 = load<u8>(address + <usize>i);
    word |= byte << ((<u64>i) << 3);
  }
  return word;
}

/** wordAt() of an ASCII string of at most 8 characters (computed once, when the module starts). */
function wordOf(text: string): u64 {
  const length = text.length;
  if (length >= 4) return bytesOf(text, 0, 4) | (bytesOf(text, length - 4, 4) << 32);
  return bytesOf(text, 0, length);
}

/** `count` characters of `text` from `from`, as bytes of a number (the first the lowest). */
function bytesOf(text: string, from: i32, count: i32): u64 {
  let word: u64 = 0;
  for (let i = 0; i < count; i++) {
    const byte: u64 = text.charCodeAt(from + i);
    word |= byte << ((<u64>i) << 3);
  }
  return word;
}

const W_INDEX = wordOf('index');
const W_TYPE = wordOf('type');
const W_PROCESS = wordOf('process');
const W_F = wordOf('f');
const W_VALUE = wordOf('value');
const W_TIME = wordOf('time');
const W_NODE = wordOf('node');
const W_ERROR = wordOf('error');
const W_REQUESTS = wordOf('requests');
const W_INVOKE = wordOf('invoke');
const W_OK = wordOf('ok');
const W_FAIL = wordOf('fail');
const W_INFO = wordOf('info');
const W_NEMESIS = wordOf('nemesis');
const W_GET = wordOf('get');
const W_PUT = wordOf('put');
const W_APPEND = wordOf('append');
const W_READ = wordOf('read');
const W_WRITE = wordOf('write');
const W_CAS = wordOf('cas');
const W_TRUE = wordOf('true');
const W_FALSE = wordOf('false');
const W_NULL = wordOf('null');

/** The length of the string just scanned. */
function scannedLength(): i32 {
  return <i32>(stringEnd - stringStart);
}

/** The string just scanned as a word (0 when it is longer than 8 bytes: compare lengths first). */
function scannedWord(): u64 {
  const length = scannedLength();
  return length <= 8 ? wordAt(stringStart, length) : 0;
}

/** The field the key just scanned names, as its bit; 0 for a key faultline does not write. */
function fieldOfKey(): i32 {
  const length = scannedLength();
  const word = scannedWord();
  if (length == 5) return word == W_INDEX ? INDEX : word == W_VALUE ? VALUE : word == W_ERROR ? ERROR : 0;
  if (length == 4) return word == W_TYPE ? TYPE : word == W_TIME ? TIME : word == W_NODE ? NODE : 0;
  if (length == 7) return word == W_PROCESS ? PROCESS : 0;
  if (length == 1) return word == W_F ? F : 0;
  if (length == 8) return word == W_REQUESTS ? REQUESTS : 0;
  return 0;
}

/** The op type the string just scanned names, or -1. */
function typeOfString(): i32 {
  const length = scannedLength();
  const word = scannedWord();
  if (length == 6) return word == W_INVOKE ? INVOKE : -1;
  if (length == 2) return word == W_OK ? OK : -1;
  if (length == 4) return word == W_FAIL ? FAIL : word == W_INFO ? INFO : -1;
  return -1;
}

/** The model's number for the operation just scanned, or -1 when the model has no such operation. */
function operationOfString(): i32 {
  const length = scannedLength();
  const word = scannedWord();
  if (model == KV) {
    if (length == 3) return word == W_GET ? 0 : word == W_PUT ? 1 : -1;
    return length == 6 && word == W_APPEND ? 2 : -1;
  }
  if (length == 4) return word == W_READ ? 0 : -1;
  if (length == 5) return word == W_WRITE ? 1 : -1;
  return length == 3 && word == W_CAS && model != REGISTER ? 2 : -1;
}

/** The integer just scanned, when it has at most 9 digits; false otherwise. */
function smallInteger(): bool {
  const digits = <i32>(numberEnd - numberStart) - (load<u8>(numberStart) == 0x2d ? 1 : 0);
  return digits <= 9;
}

function integerValue(): i32 {
  let p = numberStart;
  const negative = load<u8>(p) == 0x2d;
  if (negative) p++;
  let value = 0;
  for (; p < numberEnd; p++) value = value * 10 + <i32>(load<u8>(p) - 0x30);
  return negative ? -value : value;
}

/** Reads the op on the line at `at` as history position `pos`; false when the line is not one the reader takes. */
function readOp(pos: i32): bool {
  skipSpace();
  if (peek() != 0x7b) return false;
  at++;
  let seen = 0;
  opValue[pos] = -1;
  opNemesis[pos] = 0;
  opF[pos] = -1;
  while (true) {
    skipSpace();
    if (peek() != 0x22 || scanString() != 1) return false;
    const field = fieldOfKey();
    if (field == 0 || (seen & field) != 0) return false;
    seen |= field;
    skipSpace();
    if (peek() != 0x3a) return false;
    at++;
    skipSpace();
    const c = peek();
    if (field == INDEX || field == REQUESTS) {
      if (scanNumber() != 1) return false;
    } else if (field == TIME) {
      if (scanNumber() < 0) return false;
    } else if (field == TYPE) {
      if (c != 0x22 || scanString() != 1) return false;
      const type = typeOfString();
      if (type < 0) return false;
      opType[pos] = <u8>type;
    } else if (field == PROCESS) {
      if (c == 0x22) {
        // Nemesis ops are faults, skipped; the harness's monitor ops are left to the JavaScript path.
        if (scanString() != 1 || scannedLength() != 7 || scannedWord() != W_NEMESIS) return false;
        opNemesis[pos] = 1;
      } else {
        if (scanNumber() != 1 || !smallInteger()) return false;
        opProcess[pos] = integerValue();
      }
    } else if (field == F) {
      if (c != 0x22) return false;
      const plain = scanString();
      if (plain < 0) return false;
      if (plain == 1) opF[pos] = operationOfString();
    } else if (field == VALUE) {
      opValue[pos] = <i32>(at - start);
      if (!skipValue(0)) return false;
    } else {
      // node, error
      if (c != 0x22 || scanString() < 0) return false;
    }
    skipSpace();
    const d = peek();
    at++;
    if (d == 0x2c) continue;
    if (d != 0x7d) return false;
    break;
  }
  if ((seen & NEEDED) != NEEDED) return false;
  skipSpace();
  lineEnd[pos] = <i32>(at - start);
  if (at == end) return true;
  if (peek() != 0x0a) return false;
  at++;
  return true;
}

// ---- memory ----

function reserveAll(lines: i32): bool {
  // Per op 5 arrays of 4 bytes and 2 of 1, and the 2 of 4 pairing fills; per call (at most one per op) 4 of 4 and the
  // 3 of 4 partitioning takes; per partition (at most one per call) 3 of 4.
  return reserve(<f64>lines * (5 * 4 + 2 + 2 * 4 + 4 * 4 + 3 * 4 + 3 * 4) + 64);
}

// ---- pairing (../../history.ts, core/history/pairing.ts) ----

/** Pairs the ops into calls, in invocation order; false when the pairing is malformed or an op is not the model's. */
function pairCalls(): bool {
  // Open addressing from process number to its pending call (-1: none).
  let size = 16;
  while (size < 2 * ops) size <<= 1;
  const processes = new StaticArray<i32>(size);
  const used = new StaticArray<u8>(size);
  const pending = new StaticArray<i32>(size);
  const mask = size - 1;
  calls = 0;
  for (let pos = 0; pos < ops; pos++) {
    if (opNemesis[pos] == 1) continue;
    if (opF[pos] < 0) return false;
    const process = opProcess[pos];
    let slot = (process * 0x9e3779b1) & mask;
    while (used[slot] == 1 && processes[slot] != process) slot = (slot + 1) & mask;
    if (used[slot] == 0) {
      used[slot] = 1;
      processes[slot] = process;
      pending[slot] = -1;
    }
    const open = pending[slot];
    if (<i32>opType[pos] == INVOKE) {
      if (open >= 0) return false;
      callInvoke[calls] = pos;
      callComplete[calls] = -1;
      pending[slot] = calls++;
      continue;
    }
    if (open < 0 || opF[callInvoke[open]] != opF[pos]) return false;
    pending[slot] = -1;
    const type = <i32>opType[pos];
    callComplete[open] = type == OK ? pos : type == FAIL ? -2 : -1;
  }
  // Failed calls did not happen: they are dropped.
  let kept = 0;
  for (let c = 0; c < calls; c++) {
    if (callComplete[c] == -2) continue;
    callInvoke[kept] = callInvoke[c];
    callComplete[kept] = callComplete[c];
    kept++;
  }
  calls = kept;
  return true;
}

// ---- the models' preparation (../../models/register.ts, ../../models/kv.ts) ----

/** What a translation returns for a value the reader does not take. */
const UNREAD: i32 = -3;

/** A register value's id (0 = nil): null, a plain string or a short integer; UNREAD or NO_TEXT_ROOM otherwise. */
function registerValue(): i32 {
  skipSpace();
  const c = peek();
  if (c == 0x6e) return isNull() ? 0 : UNREAD;
  if (c == 0x22) {
    if (scanString() != 1) return UNREAD;
    const id = internSlice(STRING, stringStart, <i32>(stringEnd - stringStart));
    return id < 0 ? id : id + 1;
  }
  if (c == 0x2d || isDigit(c)) {
    if (scanNumber() != 1) return UNREAD;
    const negative = load<u8>(numberStart) == 0x2d;
    const digits = <i32>(numberEnd - numberStart) - (negative ? 1 : 0);
    // -0 is 0 in JavaScript, and longer numbers may round: left to the JavaScript path.
    if (digits > MAX_DIGITS || (negative && load<u8>(numberStart + 1) == 0x30)) return UNREAD;
    const id = internSlice(NUMBER, numberStart, <i32>(numberEnd - numberStart));
    return id < 0 ? id : id + 1;
  }
  return UNREAD;
}

/** Moves `at` to op `pos`'s value; false when the op has none (its value is null). */
function toValue(pos: i32): bool {
  if (opValue[pos] < 0) return false;
  at = start + <usize>opValue[pos];
  skipSpace();
  return true;
}

/** Expects `c` (after whitespace) and moves past it. */
function expect(c: i32): bool {
  skipSpace();
  if (peek() != c) return false;
  at++;
  return true;
}

/** Translates call `c` for a register model; DECLINED, NO_ROOM or READ_DONE. */
function prepareRegister(c: i32): i32 {
  const invoke = callInvoke[c];
  const completion = callComplete[c];
  const operation = opF[invoke];
  let a: i32 = 0;
  let b: i32 = 0;
  if (operation == 0) {
    callKind[c] = READ;
    if (completion < 0 || !toValue(completion) || isNull()) a = completion >= 0 && model == ETCD_REGISTER ? 0 : UNKNOWN_VALUE;
    else a = registerValue();
  } else if (operation == 1) {
    callKind[c] = WRITE;
    a = toValue(invoke) ? registerValue() : 0;
  } else {
    callKind[c] = CAS;
    if (!toValue(invoke) || !expect(0x5b)) return DECLINED;
    a = registerValue();
    if (a < UNKNOWN_VALUE) return a == NO_TEXT_ROOM ? NO_ROOM : DECLINED;
    if (!expect(0x2c)) return DECLINED;
    b = registerValue();
    if (!expect(0x5d)) return DECLINED;
  }
  if (a < UNKNOWN_VALUE || b < UNKNOWN_VALUE) return a == NO_TEXT_ROOM || b == NO_TEXT_ROOM ? NO_ROOM : DECLINED;
  callA[c] = a;
  callB[c] = b;
  callKey[c] = 0;
  return READ_DONE;
}

/** A kv text: a plain string's id; UNREAD for anything else (numbers too), or NO_TEXT_ROOM. */
function kvText(): i32 {
  skipSpace();
  if (peek() != 0x22 || scanString() != 1) return UNREAD;
  return internSlice(STRING, stringStart, <i32>(stringEnd - stringStart));
}

/** What a kv get returned, from its completion's value `[key, text]` or `text`: a text id, or UNKNOWN_VALUE for nil. */
function kvRead(completion: i32): i32 {
  if (!toValue(completion)) return UNKNOWN_VALUE;
  if (peek() == 0x5b) {
    at++;
    if (!skipValue(0) || !expect(0x2c)) return UNREAD;
    skipSpace();
    if (isNull()) return expect(0x5d) ? UNKNOWN_VALUE : UNREAD;
    const text = kvText();
    return text < 0 || expect(0x5d) ? text : UNREAD;
  }
  if (isNull()) return UNKNOWN_VALUE;
  return kvText();
}

/** Translates call `c` for the kv model; DECLINED, NO_ROOM or READ_DONE. */
function prepareKv(c: i32): i32 {
  const invoke = callInvoke[c];
  const completion = callComplete[c];
  const operation = opF[invoke];
  // The argument: [key, value].
  if (!toValue(invoke) || !expect(0x5b)) return DECLINED;
  const key = kvText();
  if (key < 0) return key == NO_TEXT_ROOM ? NO_ROOM : DECLINED;
  if (!expect(0x2c)) return DECLINED;
  let a: i32;
  if (operation == 0) {
    // A get's second element is not read (any value).
    if (!skipValue(0) || !expect(0x5d)) return DECLINED;
    a = completion < 0 ? UNKNOWN_VALUE : kvRead(completion);
    callKind[c] = READ;
  } else {
    a = kvText();
    if (a >= 0 && !expect(0x5d)) return DECLINED;
    callKind[c] = operation == 1 ? WRITE : APPEND;
  }
  if (a < UNKNOWN_VALUE) return a == NO_TEXT_ROOM ? NO_ROOM : DECLINED;
  callA[c] = a;
  callB[c] = 0;
  callKey[c] = key;
  return READ_DONE;
}

// ---- partitions (../../partition.ts) ----

/** Splits the calls by key, in order of first appearance (one partition when the model has no keys). */
function partitionCalls(keyCount: i32): void {
  const partitionOfKey = new StaticArray<i32>(keyCount);
  memory.fill(changetype<usize>(partitionOfKey), 0xff, (<usize>keyCount) << 2);
  const partitionOf = new StaticArray<i32>(calls);
  const sizes = new StaticArray<i32>(calls + 1);
  partitions = 0;
  for (let c = 0; c < calls; c++) {
    const key = callKey[c];
    let p = partitionOfKey[key];
    if (p < 0) {
      p = partitions++;
      partitionOfKey[key] = p;
    }
    partitionOf[c] = p;
    sizes[p]++;
  }
  partitionFirst = new StaticArray<i32>(partitions + 1);
  for (let p = 0; p < partitions; p++) partitionFirst[p + 1] = partitionFirst[p] + sizes[p];
  partitionMembers = new StaticArray<i32>(calls);
  const filled = new StaticArray<i32>(partitions);
  for (let c = 0; c < calls; c++) {
    const p = partitionOf[c];
    partitionMembers[partitionFirst[p] + filled[p]++] = c;
  }
  partitionInitial = new StaticArray<i32>(partitions);
  memory.fill(changetype<usize>(partitionInitial), 0, (<usize>partitions) << 2);
  if (model == KV) for (let p = 0; p < partitions; p++) partitionInitial[p] = emptyText;
}

// ---- exports ----

/** Forgets the last history (a new check). */
export function resetReader(): void {
  ops = 0;
  calls = 0;
  partitions = 0;
}

/** Room for a history file of `bytes`: its address, or 0 when the budget refuses it. */
export function historyBuffer(bytes: i32): usize {
  if (!reserve(<f64>bytes)) return 0;
  // Not zeroed: the host fills it.
  return heap.alloc(<usize>bytes);
}

/** Reads the history of `bytes` at `address` for `modelOf` (REGISTER…KV): READ_DONE, DECLINED or NO_ROOM. */
export function readHistory(address: usize, bytes: i32, modelOf: i32): i32 {
  model = modelOf;
  start = address;
  end = address + <usize>bytes;
  // Every op line holds the five fields it needs (at least 51 bytes with its newline), so this is room enough.
  const lines = bytes / SHORTEST_LINE + 1;
  if (!reserveAll(lines)) return NO_ROOM;
  opType = new StaticArray<u8>(lines);
  opProcess = new StaticArray<i32>(lines);
  opNemesis = new StaticArray<u8>(lines);
  opF = new StaticArray<i32>(lines);
  opValue = new StaticArray<i32>(lines);
  lineStart = new StaticArray<i32>(lines);
  lineEnd = new StaticArray<i32>(lines);
  ops = 0;
  at = start;
  while (true) {
    const begin = at;
    skipSpace();
    if (at == end) break;
    if (peek() == 0x0a) {
      // A blank line: the end of the file when only whitespace follows; otherwise left to the JavaScript path.
      while (at < end && (load<u8>(at) == 0x0a || load<u8>(at) == 0x20 || load<u8>(at) == 0x09 || load<u8>(at) == 0x0d)) at++;
      if (at == end) break;
      return DECLINED;
    }
    at = begin;
    if (ops == lines) return DECLINED;
    lineStart[ops] = <i32>(begin - start);
    if (!readOp(ops)) return DECLINED;
    ops++;
  }
  if (ops == 0) return DECLINED;
  callInvoke = new StaticArray<i32>(ops);
  callComplete = new StaticArray<i32>(ops);
  // A history without client calls is one empty partition for a register and none for kv: left to the JavaScript path.
  if (!pairCalls() || calls == 0) return DECLINED;
  callKind = new StaticArray<i32>(calls);
  callA = new StaticArray<i32>(calls);
  callB = new StaticArray<i32>(calls);
  callKey = new StaticArray<i32>(calls);
  unknownCalls = 0;
  emptyText = internSlice(STRING, start, 0);
  if (emptyText < 0) return NO_ROOM;
  let keys = 1;
  for (let c = 0; c < calls; c++) {
    const prepared = model == KV ? prepareKv(c) : prepareRegister(c);
    if (prepared != READ_DONE) return prepared;
    if (callComplete[c] < 0) unknownCalls++;
    if (callKey[c] >= keys) keys = callKey[c] + 1;
  }
  partitionCalls(keys);
  return READ_DONE;
}

export function historyOps(): i32 {
  return ops;
}

export function historyCalls(): i32 {
  return calls;
}

export function historyUnknownCalls(): i32 {
  return unknownCalls;
}

export function historyPartitions(): i32 {
  return partitions;
}

export function partitionSize(p: i32): i32 {
  return partitionFirst[p + 1] - partitionFirst[p];
}

export function partitionInitialState(p: i32): i32 {
  return partitionInitial[p];
}

/**
 * For the explanation of partition `p`: writes, for each of its calls in order, the positions of its invocation and
 * ok completion (-1: unknown outcome) into `to` (2 per call).
 */
export function partitionCallPositions(p: i32, to: usize): void {
  for (let i = partitionFirst[p], k = 0; i < partitionFirst[p + 1]; i++, k++) {
    const c = partitionMembers[i];
    store<i32>(to + ((<usize>(2 * k)) << 2), callInvoke[c]);
    store<i32>(to + ((<usize>(2 * k + 1)) << 2), callComplete[c]);
  }
}

let linesLength: i32 = 0;

/**
 * For the explanation of partition `p`: its ops' lines as one JSON array — each call's invocation, then its ok
 * completion if it has one — written out; its length is partitionLinesLength().
 */
export function partitionLines(p: i32): usize {
  let size = 2;
  for (let i = partitionFirst[p]; i < partitionFirst[p + 1]; i++) {
    const c = partitionMembers[i];
    size += lineEnd[callInvoke[c]] - lineStart[callInvoke[c]] + 1;
    if (callComplete[c] >= 0) size += lineEnd[callComplete[c]] - lineStart[callComplete[c]] + 1;
  }
  const to = heap.alloc(<usize>size);
  let w = to;
  store<u8>(w++, 0x5b);
  for (let i = partitionFirst[p]; i < partitionFirst[p + 1]; i++) {
    const c = partitionMembers[i];
    w = copyLine(callInvoke[c], w);
    if (callComplete[c] >= 0) w = copyLine(callComplete[c], w);
  }
  // The last comma closes the array.
  store<u8>(w - 1, 0x5d);
  linesLength = <i32>(w - to);
  return to;
}

/** Writes op `pos`'s line and a comma at `to`; returns where it ended. */
function copyLine(pos: i32, to: usize): usize {
  const length = <usize>(lineEnd[pos] - lineStart[pos]);
  memory.copy(to, start + <usize>lineStart[pos], length);
  store<u8>(to + length, 0x2c);
  return to + length + 1;
}

export function partitionLinesLength(): i32 {
  return linesLength;
}

/**
 * Fills a search's inputs with partition `p`'s calls, as the JavaScript host does (../index.ts): all but the optional
 * reads, in invocation order, and the classes of interchangeable optional calls (equal steps, in order of first
 * appearance). Sets plannedCalls, plannedClasses and plannedRequired.
 */
export function planPartition(
  p: i32,
  kind: StaticArray<i32>,
  argA: StaticArray<i32>,
  argB: StaticArray<i32>,
  required: StaticArray<u8>,
  callPos: StaticArray<f64>,
  returnPos: StaticArray<f64>,
  optionalClass: StaticArray<i32>,
  classMembers: StaticArray<i32>,
  classStart: StaticArray<i32>,
  callIds: StaticArray<i32>,
): void {
  let n = 0;
  let requiredCount = 0;
  let optional = 0;
  for (let i = partitionFirst[p], local = 0; i < partitionFirst[p + 1]; i++, local++) {
    const c = partitionMembers[i];
    const completion = callComplete[c];
    if (completion < 0 && callKind[c] == READ) continue;
    kind[n] = callKind[c];
    argA[n] = callA[c];
    argB[n] = callB[c];
    callPos[n] = <f64>callInvoke[c];
    if (completion >= 0) {
      required[n] = 1;
      returnPos[n] = <f64>completion;
      requiredCount++;
    } else {
      required[n] = 0;
      returnPos[n] = Infinity;
      optional++;
    }
    callIds[n] = local;
    n++;
  }
  plannedCalls = n;
  plannedRequired = requiredCount;
  plannedClasses = 0;
  memory.fill(changetype<usize>(optionalClass), 0xff, (<usize>n) << 2);
  if (optional == 0) return;
  // Classes by (kind, a, b), numbered in order of first appearance.
  let size = 16;
  while (size < 2 * optional) size <<= 1;
  const mask = size - 1;
  const slots = new StaticArray<i32>(size);
  const sizes = new StaticArray<i32>(optional);
  const firstOf = new StaticArray<i32>(optional);
  let classes = 0;
  for (let k = 0; k < n; k++) {
    if (required[k] == 1) continue;
    let slot = ((kind[k] * 0x9e3779b1) ^ (argA[k] * 0x85ebca6b) ^ (argB[k] * 0xc2b2ae35)) & mask;
    let id = -1;
    for (let e = slots[slot] - 1; e >= 0; e = slots[slot] - 1) {
      const f = firstOf[e];
      if (kind[f] == kind[k] && argA[f] == argA[k] && argB[f] == argB[k]) {
        id = e;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (id < 0) {
      id = classes++;
      firstOf[id] = k;
      slots[slot] = id + 1;
    }
    optionalClass[k] = id;
    sizes[id]++;
  }
  classStart[0] = 0;
  for (let id = 1; id < classes; id++) classStart[id] = classStart[id - 1] + sizes[id - 1];
  const placed = new StaticArray<i32>(classes);
  for (let k = 0; k < n; k++) {
    const id = optionalClass[k];
    if (id >= 0) classMembers[classStart[id] + placed[id]++] = k;
  }
  plannedClasses = classes;
}
