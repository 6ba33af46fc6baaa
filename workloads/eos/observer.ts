// A read_committed reader of a whole topic from offset 0: the eos workload's concurrent observer of the output topic
// (`observe` ops) and its final reads. Each read returns the records since the previous one, per partition.
import { Consumer } from '@platformatic/kafka';
import { guardConnectionPool } from '../../systems/kafka/client-guards.ts';
import type { ClientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { closeQuietly } from '../../systems/kafka/close.ts';
import { PartitionFetcher, type PartitionFetch } from '../../systems/kafka/partition-fetcher.ts';

/** Partition (decimal string) → [offset, value] pairs in offset order: the `observe`/`final-read` value shape. */
export type TopicRecords = Record<string, Array<[number, number]>>;

export interface TopicReadResult {
  records: TopicRecords;
  /** Partitions whose fetch failed, with the reason. */
  failed: Map<number, string>;
  /** Per partition that answered: its end for this isolation (last stable offset) and high watermark. */
  ends: Map<number, { lastStable: number; highWatermark: number }>;
}

export class TopicReader {
  private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  private readonly fetcher: PartitionFetcher;
  private readonly positions: Map<number, number>;

  constructor(bootstrap: string[], clientId: string, private readonly topic: string, partitions: number, timeouts: ClientTimeouts) {
    this.consumer = guardConnectionPool(new Consumer({ clientId, groupId: `${clientId}-unused`, bootstrapBrokers: bootstrap, retries: 1, ...timeouts }));
    this.fetcher = new PartitionFetcher(this.consumer, { isolation: 'read_committed', maxWaitMs: 100 });
    this.positions = new Map(Array.from({ length: partitions }, (_, p) => [p, 0]));
  }

  position(partition: number): number {
    return this.positions.get(partition) ?? 0;
  }

  /** One fetch round over the given partitions (all by default), advancing positions past what it returned. */
  async read(partitions: number[] = [...this.positions.keys()]): Promise<TopicReadResult> {
    const wanted = new Map(partitions.map((p) => [p, this.position(p)]));
    const fetched: Map<number, PartitionFetch> = await this.fetcher.fetch(this.topic, wanted);
    const result: TopicReadResult = { records: {}, failed: new Map(), ends: new Map() };
    for (const [partition, r] of fetched) {
      if (!r.ok) {
        result.failed.set(partition, r.error);
        continue;
      }
      if (r.records.length > 0) result.records[String(partition)] = r.records.map((x): [number, number] => [x.offset, Number(x.value)]);
      this.positions.set(partition, Math.max(this.position(partition), r.nextOffset));
      result.ends.set(partition, { lastStable: r.lastStableOffset, highWatermark: r.highWatermark });
    }
    return result;
  }

  async close(): Promise<void> {
    await closeQuietly(this.consumer);
  }
}
