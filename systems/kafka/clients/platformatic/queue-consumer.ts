// The queue workload's consumer with @platformatic/kafka: takes partitions by `assign` or by `subscribe` (a consumer
// group; the library runs membership, heartbeats and rebalances), keeps its own position per partition, and polls
// with PartitionFetcher.
//
// Positions: a partition taken for the first time starts at the group's committed offset (0 when none, i.e. earliest)
// or, for the final read, at 0. A partition this consumer read before resumes where it stopped — at the committed
// offset only if that is further (another consumer of the group read past it). So a process's reads of a partition
// never move backwards, and they jump forward only where another process polled it, which the checker treats as a
// rebalance point. Committed offsets are looked up lazily, at the next poll, as a Kafka consumer does: while the group
// coordinator is unreachable, partitions without a position are skipped by polls, and producing is not held up.
import { Consumer } from '@platformatic/kafka';
import { guardConnectionPool } from '../../client-guards.ts';
import type { ClientTimeouts } from '../../client-timeouts.ts';
import { closeQuietly } from '../../close.ts';
import { committedOffsets } from '../../group-offsets.ts';
import { PartitionFetcher } from '../../partition-fetcher.ts';
import { errorFacts, errorLabel } from '../../outcome.ts';
import type { IncomingRecord, QueueConsumer, QueueConsumerOptions } from '../types.ts';
import { labelled } from './labels.ts';

export interface PlatformaticQueueConsumerOptions extends QueueConsumerOptions {
  bootstrap: string[];
  clientId: string;
  timeouts: ClientTimeouts;
}

const GROUP_TIMEOUTS = { sessionTimeout: 6000, rebalanceTimeout: 6000, heartbeatInterval: 1000 };

export class PlatformaticQueueConsumer implements QueueConsumer {
  private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  private readonly fetcher: PartitionFetcher;
  private mode: 'assign' | 'subscribe' = 'assign';
  /** Partitions taken in assign mode. */
  private assigned: number[] = [];
  /** Partitions the group gave us, as of `generation`. */
  private groupPartitions: number[] = [];
  private generation = -1;
  /** partition → next offset to read; kept for partitions no longer held. */
  private positions = new Map<number, number>();
  /** Partitions waiting for the group's committed offset: `start` when they have no position yet, `advance` to move an own position forward to it. */
  private pending = new Map<number, 'start' | 'advance'>();
  /** Partitions gained from the group since the last takeReassigned. */
  private reassigned = new Set<number>();
  private commitInFlight = false;

  constructor(private readonly opts: PlatformaticQueueConsumerOptions) {
    this.consumer = guardConnectionPool(
      new Consumer({
        clientId: opts.clientId,
        groupId: opts.groupId,
        bootstrapBrokers: opts.bootstrap,
        retries: 1,
        ...opts.timeouts,
        ...GROUP_TIMEOUTS,
      }),
    );
    this.fetcher = new PartitionFetcher(this.consumer, { isolation: opts.isolation, maxWaitMs: 100 });
    // The client emits 'error' when a background rejoin of the group fails; unheard, that kills the process.
    this.consumer.on('error', () => this.loseGroup());
  }

  /** Partitions held right now. */
  held(): number[] {
    return this.mode === 'assign' ? [...this.assigned] : [...this.groupPartitions];
  }

  /** Manual assignment; leaves the group first when subscribed. `fromBeginning` starts every partition at offset 0. */
  async assign(partitions: number[], opts: { fromBeginning?: boolean } = {}): Promise<number[]> {
    if (this.mode === 'subscribe') await this.leaveGroup();
    if (opts.fromBeginning) {
      this.positions = new Map(partitions.map((p) => [p, 0]));
      this.pending.clear();
    } else {
      for (const p of partitions) if (!this.positions.has(p)) this.pending.set(p, 'start');
    }
    this.mode = 'assign';
    this.assigned = [...partitions].sort((a, b) => a - b);
    return this.held();
  }

  /** Joins the consumer group (classic protocol) for the topic; returns the partitions it was given. */
  async subscribe(): Promise<number[]> {
    this.consumer.topics.track(this.opts.topic);
    try {
      await this.consumer.joinGroup({ ...GROUP_TIMEOUTS });
    } catch (e) {
      // Do not stay a half-joined member that holds partitions nobody polls.
      await this.leaveGroup();
      throw labelled(e);
    }
    this.mode = 'subscribe';
    this.generation = -1;
    this.groupPartitions = [];
    this.followGroup();
    return this.held();
  }

  /** Positions to restore after a failed transaction (its polls did not count). */
  snapshot(): Map<number, number> {
    return new Map(this.positions);
  }

  restore(positions: Map<number, number>): void {
    for (const k of this.positions.keys()) if (!positions.has(k)) this.pending.set(k, 'start');
    this.positions = new Map(positions);
  }

  /**
   * One poll of every held partition with a position. Partitions whose fetch failed are skipped (a Kafka poll returns what
   * it can); throws only when nothing could be read at all. Returns the records of partitions that had any.
   */
  async poll(): Promise<Map<number, IncomingRecord[]>> {
    if (this.mode === 'subscribe') this.followGroup();
    const lookupError = await this.settlePositions();
    const held = this.held();
    const readable = held.filter((p) => this.positions.has(p));
    if (readable.length === 0 && held.length > 0) throw new Error(`no position for any held partition: ${lookupError}`);
    const fetched = await this.fetcher.fetch(this.opts.topic, new Map(readable.map((p) => [p, this.positions.get(p) ?? 0])));
    const polled = new Map<number, IncomingRecord[]>();
    const errors: string[] = [];
    for (const [partition, result] of fetched) {
      if (!result.ok) {
        errors.push(`${partition}: ${result.error}`);
        continue;
      }
      if (result.records.length > 0) polled.set(partition, result.records);
      this.positions.set(partition, Math.max(this.positions.get(partition) ?? 0, result.nextOffset));
    }
    if (readable.length > 0 && errors.length === readable.length) throw new Error(`every partition failed: ${errors.slice(0, 3).join('; ')}`);
    return polled;
  }

  takeReassigned(): number[] {
    const out = [...this.reassigned].sort((a, b) => a - b);
    this.reassigned.clear();
    return out;
  }

  /** Commits the positions of group-held partitions, in the background (at most one commit at a time). */
  commitInBackground(): void {
    if (this.mode !== 'subscribe' || this.commitInFlight || this.groupPartitions.length === 0) return;
    this.commitInFlight = true;
    const offsets = this.groupPartitions.map((k) => ({ topic: this.opts.topic, partition: k, offset: BigInt(this.positions.get(k) ?? 0), leaderEpoch: -1 }));
    this.consumer
      .commit({ offsets })
      .catch(() => undefined)
      .finally(() => {
        this.commitInFlight = false;
      });
  }

  /** The end of this consumer. `crash` drops connections without leaving the group (the group notices by timeout). */
  async close(crash = false): Promise<void> {
    if (!crash && this.mode === 'subscribe') await this.leaveGroup();
    await closeQuietly(this.consumer);
  }

  /** Takes the group's current assignment; partitions gained since the last generation wait for the committed offset. */
  private followGroup(): void {
    const generation = this.consumer.generationId;
    if (generation === this.generation) return;
    const assigned = (this.consumer.assignments ?? []).filter((a) => a.topic === this.opts.topic).flatMap((a) => a.partitions);
    for (const k of assigned) {
      if (this.groupPartitions.includes(k)) continue;
      this.pending.set(k, this.positions.has(k) ? 'advance' : 'start');
      this.reassigned.add(k);
    }
    this.groupPartitions = assigned.sort((a, b) => a - b);
    this.generation = generation;
  }

  /** Resolves pending partitions from the group's committed offsets (0 when none); returns the lookup error, if any. */
  private async settlePositions(): Promise<string> {
    const keys = [...this.pending.keys()];
    if (keys.length === 0) return '';
    try {
      const deadline = Date.now() + Math.min(2000, this.opts.timeouts.requestTimeout);
      const committed = await committedOffsets(this.consumer, this.opts.groupId, this.opts.topic, keys, deadline);
      for (const k of keys) {
        const fromGroup = committed.get(k) ?? 0;
        this.positions.set(k, Math.max(this.positions.get(k) ?? 0, fromGroup));
      }
      this.pending.clear();
      return '';
    } catch (e) {
      // Partitions with a position of their own keep it; the others wait for the next poll.
      for (const [k, why] of this.pending) if (why === 'advance') this.pending.delete(k);
      return `committed offsets: ${errorLabel(errorFacts(e))}`;
    }
  }

  /** The group dropped us (a failed background rejoin): hold no partitions until the next assign or subscribe op. */
  private loseGroup(): void {
    if (this.mode !== 'subscribe') return;
    this.consumer.topics.untrack(this.opts.topic);
    this.mode = 'assign';
    this.assigned = [];
    this.groupPartitions = [];
    this.generation = -1;
  }

  private async leaveGroup(): Promise<void> {
    await (this.consumer.leaveGroup(true) as unknown as Promise<void>).catch(() => undefined);
    this.consumer.topics.untrack(this.opts.topic);
    this.mode = 'assign';
    this.groupPartitions = [];
    this.generation = -1;
  }
}
