// A read_committed reader of a topic from offset 0 with @platformatic/kafka: its Consumer for metadata and
// connections only, and our own Fetch (PartitionFetcher) with Java's aborted-transaction rules, because the library's
// read_committed filter returns aborted records (systems/kafka/record-visibility.ts).
import { Consumer } from '@platformatic/kafka';
import { guardConnectionPool } from '../../client-guards.ts';
import type { ClientTimeouts } from '../../client-timeouts.ts';
import { closeQuietly } from '../../close.ts';
import { PartitionFetcher } from '../../partition-fetcher.ts';
import type { CommittedReader, ReadRound } from '../types.ts';

export class PlatformaticCommittedReader implements CommittedReader {
  private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  private readonly fetcher: PartitionFetcher;
  private readonly positions: Map<number, number>;

  constructor(
    bootstrap: string[],
    clientId: string,
    private readonly topic: string,
    partitions: number,
    timeouts: ClientTimeouts,
  ) {
    this.consumer = guardConnectionPool(new Consumer({ clientId, groupId: `${clientId}-unused`, bootstrapBrokers: bootstrap, retries: 1, ...timeouts }));
    this.fetcher = new PartitionFetcher(this.consumer, { isolation: 'read_committed', maxWaitMs: 100 });
    this.positions = new Map(Array.from({ length: partitions }, (_, p) => [p, 0]));
  }

  position(partition: number): number {
    return this.positions.get(partition) ?? 0;
  }

  /** One fetch round over the given partitions (all by default); every answer carries the partition's ends. */
  async read(partitions: number[] = [...this.positions.keys()]): Promise<ReadRound> {
    const wanted = new Map(partitions.map((p) => [p, this.position(p)]));
    const fetched = await this.fetcher.fetch(this.topic, wanted);
    const round: ReadRound = { records: new Map(), failed: new Map(), ends: new Map() };
    for (const [partition, r] of fetched) {
      if (!r.ok) {
        round.failed.set(partition, r.error);
        continue;
      }
      if (r.records.length > 0) round.records.set(partition, r.records);
      this.positions.set(partition, Math.max(this.position(partition), r.nextOffset));
      round.ends.set(partition, { lastStable: r.lastStableOffset, highWatermark: r.highWatermark });
    }
    return round;
  }

  async close(): Promise<void> {
    await closeQuietly(this.consumer);
  }
}
