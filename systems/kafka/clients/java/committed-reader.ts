// A read_committed reader of a topic from offset 0 with Kafka's Java consumer (no group): it assigns the partitions
// asked for, seeks each to its own position, and returns what one poll brought; the Java client drops aborted records
// and transaction markers itself. Ends, when asked, come from the admin client: ListOffsets with read_committed (the
// last stable offset) and read_uncommitted (the high watermark).
import { type JavaAdmin, JavaConsumer, type CallOptions, type ClientConfig, type DriverLink } from '../../java-client/index.ts';
import type { CommittedReader, IncomingRecord, PartitionEnd, ReadRound } from '../types.ts';
import { readError } from './outcomes.ts';
import { FETCH_MAX_WAIT_MS } from './config.ts';

export class JavaCommittedReader implements CommittedReader {
  private readonly positions: Map<number, number>;
  /** Partitions assigned to the consumer, as a sorted list's text; undefined before the first read. */
  private assignment: string | undefined;

  private constructor(
    private readonly consumer: JavaConsumer,
    private readonly admin: () => Promise<JavaAdmin>,
    private readonly topic: string,
    partitions: number,
    private readonly call: CallOptions,
  ) {
    this.positions = new Map(Array.from({ length: partitions }, (_, p) => [p, 0]));
  }

  static async open(
    driver: DriverLink,
    config: ClientConfig,
    admin: () => Promise<JavaAdmin>,
    topic: string,
    partitions: number,
    call: CallOptions,
  ): Promise<JavaCommittedReader> {
    return new JavaCommittedReader(await JavaConsumer.open(driver, config, call), admin, topic, partitions, call);
  }

  position(partition: number): number {
    return this.positions.get(partition) ?? 0;
  }

  async read(partitions: number[] = [...this.positions.keys()], opts: { withEnds?: boolean } = {}): Promise<ReadRound> {
    const round: ReadRound = { records: new Map(), failed: new Map(), ends: new Map() };
    try {
      await this.assign(partitions);
      const polled = await this.consumer.poll(FETCH_MAX_WAIT_MS, this.call);
      for (const r of polled.records) {
        if (r.topic !== this.topic || !partitions.includes(r.partition)) continue;
        const list = round.records.get(r.partition) ?? [];
        list.push({ offset: r.offset, value: r.value ?? '' } satisfies IncomingRecord);
        round.records.set(r.partition, list);
        this.positions.set(r.partition, Math.max(this.position(r.partition), r.offset + 1));
      }
      for (const p of polled.positions)
        if (p.topic === this.topic && partitions.includes(p.partition)) this.positions.set(p.partition, Math.max(this.position(p.partition), p.offset));
    } catch (e) {
      // Poll failed as a whole; the consumer's positions stay where they were: the next read asks again from them.
      this.assignment = undefined;
      const error = readError(e).message;
      for (const p of partitions) round.failed.set(p, error);
      return round;
    }
    if (opts.withEnds) await this.addEnds(partitions, round);
    return round;
  }

  close(): Promise<void> {
    return this.consumer.close(0, this.call).catch(() => undefined);
  }

  /** Assigns `partitions` (when they changed) at this reader's own positions. */
  private async assign(partitions: number[]): Promise<void> {
    const wanted = [...partitions].sort((a, b) => a - b).join(',');
    if (wanted === this.assignment) return;
    await this.consumer.assign(
      partitions.map((partition) => ({ topic: this.topic, partition })),
      this.call,
    );
    for (const partition of partitions) await this.consumer.seek({ topic: this.topic, partition }, this.position(partition), this.call);
    this.assignment = wanted;
  }

  /** Each partition's last stable offset and high watermark; a partition without both is marked failed. */
  private async addEnds(partitions: number[], round: ReadRound): Promise<void> {
    const tps = partitions.map((partition) => ({ topic: this.topic, partition }));
    try {
      const admin = await this.admin();
      const [stable, high] = await Promise.all([
        admin.listOffsets(tps, 'latest', 'read_committed', this.call),
        admin.listOffsets(tps, 'latest', 'read_uncommitted', this.call),
      ]);
      const ends = new Map<number, Partial<PartitionEnd>>();
      for (const o of stable) if (o.offset !== undefined) ends.set(o.partition, { ...ends.get(o.partition), lastStable: o.offset });
      for (const o of high) if (o.offset !== undefined) ends.set(o.partition, { ...ends.get(o.partition), highWatermark: o.offset });
      for (const p of partitions) {
        const end = ends.get(p);
        if (end?.lastStable !== undefined && end.highWatermark !== undefined)
          round.ends.set(p, { lastStable: end.lastStable, highWatermark: end.highWatermark });
        else if (!round.failed.has(p)) round.failed.set(p, 'end offsets: no answer for the partition');
      }
    } catch (e) {
      const error = `end offsets: ${readError(e).message}`;
      for (const p of partitions) if (!round.failed.has(p)) round.failed.set(p, error);
    }
  }
}
