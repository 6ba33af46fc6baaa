// Typed helpers over the driver's handles: a producer, a consumer and an admin client of Kafka's Java client, each
// one handle in the shared driver JVM. Configs are Kafka's own property names, passed through; the driver's only
// defaults are no retries/idempotence for a plain producer and no auto-commit for a consumer (README.md). Every
// method rejects with a JavaDriverError (errors.ts), whose `outcome` says fail or info.
import type { JavaDriver } from './driver.ts';
import type { DriverErrorInfo } from './protocol.ts';

/** What a handle needs of the driver: sending requests (a test can answer them itself). */
export type DriverLink = Pick<JavaDriver, 'request'>;

export type ClientConfig = Record<string, string | number | boolean>;
export interface TopicPartition {
  topic: string;
  partition: number;
}
/** Per-request bound on the answer (DriverRequestTimeout after it); none by default. */
export interface CallOptions {
  timeoutMs?: number;
}

export interface ProducerInfo {
  transactional: boolean;
  idempotent: boolean;
  acks: string;
  retries: number;
  /** kafka-clients 4.x runs transactions with KIP-890 part 2 when the cluster finalized transaction.version ≥ 2; null = unknown. */
  transactionV2: boolean | null;
}

export interface ProducerRecordInput {
  topic: string;
  partition?: number;
  key?: string | null;
  value: string | null;
  timestamp?: number;
}

export interface SendResult {
  topic: string;
  partition: number;
  /** null when the broker returned none (acks=0, or a DUPLICATE_SEQUENCE_NUMBER the client turned into success). */
  offset: number | null;
  timestamp: number | null;
  /** Produce requests that carried the record: 1 when nothing of this producer was retried meanwhile; null = unknown. */
  attempts: number | null;
  /** The producer's record-retry-total grew by this much while the send was in flight. */
  retriesDuringSend: number;
}

export interface OffsetInput extends TopicPartition {
  /** The next offset to read. */
  offset: number;
  leaderEpoch?: number;
  metadata?: string;
}

abstract class Handle {
  protected constructor(
    protected readonly driver: DriverLink,
    readonly handle: string,
  ) {}

  protected call<T>(op: string, args: Record<string, unknown> = {}, opts: CallOptions = {}): Promise<T> {
    return this.driver.request<T>(op, { handle: this.handle, ...args }, opts);
  }

  /** Closes the client after the work already queued on it; timeoutMs bounds the client's own close (0 = at once). */
  async close(timeoutMs = 5000, opts: CallOptions = {}): Promise<void> {
    await this.driver.request('close', { handle: this.handle, timeoutMs }, opts);
  }
}

export class JavaProducer extends Handle {
  private constructor(
    driver: DriverLink,
    handle: string,
    readonly info: ProducerInfo,
  ) {
    super(driver, handle);
  }

  static async open(driver: DriverLink, config: ClientConfig, opts: CallOptions = {}): Promise<JavaProducer> {
    const r = await driver.request<ProducerInfo & { handle: string }>('producer.open', { config }, opts);
    const { handle, ...info } = r;
    return new JavaProducer(driver, handle, info);
  }

  send(record: ProducerRecordInput, opts: CallOptions = {}): Promise<SendResult> {
    return this.call('producer.send', { ...record }, opts);
  }

  async flush(opts: CallOptions = {}): Promise<void> {
    await this.call('producer.flush', {}, opts);
  }

  initTransactions(opts: CallOptions = {}): Promise<{ transactionV2: boolean | null }> {
    return this.call('producer.initTransactions', {}, opts);
  }

  async beginTransaction(opts: CallOptions = {}): Promise<void> {
    await this.call('producer.beginTransaction', {}, opts);
  }

  /** Commits `offsets` with the transaction for `consumer`'s group (its group.id, generation and member id). */
  async sendOffsetsToTransaction(offsets: OffsetInput[], consumer: JavaConsumer, opts: CallOptions = {}): Promise<void> {
    await this.call('producer.sendOffsetsToTransaction', { offsets, consumer: consumer.handle }, opts);
  }

  async commitTransaction(opts: CallOptions = {}): Promise<void> {
    await this.call('producer.commitTransaction', {}, opts);
  }

  async abortTransaction(opts: CallOptions = {}): Promise<void> {
    await this.call('producer.abortTransaction', {}, opts);
  }

  /** producer-metrics counters: by default record-send/retry/error-total, batch-split-total, request/response-total. */
  async metrics(names?: string[], opts: CallOptions = {}): Promise<Record<string, number>> {
    const r = await this.call<{ metrics: Record<string, number> }>('producer.metrics', names ? { names } : {}, opts);
    return r.metrics;
  }

  describe(opts: CallOptions = {}): Promise<ProducerInfo> {
    return this.call('producer.info', {}, opts);
  }
}

export interface ConsumedRecord extends TopicPartition {
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: number;
  leaderEpoch: number | null;
}

export interface PollResult {
  records: ConsumedRecord[];
  /** Position (next offset) of each assigned partition that has one, after the poll. */
  positions: Array<TopicPartition & { offset: number }>;
  /** Partitions a group rebalance assigned to this consumer during the poll (or a failed poll before it). */
  assigned: TopicPartition[];
}

export interface CommittedOffset extends TopicPartition {
  offset: number | null;
  leaderEpoch: number | null;
  metadata: string | null;
}

export interface GroupMetadata {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export class JavaConsumer extends Handle {
  private constructor(driver: DriverLink, handle: string) {
    super(driver, handle);
  }

  static async open(driver: DriverLink, config: ClientConfig, opts: CallOptions = {}): Promise<JavaConsumer> {
    const r = await driver.request<{ handle: string }>('consumer.open', { config }, opts);
    return new JavaConsumer(driver, r.handle);
  }

  async assign(partitions: TopicPartition[], opts: CallOptions = {}): Promise<TopicPartition[]> {
    return (await this.call<{ partitions: TopicPartition[] }>('consumer.assign', { partitions }, opts)).partitions;
  }

  async subscribe(topics: string[], opts: CallOptions = {}): Promise<void> {
    await this.call('consumer.subscribe', { topics }, opts);
  }

  async unsubscribe(opts: CallOptions = {}): Promise<void> {
    await this.call('consumer.unsubscribe', {}, opts);
  }

  async assignment(opts: CallOptions = {}): Promise<TopicPartition[]> {
    return (await this.call<{ partitions: TopicPartition[] }>('consumer.assignment', {}, opts)).partitions;
  }

  async seek(partition: TopicPartition, offset: number, opts: CallOptions = {}): Promise<void> {
    await this.call('consumer.seek', { ...partition, offset }, opts);
  }

  async seekToBeginning(partitions: TopicPartition[], opts: CallOptions = {}): Promise<void> {
    await this.call('consumer.seekToBeginning', { partitions }, opts);
  }

  /** One KafkaConsumer.poll of at most `timeoutMs`. */
  poll(timeoutMs: number, opts: CallOptions = {}): Promise<PollResult> {
    return this.call('consumer.poll', { timeoutMs }, opts);
  }

  async position(partition: TopicPartition, timeoutMs = 5000, opts: CallOptions = {}): Promise<number> {
    return (await this.call<{ offset: number }>('consumer.position', { ...partition, timeoutMs }, opts)).offset;
  }

  /** The group's committed offsets. The Java consumer always asks with requireStable (KIP-447): while a transaction
   *  commits offsets for the group, the coordinator makes it wait instead of answering a stale offset. */
  async committed(partitions: TopicPartition[], timeoutMs = 5000, opts: CallOptions = {}): Promise<CommittedOffset[]> {
    return (await this.call<{ offsets: CommittedOffset[] }>('consumer.committed', { partitions, timeoutMs }, opts)).offsets;
  }

  /** End offsets for this consumer's isolation level: the high watermark, or the last stable offset for read_committed. */
  async endOffsets(partitions: TopicPartition[], timeoutMs = 5000, opts: CallOptions = {}): Promise<Array<TopicPartition & { offset: number }>> {
    return (await this.call<{ offsets: Array<TopicPartition & { offset: number }> }>('consumer.endOffsets', { partitions, timeoutMs }, opts)).offsets;
  }

  async beginningOffsets(partitions: TopicPartition[], timeoutMs = 5000, opts: CallOptions = {}): Promise<Array<TopicPartition & { offset: number }>> {
    return (await this.call<{ offsets: Array<TopicPartition & { offset: number }> }>('consumer.beginningOffsets', { partitions, timeoutMs }, opts)).offsets;
  }

  /** Commits `offsets`, or the consumed positions when none are given. */
  async commitSync(offsets?: OffsetInput[], timeoutMs = 5000, opts: CallOptions = {}): Promise<void> {
    await this.call('consumer.commitSync', offsets ? { offsets, timeoutMs } : { timeoutMs }, opts);
  }

  groupMetadata(opts: CallOptions = {}): Promise<GroupMetadata> {
    return this.call('consumer.groupMetadata', {}, opts);
  }
}

/** An item of a multi-item admin result that failed on its own. */
export interface ItemError {
  error?: DriverErrorInfo;
}

export interface PartitionDescription {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  elr: number[];
  lastKnownElr: number[];
  /** With leaderEpochs: the leader's current epoch (ListOffsets latest); null when it did not answer. */
  leaderEpoch?: number | null;
}

export interface TopicDescription {
  name: string;
  topicId: string | null;
  internal: boolean;
  partitions: PartitionDescription[];
}

export interface NewTopicInput {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
}

export interface QuorumDescription {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  voters: Array<{ replicaId: number; logEndOffset: number; lastFetchTimestamp: number | null; lastCaughtUpTimestamp: number | null }>;
  observers: Array<{ replicaId: number; logEndOffset: number; lastFetchTimestamp: number | null; lastCaughtUpTimestamp: number | null }>;
}

export interface FeatureDescription {
  finalized: Record<string, { min: number; max: number }>;
  finalizedEpoch: number | null;
  supported: Record<string, { min: number; max: number }>;
}

export type OffsetSpecInput = 'earliest' | 'latest' | 'maxTimestamp' | { timestamp: number };

export class JavaAdmin extends Handle {
  private constructor(driver: DriverLink, handle: string) {
    super(driver, handle);
  }

  static async open(driver: DriverLink, config: ClientConfig, opts: CallOptions = {}): Promise<JavaAdmin> {
    const r = await driver.request<{ handle: string }>('admin.open', { config }, opts);
    return new JavaAdmin(driver, r.handle);
  }

  /** Per topic: its name, and an `error` when it was not created (kafkaError TOPIC_ALREADY_EXISTS, ...). */
  async createTopics(topics: NewTopicInput[], timeoutMs = 30_000, opts: CallOptions = {}): Promise<Array<{ name: string } & ItemError>> {
    return (await this.call<{ topics: Array<{ name: string } & ItemError> }>('admin.createTopics', { topics, timeoutMs }, opts)).topics;
  }

  async describeTopics(topics: string[], withLeaderEpochs = false, opts: CallOptions = {}): Promise<TopicDescription[]> {
    return (await this.call<{ topics: TopicDescription[] }>('admin.describeTopics', { topics, leaderEpochs: withLeaderEpochs }, opts)).topics;
  }

  async listOffsets(
    partitions: TopicPartition[],
    spec: OffsetSpecInput = 'latest',
    isolation: 'read_committed' | 'read_uncommitted' = 'read_uncommitted',
    opts: CallOptions = {},
  ): Promise<Array<TopicPartition & ItemError & { offset?: number; timestamp?: number; leaderEpoch?: number | null }>> {
    const specArgs = typeof spec === 'string' ? { spec } : { timestamp: spec.timestamp };
    return (
      await this.call<{ offsets: Array<TopicPartition & ItemError & { offset?: number; timestamp?: number; leaderEpoch?: number | null }> }>(
        'admin.listOffsets',
        { partitions, ...specArgs, isolation },
        opts,
      )
    ).offsets;
  }

  /** Per partition, with an `error` where no election happened (ELECTION_NOT_NEEDED, ...). All partitions when none given. */
  async electLeaders(electionType: 'preferred' | 'unclean', partitions?: TopicPartition[], opts: CallOptions = {}): Promise<Array<TopicPartition & ItemError>> {
    return (
      await this.call<{ partitions: Array<TopicPartition & ItemError> }>(
        'admin.electLeaders',
        partitions ? { electionType, partitions } : { electionType },
        opts,
      )
    ).partitions;
  }

  describeCluster(
    opts: CallOptions = {},
  ): Promise<{ clusterId: string; controller: number | null; nodes: Array<{ id: number; host: string; port: number; rack: string | null }> }> {
    return this.call('admin.describeCluster', {}, opts);
  }

  describeQuorum(opts: CallOptions = {}): Promise<QuorumDescription> {
    return this.call('admin.describeQuorum', {}, opts);
  }

  describeFeatures(opts: CallOptions = {}): Promise<FeatureDescription> {
    return this.call('admin.describeFeatures', {}, opts);
  }

  async listConsumerGroupOffsets(groupId: string, partitions?: TopicPartition[], requireStable = false, opts: CallOptions = {}): Promise<CommittedOffset[]> {
    return (
      await this.call<{ offsets: CommittedOffset[] }>('admin.listConsumerGroupOffsets', { groupId, requireStable, ...(partitions ? { partitions } : {}) }, opts)
    ).offsets;
  }
}
