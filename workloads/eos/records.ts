// The eos workload's value shape for what a reader saw: partition (decimal string) → [offset, value] pairs in offset
// order, as `observe`, `final-read` and `seed` completions carry it (checkers/eos/ops.ts).
import type { IncomingRecord } from '../../systems/kafka/clients/types.ts';

export type TopicRecords = Record<string, Array<[number, number]>>;

export function topicRecords(read: Map<number, IncomingRecord[]>): TopicRecords {
  const out: TopicRecords = {};
  for (const [partition, records] of [...read].sort(([a], [b]) => a - b))
    out[String(partition)] = records.map((r): [number, number] => [r.offset, Number(r.value)]);
  return out;
}
