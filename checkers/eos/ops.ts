// The `eos` workload's history shapes (consume-transform-produce copiers) and their parsers.
//
// Copiers read an input topic and copy every record, unchanged, to an output topic inside one Kafka transaction that
// also commits the consumed offsets. Exactly-once means the output holds every input value exactly once. Ops (client
// processes; Jepsen rules: invocation, then one completion; info = unknown outcome):
//
//   f "seed"        ok value {"<partition>": [value, ...]}   the input topic's records per partition, in offset
//                   order, written before copying starts. Several seed ops append. Values are integers; the checker
//                   compares multisets, but unique values make its explanations precise.
//   f "copy"        one copier transaction:
//                     {"from": {"partition": p, "offsets": [o, ...]},
//                      "to":   [{"partition": q, "value": v, "offset": o | null}, ...]}
//                   `from` names the input records consumed; `to` the records produced, in order. Offsets in `to` are
//                   null on the invocation and filled on the completion when the producer learned them (a failed
//                   copy may report the offsets its aborted records took). ok = committed, fail = aborted,
//                   info = unknown. For fail/info completions without a copy-shaped value the invocation's is used.
//   f "final-read"  ok value {"<partition>": [[offset, value], ...]}   the output topic read to its end with
//                   read_committed after all copiers stopped. Several final-read ops merge (e.g. one per partition).
//   f "observe"     ok value of the same shape: a read_committed observer's poll while copiers run.
//   f "crash"       info: a copier that began a transaction, sent records and vanished on purpose; the next copier's
//                   fencing should abort them. When its value has the copy shape (plus "partition" and "abandoned"),
//                   it is read as an info copy marked `crashed`, so an abandoned record found in the output names it.
// Other ops (nemesis, subscribe ...) are ignored. Malformed ops throw an Error starting `op <index>:`.

import type { Op } from '../../core/history/op.ts';
import { malformed, show } from '../kafka/ops.ts';

export const EOS_FUNCTIONS: ReadonlySet<string> = new Set(['seed', 'copy', 'crash', 'final-read', 'observe']);

export interface CopyTarget {
  partition: number;
  value: number;
  offset: number | null;
}

export interface CopyValue {
  fromPartition: number;
  fromOffsets: number[];
  to: CopyTarget[];
}

export interface PartitionRecords {
  partition: number;
  /** [offset, value] pairs as read. */
  records: Array<readonly [number, number]>;
}

const isInteger = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const isRecordObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function partitionNumber(op: Op, text: string): number {
  const partition = Number(text);
  if (text.trim() === '' || !Number.isInteger(partition) || partition < 0) malformed(op, `partition ${show(text)} is not a non-negative integer`);
  return partition;
}

/** A seed op's input: partition → values in offset order. */
export function parseSeed(op: Op): Map<number, number[]> {
  if (!isRecordObject(op.value)) malformed(op, `seed value must be {"<partition>": [value, ...]}, got ${show(op.value)}`);
  const input = new Map<number, number[]>();
  for (const [text, values] of Object.entries(op.value)) {
    const partition = partitionNumber(op, text);
    if (!Array.isArray(values) || !values.every(isInteger)) {
      malformed(op, `seed partition ${text} must be an array of integer values, got ${show(values)}`);
    }
    input.set(partition, values);
  }
  return input;
}

/** A final-read or observe op's records per partition. */
export function parseTopicRead(op: Op): PartitionRecords[] {
  if (!isRecordObject(op.value)) malformed(op, `${op.f} value must be {"<partition>": [[offset, value], ...]}, got ${show(op.value)}`);
  return Object.entries(op.value).map(([text, records]) => {
    const partition = partitionNumber(op, text);
    if (!Array.isArray(records)) malformed(op, `${op.f} partition ${text} must be an array of [offset, value], got ${show(records)}`);
    records.forEach((record: unknown, i) => {
      if (!Array.isArray(record) || record.length !== 2 || !isInteger(record[0]) || record[0] < 0 || !isInteger(record[1])) {
        malformed(
          op,
          `${op.f} partition ${text} record ${i} must be [offset, value] with a non-negative integer offset and an integer value, got ${show(record)}`,
        );
      }
    });
    return { partition, records: records as Array<[number, number]> };
  });
}

/** True when `value` has the outline of a copy value (used to pick a fail/info completion's value). */
export function looksLikeCopy(value: unknown): boolean {
  return isRecordObject(value) && isRecordObject(value.from) && Array.isArray(value.to);
}

/** A copy op's value, from `op` (whose index errors name). */
export function parseCopy(op: Op, value: unknown): CopyValue {
  const expected = '{"from": {"partition", "offsets"}, "to": [{"partition", "value", "offset"}]}';
  if (!looksLikeCopy(value)) malformed(op, `copy value must be ${expected}, got ${show(value)}`);
  const { from, to } = value as { from: Record<string, unknown>; to: unknown[] };
  const offsets = from.offsets ?? [];
  if (!isInteger(from.partition) || !Array.isArray(offsets) || !offsets.every(isInteger)) {
    malformed(op, `copy "from" must be {"partition": integer, "offsets": [integer, ...]}, got ${show(from)}`);
  }
  const targets = to.map((target, i): CopyTarget => {
    if (!isRecordObject(target) || !isInteger(target.partition) || !isInteger(target.value)) {
      malformed(op, `copy "to" entry ${i} must be {"partition": integer, "value": integer, "offset": integer | null}, got ${show(target)}`);
    }
    const offset = target.offset ?? null;
    if (offset !== null && !(isInteger(offset) && offset >= 0))
      malformed(op, `copy "to" entry ${i} has offset ${show(offset)}; expected a non-negative integer or null`);
    return { partition: target.partition, value: target.value, offset };
  });
  return { fromPartition: from.partition, fromOffsets: offsets, to: targets };
}
