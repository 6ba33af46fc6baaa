// The `queue` workload's history shapes (the contract between the workload and the Kafka checker) and their parsers.
//
// Ops. `f` is one of:
//   send  — one send micro-op.
//   poll  — one poll micro-op.
//   txn   — a list of send/poll micro-ops run in one Kafka transaction (or one batch when transactions are off).
//   assign, subscribe — consumer bookkeeping; the checker only notes that they happened (group rebalances).
//   anything else (crash, ...) — ignored.
// Every send/poll/txn op is an invocation followed by exactly one completion on the same process (Jepsen rules):
//   ok   — it happened; the completion carries the results.
//   fail — it definitely did not happen: a failed txn was aborted, its sends must never be visible (read_committed).
//   info — unknown outcome; the process never issues again. An invocation without completion counts as info.
//
// `value` is always an array of micro-ops (a send or poll op holds exactly one; a txn's completion repeats its
// invocation's list, in the same order, with results filled in):
//   invoke  ["send", key, value]
//   ok      ["send", key, [offset, value]]          offset is null when the client did not learn it
//   invoke  ["poll"]
//   ok      ["poll", {"<key>": [[offset, value], ...], ...}]   records of each key in the order returned
//   ok      ["poll", {...}, [key, ...]]   the same, when a consumer group rebalance gave the process these keys since
//                       its last ok poll (its position on them may have restarted at the group's committed offset)
//   invoke  ["abort"]   last micro-op of a txn the client aborts on purpose: it completes fail once the abort is
//                       acknowledged (its sends then definitely did not happen), or info when the abort failed
// Keys are integers, each naming one topic-partition; JSON object keys are their decimal strings. Values are
// integers, unique per key across the whole history. Offsets are non-negative integers. A fail/info completion may
// carry any value: the checker uses the invocation's sends for it and ignores its polls. Consumer order is checked per
// process and key between ok polls, so a consumer whose poll or txn failed must seek back to where its last ok poll
// ended (or go on as a new process); otherwise its next poll looks like a poll-skip.
//
// Malformed input throws an Error whose message starts with `op <index>:`.

import type { Op } from '../../core/history/op.ts';

export type SendInvocation = ['send', number, number];
export type SendCompletion = ['send', number, [number | null, number]];
export type PollInvocation = ['poll'];
export type PollCompletion = ['poll', Record<string, Array<[number, number]>>];
export type AbortInvocation = ['abort'];

/** The ops the checker reads; others (assign, subscribe, crash, nemesis ...) are bookkeeping. */
export const QUEUE_FUNCTIONS: ReadonlySet<string> = new Set(['send', 'poll', 'txn']);
/** Consumer ops after which a group rebalance may move a consumer's position. */
export const REBALANCE_FUNCTIONS: ReadonlySet<string> = new Set(['assign', 'subscribe']);

export interface SendMicroOp {
  kind: 'send';
  key: number;
  value: number;
  /** Known after an ok completion; null before, or when the client did not report it. */
  offset: number | null;
}

export interface PolledKey {
  key: number;
  /** [offset, value] pairs in the order the poll returned them. */
  records: ReadonlyArray<readonly [number, number]>;
}

export interface PollMicroOp {
  kind: 'poll';
  /** Empty for an invocation. */
  polled: PolledKey[];
  /** Keys a group rebalance gave the process before this poll read them (empty when none, and for an invocation). */
  reassigned: number[];
}

export type QueueMicroOp = SendMicroOp | PollMicroOp;

const isInteger = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const isOffset = (x: unknown): x is number => isInteger(x) && x >= 0;

/** A short rendering of a bad value for error messages. */
export function show(x: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(x) ?? String(x);
  } catch {
    text = String(x);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Throws `op <index>: <message>`. */
export function malformed(op: Op, message: string): never {
  throw new Error(`op ${op.index}: ${message}`);
}

function microOpList(op: Op): unknown[] {
  if (!Array.isArray(op.value)) malformed(op, `${op.f} value must be an array of micro-ops, got ${show(op.value)}`);
  const list = op.value as unknown[];
  if (op.f !== 'txn' && list.length !== 1) {
    malformed(op, `a ${op.f} op carries exactly one micro-op, got ${list.length}`);
  }
  return list;
}

/** A txn op that ends with ["abort"]: the client aborts it on purpose. */
export const abortsOnPurpose = (op: Op): boolean => op.f === 'txn' && Array.isArray(op.value) && JSON.stringify((op.value as unknown[]).at(-1)) === '["abort"]';

function microOpName(op: Op, i: number, micro: unknown): 'send' | 'poll' {
  if (!Array.isArray(micro)) malformed(op, `micro-op ${i} must be an array such as ["send", key, value], got ${show(micro)}`);
  const name: unknown = micro[0];
  if (name !== 'send' && name !== 'poll') malformed(op, `micro-op ${i}: unknown micro-op ${show(name)} (expected "send" or "poll")`);
  if (op.f !== 'txn' && name !== op.f) malformed(op, `micro-op ${i}: a ${op.f} op cannot hold a ${name} micro-op`);
  return name;
}

/** The micro-ops of a send/poll/txn invocation (a trailing ["abort"] says how the txn ends, not what it does). */
export function parseInvocation(op: Op): QueueMicroOp[] {
  const list = microOpList(op);
  return (abortsOnPurpose(op) ? list.slice(0, -1) : list).map((micro, i): QueueMicroOp => {
    if (microOpName(op, i, micro) === 'poll') return { kind: 'poll', polled: [], reassigned: [] };
    const [, key, value] = micro as unknown[];
    if (!isInteger(key) || !isInteger(value) || (micro as unknown[]).length !== 3) {
      malformed(op, `micro-op ${i}: send must be ["send", key, value] with integer key and value, got ${show(micro)}`);
    }
    return { kind: 'send', key, value, offset: null };
  });
}

function parseSendResult(op: Op, i: number, micro: unknown[], invoked: SendMicroOp): SendMicroOp {
  const [, key, result] = micro;
  if (micro.length !== 3 || !Array.isArray(result) || result.length !== 2) {
    malformed(op, `micro-op ${i}: an ok send must complete as ["send", key, [offset, value]] (offset may be null), got ${show(micro)}`);
  }
  const [offset, value] = result as unknown[];
  if (offset !== null && !isOffset(offset)) {
    malformed(op, `micro-op ${i}: send offset must be a non-negative integer or null, got ${show(offset)}`);
  }
  if (key !== invoked.key || value !== invoked.value) {
    malformed(op, `micro-op ${i}: completion reports ${show(value)} sent to key ${show(key)} but the invocation sent ${invoked.value} to key ${invoked.key}`);
  }
  return { kind: 'send', key: invoked.key, value: invoked.value, offset: offset as number | null };
}

function parsePollResult(op: Op, i: number, micro: unknown[]): PollMicroOp {
  const byKey: unknown = micro[1];
  const reassigned: unknown = micro.length === 3 ? micro[2] : [];
  if (micro.length < 2 || micro.length > 3 || typeof byKey !== 'object' || byKey === null || Array.isArray(byKey)) {
    malformed(op, `micro-op ${i}: an ok poll must complete as ["poll", {"<key>": [[offset, value], ...]}] (then, optionally, [key, ...]), got ${show(micro)}`);
  }
  if (!Array.isArray(reassigned) || !reassigned.every(isInteger)) {
    malformed(op, `micro-op ${i}: a poll's reassigned keys must be an array of integers, got ${show(reassigned)}`);
  }
  const polled: PolledKey[] = [];
  for (const [keyText, records] of Object.entries(byKey as Record<string, unknown>)) {
    const key = Number(keyText);
    if (keyText.trim() === '' || !Number.isInteger(key)) malformed(op, `micro-op ${i}: poll key ${show(keyText)} is not an integer`);
    if (!Array.isArray(records)) malformed(op, `micro-op ${i}: poll records of key ${keyText} must be an array, got ${show(records)}`);
    records.forEach((record: unknown, r) => {
      if (!Array.isArray(record) || record.length !== 2 || !isOffset(record[0]) || !isInteger(record[1])) {
        malformed(
          op,
          `micro-op ${i}: poll record ${r} of key ${keyText} must be [offset, value] with a non-negative integer offset and an integer value, got ${show(record)}`,
        );
      }
    });
    polled.push({ key, records: records as Array<[number, number]> });
  }
  return { kind: 'poll', polled, reassigned: reassigned as number[] };
}

/** The micro-ops of an ok completion, checked against its invocation's. */
export function parseOkCompletion(op: Op, invoked: readonly QueueMicroOp[]): QueueMicroOp[] {
  const list = microOpList(op);
  if (list.length !== invoked.length) {
    malformed(op, `completion has ${list.length} micro-op(s) but its invocation had ${invoked.length}`);
  }
  return list.map((micro, i): QueueMicroOp => {
    const name = microOpName(op, i, micro);
    const before = invoked[i] as QueueMicroOp;
    if (name !== before.kind) malformed(op, `micro-op ${i}: completion has ${name} where the invocation had ${before.kind}`);
    return before.kind === 'send' ? parseSendResult(op, i, micro as unknown[], before) : parsePollResult(op, i, micro as unknown[]);
  });
}
