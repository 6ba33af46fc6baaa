// Fetches records of chosen partitions from given offsets, one Fetch (v17) per partition leader, with our own
// isolation handling (./record-visibility.ts) instead of @platformatic/kafka's. This is the consumer read path of the
// queue and eos workloads: positions are the caller's, so a poll is exactly "records from offset o onwards".
import { fetchV17, protocolErrorsCodesById, type Consumer } from '@platformatic/kafka';
import { errorFacts, errorLabel } from './outcome.ts';
import { isolationCode, visibleRecords, type AbortedTransaction, type BatchLike, type IsolationLevel } from './record-visibility.ts';

export interface FetchedRecord {
  offset: number;
  value: string;
}

export type PartitionFetch =
  { ok: true; records: FetchedRecord[]; nextOffset: number; highWatermark: number; lastStableOffset: number } | { ok: false; error: string };

export interface PartitionFetcherOptions {
  isolation: IsolationLevel;
  /** How long a leader may hold the fetch open waiting for data. */
  maxWaitMs?: number;
  /** Per partition and per response. */
  maxBytes?: number;
}

/** The parts of a Fetch v17 response this reads. */
interface ResponseLike {
  responses?: Array<{
    partitions: Array<{
      partitionIndex: number;
      errorCode: number;
      highWatermark: bigint;
      lastStableOffset: bigint;
      abortedTransactions: AbortedTransaction[];
      records?: BatchLike[];
    }>;
  }>;
}

/** Uses a Consumer only for metadata and its connection pool. */
export class PartitionFetcher {
  private staleMetadata = false;

  constructor(
    private readonly client: Consumer<Buffer, Buffer, Buffer, Buffer>,
    private readonly opts: PartitionFetcherOptions,
  ) {}

  /** One round of fetches for `positions` (partition → next offset); every requested partition gets a result. */
  async fetch(topic: string, positions: ReadonlyMap<number, number>): Promise<Map<number, PartitionFetch>> {
    const out = new Map<number, PartitionFetch>();
    if (positions.size === 0) return out;
    let metadata;
    try {
      metadata = await this.client.metadata({ topics: [topic], forceUpdate: this.staleMetadata });
      this.staleMetadata = false;
    } catch (e) {
      this.staleMetadata = true;
      const error = `metadata: ${errorLabel(errorFacts(e))}`;
      for (const p of positions.keys()) out.set(p, { ok: false, error });
      return out;
    }
    const topicMetadata = metadata.topics.get(topic);
    const byLeader = new Map<number, number[]>();
    for (const partition of positions.keys()) {
      const leader = topicMetadata?.partitions[partition]?.leader ?? -1;
      if (!topicMetadata || leader < 0 || !metadata.brokers.has(leader)) {
        out.set(partition, { ok: false, error: `no leader for ${topic}/${partition}` });
        this.staleMetadata = true;
        continue;
      }
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
    }
    await Promise.all(
      [...byLeader].map(async ([leader, partitions]) => {
        const results = await this.fetchFromLeader(metadata.brokers.get(leader)!, topicMetadata!.id, partitions, positions);
        for (const [p, r] of results) out.set(p, r);
      }),
    );
    return out;
  }

  private async fetchFromLeader(
    broker: { host: string; port: number },
    topicId: string,
    partitions: number[],
    positions: ReadonlyMap<number, number>,
  ): Promise<Map<number, PartitionFetch>> {
    const maxBytes = this.opts.maxBytes ?? 1024 * 1024;
    const request = partitions.map((partition) => ({
      partition,
      currentLeaderEpoch: -1,
      fetchOffset: BigInt(positions.get(partition)!),
      lastFetchedEpoch: -1,
      partitionMaxBytes: maxBytes,
    }));
    let response: ResponseLike | undefined;
    let failure: unknown;
    try {
      const connection = await this.client.connections.get(broker);
      // sessionId 0 with epoch -1: a full fetch outside any fetch session.
      response = await fetchV17.api.async(
        connection,
        this.opts.maxWaitMs ?? 100,
        1,
        maxBytes * partitions.length,
        isolationCode(this.opts.isolation),
        0,
        -1,
        [{ topicId, partitions: request }],
        [],
        '',
      );
    } catch (e) {
      failure = e;
      // A partition-level error still carries the other partitions' data.
      response = (e as { response?: ResponseLike }).response;
    }
    const out = new Map<number, PartitionFetch>();
    const answered = new Map((response?.responses ?? []).flatMap((t) => t.partitions).map((p) => [p.partitionIndex, p]));
    for (const partition of partitions) {
      const p = answered.get(partition);
      if (!p || p.errorCode !== 0) {
        this.staleMetadata = true;
        const error = p
          ? (protocolErrorsCodesById[p.errorCode] ?? `error code ${p.errorCode}`)
          : errorLabel(errorFacts(failure ?? new Error('no data in the fetch response')));
        out.set(partition, { ok: false, error });
        continue;
      }
      const from = positions.get(partition)!;
      const visible = visibleRecords(p.records ?? [], p.abortedTransactions, from, this.opts.isolation);
      out.set(partition, {
        ok: true,
        records: visible.records.map((r) => ({ offset: r.offset, value: r.value?.toString('utf8') ?? '' })),
        nextOffset: visible.nextOffset,
        highWatermark: Number(p.highWatermark),
        lastStableOffset: Number(p.lastStableOffset),
      });
    }
    return out;
  }
}
