// Whole-partition reads with Kafka's Java consumer behind PartitionReader: no group, read_uncommitted; end offsets
// from the consumer (ListOffsets to each leader: the high watermark), then assign, seek to 0 and poll until the
// position reaches the end offset. The consumer follows leader changes itself; a read keeps polling until its deadline.
import { JavaConsumer, type CallOptions, type ClientConfig, type DriverLink, type TopicPartition } from '../../java-client/index.ts';
import type { IncomingRecord, PartitionRead, PartitionReader } from '../types.ts';
import { asRead, readError } from './outcomes.ts';

const POLL_MS = 500;
const RETRY_PAUSE_MS = 500;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class JavaPartitionReader implements PartitionReader {
  private assigned: number | undefined;

  private constructor(
    private readonly consumer: JavaConsumer,
    private readonly topic: string,
    private readonly partitions: number,
    private readonly requestTimeoutMs: number,
    private readonly call: CallOptions,
  ) {}

  static async open(
    driver: DriverLink,
    config: ClientConfig,
    topic: string,
    partitions: number,
    requestTimeoutMs: number,
    call: CallOptions,
  ): Promise<JavaPartitionReader> {
    return new JavaPartitionReader(await JavaConsumer.open(driver, config, call), topic, partitions, requestTimeoutMs, call);
  }

  async endOffsets(): Promise<number[]> {
    const all: TopicPartition[] = Array.from({ length: this.partitions }, (_, partition) => ({ topic: this.topic, partition }));
    const ends = await asRead(this.consumer.endOffsets(all, this.requestTimeoutMs, this.call));
    const byPartition = new Map(ends.map((e) => [e.partition, e.offset]));
    return all.map((tp) => byPartition.get(tp.partition) ?? 0);
  }

  async readPartition(partition: number, endOffset: number, deadline: number): Promise<PartitionRead> {
    const tp = { topic: this.topic, partition };
    const records: IncomingRecord[] = [];
    let next = 0;
    let lastError = '';
    let positioned = false;
    while (next < endOffset) {
      if (Date.now() > deadline)
        throw new Error(`partition ${partition}: read stopped at offset ${next} of ${endOffset} at the deadline (${lastError || 'no error'})`);
      try {
        if (!positioned) {
          if (this.assigned !== partition) await this.consumer.assign([tp], this.call);
          this.assigned = partition;
          await this.consumer.seek(tp, next, this.call);
          positioned = true;
        }
        const polled = await this.consumer.poll(Math.max(1, Math.min(POLL_MS, deadline - Date.now())), this.call);
        for (const r of polled.records) {
          if (r.partition !== partition || r.offset < next || r.offset >= endOffset) continue;
          records.push({ offset: r.offset, value: r.value ?? '' });
          next = r.offset + 1;
        }
        const position = polled.positions.find((p) => p.partition === partition)?.offset;
        if (position !== undefined) next = Math.max(next, Math.min(position, endOffset));
      } catch (e) {
        lastError = readError(e).message;
        positioned = false;
        await sleep(RETRY_PAUSE_MS);
      }
    }
    return { partition, endOffset, records };
  }

  close(): Promise<void> {
    return this.consumer.close(0, this.call).catch(() => undefined);
  }
}
