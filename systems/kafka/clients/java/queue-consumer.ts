// The queue workload's consumer with Kafka's Java consumer (one handle in the driver JVM): `assign` is
// KafkaConsumer.assign, `subscribe` is KafkaConsumer.subscribe (the classic group protocol; the Java client runs
// membership, heartbeats and rebalances inside poll), and a poll is one KafkaConsumer.poll.
//
// Positions: the Java client's own (a partition it starts at the group's committed offset, or earliest), followed
// after every poll. This consumer keeps the last position it saw per partition and seeks there when it takes a
// partition back by `assign`, so a process's reads never move backwards on its own; only a group rebalance may start
// a partition at an older committed offset, which the checker allows around rebalances. A failed transaction's polls
// must not count: `restore` seeks back, to the snapshot's position or, for a partition first read after the snapshot,
// to where that first read began. Every poll also brings the partitions a group rebalance assigned during it (the
// driver's rebalance listener): with the default eager assignor each rebalance revokes and reassigns every partition,
// and the Java client restarts them at the group's committed offsets, which trail this consumer's reads by the
// commits still to come — so a process may read again what it read before, and `takeReassigned` says where.
import { JavaConsumer, type CallOptions, type ClientConfig, type DriverLink } from '../../java-client/index.ts';
import type { IncomingRecord, QueueConsumer, QueueConsumerOptions } from '../types.ts';
import { asRead } from './outcomes.ts';
import { FETCH_MAX_WAIT_MS } from './config.ts';

/** Each background commit gives up after this long (it runs on the consumer's lane, ahead of the next poll). */
const COMMIT_TIMEOUT_MS = 2000;

export class JavaQueueConsumer implements QueueConsumer {
  private mode: 'assign' | 'subscribe' = 'assign';
  private assigned: number[] = [];
  /** Partitions the group gave this member, as of the last poll. */
  private groupPartitions: number[] = [];
  /** partition → next offset to read, as last seen; kept for partitions no longer held. */
  private positions = new Map<number, number>();
  /** partition → where this consumer's first read of it began (the position before it was ever seen). */
  private readonly origins = new Map<number, number>();
  /** Seeks owed by `restore`, made before the next poll. */
  private readonly owedSeeks = new Map<number, number>();
  private commitInFlight = false;
  /** Partitions group rebalances assigned since the last takeReassigned. */
  private readonly reassigned = new Set<number>();

  private constructor(
    private readonly consumer: JavaConsumer,
    private readonly opts: QueueConsumerOptions,
    private readonly call: CallOptions,
  ) {}

  static async open(driver: DriverLink, config: ClientConfig, opts: QueueConsumerOptions, call: CallOptions): Promise<JavaQueueConsumer> {
    return new JavaQueueConsumer(await JavaConsumer.open(driver, config, call), opts, call);
  }

  held(): number[] {
    return this.mode === 'assign' ? [...this.assigned] : [...this.groupPartitions];
  }

  async assign(partitions: number[], opts: { fromBeginning?: boolean } = {}): Promise<number[]> {
    if (this.mode === 'subscribe') await asRead(this.consumer.unsubscribe(this.call));
    this.mode = 'assign';
    this.groupPartitions = [];
    await asRead(
      this.consumer.assign(
        partitions.map((p) => this.tp(p)),
        this.call,
      ),
    );
    this.assigned = [...partitions].sort((a, b) => a - b);
    if (opts.fromBeginning) this.positions = new Map(partitions.map((p) => [p, 0]));
    for (const p of partitions) {
      this.owedSeeks.delete(p);
      const own = this.positions.get(p);
      if (own !== undefined) await asRead(this.consumer.seek(this.tp(p), own, this.call));
    }
    return this.held();
  }

  /**
   * KafkaConsumer.subscribe (after dropping a manual assignment, which the Java client requires): the group's
   * assignment arrives with a later poll, so this holds nothing yet.
   */
  async subscribe(): Promise<number[]> {
    if (this.mode === 'assign') await asRead(this.consumer.unsubscribe(this.call));
    await asRead(this.consumer.subscribe([this.opts.topic], this.call));
    this.mode = 'subscribe';
    this.assigned = [];
    this.groupPartitions = [];
    return this.held();
  }

  async poll(): Promise<Map<number, IncomingRecord[]>> {
    await this.makeOwedSeeks();
    const polled = await asRead(this.consumer.poll(FETCH_MAX_WAIT_MS, this.call));
    const out = new Map<number, IncomingRecord[]>();
    for (const r of polled.records) {
      if (r.topic !== this.opts.topic) continue;
      const list = out.get(r.partition) ?? [];
      list.push({ offset: r.offset, value: r.value ?? '' });
      out.set(r.partition, list);
    }
    const positioned: number[] = [];
    for (const p of polled.positions) {
      if (p.topic !== this.opts.topic) continue;
      positioned.push(p.partition);
      if (!this.origins.has(p.partition) && !this.positions.has(p.partition)) this.origins.set(p.partition, out.get(p.partition)?.[0]?.offset ?? p.offset);
      this.positions.set(p.partition, p.offset);
    }
    if (this.mode === 'subscribe') this.groupPartitions = positioned.sort((a, b) => a - b);
    for (const tp of polled.assigned) if (tp.topic === this.opts.topic) this.reassigned.add(tp.partition);
    return out;
  }

  takeReassigned(): number[] {
    const out = [...this.reassigned].sort((a, b) => a - b);
    this.reassigned.clear();
    return out;
  }

  snapshot(): Map<number, number> {
    return new Map(this.positions);
  }

  restore(positions: Map<number, number>): void {
    for (const [p, now] of this.positions) {
      const back = positions.get(p) ?? this.origins.get(p);
      if (back !== undefined && back !== now) this.owedSeeks.set(p, back);
    }
    for (const [p, back] of this.owedSeeks) this.positions.set(p, back);
  }

  commitInBackground(): void {
    if (this.mode !== 'subscribe' || this.commitInFlight || this.groupPartitions.length === 0) return;
    this.commitInFlight = true;
    const offsets = this.groupPartitions.flatMap((p) => {
      const offset = this.positions.get(p);
      return offset === undefined ? [] : [{ ...this.tp(p), offset }];
    });
    this.consumer
      .commitSync(offsets, COMMIT_TIMEOUT_MS, this.call)
      .catch(() => undefined)
      .finally(() => {
        this.commitInFlight = false;
      });
  }

  async close(crash = false): Promise<void> {
    await this.consumer.close(crash ? 0 : 5000, this.call).catch(() => undefined);
  }

  private tp(partition: number) {
    return { topic: this.opts.topic, partition };
  }

  /** Seeks owed by restore, for partitions still held (a partition the group took away is the new owner's). */
  private async makeOwedSeeks(): Promise<void> {
    const held = new Set(this.held());
    for (const [p, offset] of [...this.owedSeeks]) {
      this.owedSeeks.delete(p);
      if (held.has(p)) await asRead(this.consumer.seek(this.tp(p), offset, this.call));
    }
  }
}
