// Reads a partition's records with their exact offsets (low-level Fetch to the partition leader), for final reads.
import { Consumer } from '@platformatic/kafka';
import { guardConnectionPool } from './client-guards.ts';

export interface ReadRecord {
  offset: number;
  value: string;
  key?: string;
}

export interface PartitionRead {
  partition: number;
  /** The end offset the read aimed for (high watermark, or last stable offset for read_committed). */
  endOffset: number;
  records: ReadRecord[];
}

const CONTROL_BATCH = 0x20;
const TRANSACTIONAL_BATCH = 0x10;

export interface LogReaderOptions {
  bootstrap: string[];
  topic: string;
  /** 0 = read_uncommitted, 1 = read_committed. */
  isolationLevel?: 0 | 1;
  timeoutMs?: number;
}

/**
 * Reads partitions from offset 0 up to their current end offset. Retries leader changes and errors until `deadline`.
 * For read_committed, drops records of aborted transactions using the fetch response's aborted-transaction list.
 */
export class LogReader {
  private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;

  constructor(private readonly opts: LogReaderOptions) {
    this.consumer = guardConnectionPool(
      new Consumer({
        clientId: 'faultline-reader',
        groupId: `faultline-reader-${process.pid}-${Date.now()}`,
        bootstrapBrokers: opts.bootstrap,
        timeout: opts.timeoutMs ?? 5000,
        retries: 0,
      }),
    );
  }

  async endOffsets(): Promise<number[]> {
    const offsets = await this.consumer.listOffsets({ topics: [this.opts.topic], timestamp: -1n, isolationLevel: this.opts.isolationLevel ?? 0 });
    return (offsets.get(this.opts.topic) ?? []).map(Number);
  }

  /** One partition, [from, end). */
  async readPartition(partition: number, endOffset: number, deadline: number): Promise<PartitionRead> {
    const records: ReadRecord[] = [];
    let next = 0;
    let lastError = '';
    while (next < endOffset) {
      if (Date.now() > deadline) {
        throw new Error(`partition ${partition}: read stopped at offset ${next} of ${endOffset} at the deadline (${lastError || 'no error'})`);
      }
      try {
        const md = await this.consumer.metadata({ topics: [this.opts.topic], forceUpdate: true });
        const topicMd = md.topics.get(this.opts.topic);
        const leader = topicMd?.partitions[partition]?.leader;
        if (!topicMd || leader === undefined || leader < 0) throw new Error(`no leader for partition ${partition}`);
        const r = await this.consumer.fetch({
          node: leader,
          isolationLevel: this.opts.isolationLevel ?? 0,
          maxWaitTime: 500,
          minBytes: 1,
          maxBytes: 4 * 1024 * 1024,
          topics: [
            {
              topicId: topicMd.id,
              partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: BigInt(next), lastFetchedEpoch: -1, partitionMaxBytes: 4 * 1024 * 1024 }],
            },
          ],
        });
        const p = r.responses[0]?.partitions[0];
        if (!p) throw new Error('empty fetch response');
        if (p.errorCode !== 0) throw new Error(`fetch error code ${p.errorCode}`);
        const aborted = new Map(p.abortedTransactions.map((a) => [a.producerId, a.firstOffset]));
        let advanced = false;
        for (const batch of p.records ?? []) {
          const isControl = (batch.attributes & CONTROL_BATCH) !== 0;
          const abortedFrom = (batch.attributes & TRANSACTIONAL_BATCH) !== 0 ? aborted.get(batch.producerId) : undefined;
          for (const rec of batch.records) {
            const offset = Number(batch.firstOffset) + rec.offsetDelta;
            if (offset < next || offset >= endOffset) continue;
            advanced = true;
            next = offset + 1;
            if (isControl) continue;
            if (abortedFrom !== undefined && BigInt(offset) >= abortedFrom) continue;
            records.push({ offset, value: rec.value?.toString('utf8') ?? '', key: rec.key?.toString('utf8') });
          }
          // A batch whose records were all compacted away or controls still moves us on.
          const last = Number(batch.firstOffset) + batch.lastOffsetDelta + 1;
          if (last > next && last <= endOffset) {
            next = last;
            advanced = true;
          }
        }
        if (!advanced && Number(p.highWatermark) <= next) {
          throw new Error(`high watermark ${p.highWatermark} is below the target end offset ${endOffset}`);
        }
      } catch (e) {
        lastError = e instanceof Error ? e.message : String(e);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    return { partition, endOffset, records };
  }

  async close(): Promise<void> {
    await (this.consumer.close(true) as unknown as Promise<void>).catch(() => undefined);
  }
}
