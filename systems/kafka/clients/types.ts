// The client-neutral interfaces the workloads use, one per need. Two implementations: ./platformatic (the
// @platformatic/kafka library, in this process) and ./java (Kafka's own Java client, in one driver JVM per run),
// chosen by TestSpec.client (./index.ts). Every write op comes back as a completion the history can take as is:
// `fail` only when the records were certainly not appended, `info` when they may have been, with `requests` = the
// Produce requests the op put on the wire where the client can tell (more than one = a resend).
import type { ClientSummary } from '../../../core/result.ts';
import type { KafkaClientName } from '../../../core/spec.ts';
import type { ClientTimeouts } from '../client-timeouts.ts';

/** Which logical process a client belongs to (spreads the bootstrap order) and the client id it shows the brokers. */
export interface ClientContext {
  process: number;
  clientId: string;
}

export interface OutgoingRecord {
  topic: string;
  partition: number;
  key?: string;
  value: string;
}

export interface IncomingRecord {
  offset: number;
  value: string;
}

/** A write that did not succeed, as its completion: fail = certainly not appended; info = maybe. */
export interface WriteFailure {
  type: 'fail' | 'info';
  error: string;
  /** Produce requests the op put on the wire, when the client can tell. */
  requests?: number;
}

export type SendOutcome =
  | {
      ok: true;
      offset: number | undefined;
      requests?: number;
      /** The node whose answer acknowledged the records (the leader the last Produce request went to), when the client can tell. */
      node?: string;
    }
  | ({ ok: false } & WriteFailure);

/** -1 = all, 1 = leader only, 0 = none. */
export type Acks = -1 | 0 | 1;

export interface SenderOptions {
  acks: Acks;
  idempotent: boolean;
  /** Client retries of a failed send; 0 = each send is one Produce request. */
  retries: number;
  /**
   * Per-request bounds (client-timeouts.ts). Without them a request is bounded by the op timeout only, so an acks=all
   * produce may wait out a dead follower (the lost-writes and log workloads); with them it gives up sooner (queue).
   */
  timeouts?: ClientTimeouts;
}

/** Sends one record as one op and says where it landed, or how the failure maps to fail/info. */
export interface RecordSender {
  send(record: OutgoingRecord): Promise<SendOutcome>;
  close(): Promise<void>;
}

/** Sends a run's input before the faults start (the eos seed): idempotent, with retries; throws unless all were acknowledged. */
export interface BulkSender {
  sendAll(records: OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface PartitionRead {
  partition: number;
  /** The end offset the read aimed for. */
  endOffset: number;
  records: IncomingRecord[];
}

/**
 * Reads whole partitions of one topic from offset 0 (read_uncommitted): final reads, and the log workload's reads.
 * Rejects with an Error whose message is the client's short label for the history (e.g. OFFSET_NOT_AVAILABLE).
 */
export interface PartitionReader {
  /** The end offset (high watermark) of each partition, by partition index. */
  endOffsets(): Promise<number[]>;
  /** Every record of `partition` in [0, endOffset), retrying leader changes and errors until `deadline` (ms since epoch). */
  readPartition(partition: number, endOffset: number, deadline: number): Promise<PartitionRead>;
  close(): Promise<void>;
}

export interface PartitionEnd {
  lastStable: number;
  highWatermark: number;
}

export interface ReadRound {
  /** Records per partition that returned any, in offset order. */
  records: Map<number, IncomingRecord[]>;
  /** Partitions whose read failed, with the reason. */
  failed: Map<number, string>;
  /** With `withEnds`: each answering partition's last stable offset and high watermark. */
  ends: Map<number, PartitionEnd>;
}

/** A read_committed reader of a topic's partitions from offset 0; each read returns what arrived since the last one. */
export interface CommittedReader {
  read(partitions?: number[], opts?: { withEnds?: boolean }): Promise<ReadRound>;
  /** The next offset this reader will read from `partition`. */
  position(partition: number): number;
  close(): Promise<void>;
}

export type Isolation = 'read_committed' | 'read_uncommitted';

export interface QueueConsumerOptions {
  topic: string;
  groupId: string;
  isolation: Isolation;
}

/**
 * A queue process's consumer of one topic: takes partitions by `assign` or by `subscribe` (a consumer group), keeps
 * its own position per partition, and never moves a position backwards on its own (a group rebalance may).
 */
export interface QueueConsumer {
  /** Partitions held right now. */
  held(): number[];
  /** Manual assignment (leaving the group first when subscribed); `fromBeginning` starts every partition at offset 0. */
  assign(partitions: number[], opts?: { fromBeginning?: boolean }): Promise<number[]>;
  /** Joins the group for the topic; returns the partitions held so far. */
  subscribe(): Promise<number[]>;
  /** One poll of the held partitions: records per partition; throws only when nothing could be read at all. */
  poll(): Promise<Map<number, IncomingRecord[]>>;
  /**
   * Partitions a group rebalance gave this consumer since the last call, in ascending order: their positions may
   * have restarted at the group's committed offsets (behind what this consumer had read, or ahead of it).
   */
  takeReassigned(): number[];
  /** Positions to go back to when a transaction's polls must not count. */
  snapshot(): Map<number, number>;
  restore(positions: Map<number, number>): void;
  /** Commits the positions of group-held partitions, without waiting (at most one commit in flight). */
  commitInBackground(): void;
  /** `crash`: drop everything without goodbyes (the group notices by timeout). */
  close(crash?: boolean): Promise<void>;
}

/** What a transaction came to: fail = certainly aborted; info = it may have committed. */
export type TransactionResult = { type: 'ok'; requests?: number } | ({ type: 'fail' | 'info' } & WriteFailure);

export interface TransactionSends {
  /** Sends one record inside the transaction; resolves with its offset (undefined when the client gave none). */
  send(record: OutgoingRecord): Promise<number | undefined>;
}

/**
 * A transactional producer. Each `transaction` runs `body` (sends, and whatever else the op does, e.g. polls) inside
 * one Kafka transaction; after any failure the producer replaces itself (same transactional id, new epoch: fencing).
 */
export interface TransactionalProducer {
  transaction(body: (txn: TransactionSends) => Promise<void>): Promise<TransactionResult>;
  close(): Promise<void>;
}

export interface CopierOptions {
  inputTopic: string;
  outputTopic: string;
  /** Input partition copied, to the same output partition. */
  partition: number;
  /** The group whose committed offset (inside each transaction) records the copier's progress. */
  groupId: string;
  transactionalId: string;
  /** Records per transaction, at most. */
  maxRecords: number;
}

export interface CopyHooks {
  /** Called between the steps of a copy; throws to give up (the transaction is then aborted). */
  checkpoint(): void;
  /** Called once the output records were acknowledged, with their offsets in order (null where unknown). */
  sent(offsets: Array<number | null>): void;
}

/** One consume-transform-produce copier of one input partition (the eos workload), in Kafka transactions. */
export interface TransactionalCopier {
  /** Fences every earlier producer of the transactional id, then returns the group's committed offset (0 when none). */
  resume(deadline: number): Promise<number>;
  /** Up to maxRecords records (read_committed) from `position`; `atEnd` when none is left below the partition's end. */
  read(position: number): Promise<{ records: IncomingRecord[]; atEnd: boolean }>;
  /** One transaction: `records` to the output partition and `nextOffset` committed for the group, then commit. */
  copy(records: IncomingRecord[], nextOffset: number, hooks: CopyHooks): Promise<TransactionResult>;
  /** A crash inside a transaction: begin, send `records`, and vanish without committing or aborting. */
  abandon(records: IncomingRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface TopicRequest {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
}

/** Administration before the main phase (not history ops). */
export interface ClusterSetup {
  /** Creates the topic (an existing one is fine) and waits until every partition has a leader and an ISR of 2 (or RF). */
  createTopic(req: TopicRequest, timeoutMs?: number): Promise<void>;
  /** Readies the group and transaction coordinators (creating Kafka's internal topics), so start-up noise stays out of the history. */
  warmCoordinators(w: { transactionalIds: string[]; groupId?: string; timeoutMs: number }): Promise<void>;
  /** Fences each transactional id (its open transaction is aborted or completed); returns the ids that failed by `deadline`. */
  fenceTransactionalIds(ids: string[], deadline: number): Promise<Array<{ id: string; error: string }>>;
}

/** The clients of one run, all of one kind; `close` ends whatever they share (the Java driver JVM). */
export interface KafkaClients extends ClusterSetup {
  readonly name: KafkaClientName;
  recordSender(ctx: ClientContext, opts: SenderOptions): Promise<RecordSender>;
  bulkSender(ctx: ClientContext): Promise<BulkSender>;
  partitionReader(ctx: ClientContext, topic: string, partitions: number, opts?: { requestTimeoutMs?: number }): Promise<PartitionReader>;
  committedReader(ctx: ClientContext, topic: string, partitions: number): Promise<CommittedReader>;
  queueConsumer(ctx: ClientContext, opts: QueueConsumerOptions): Promise<QueueConsumer>;
  transactionalProducer(ctx: ClientContext, transactionalId: string): Promise<TransactionalProducer>;
  copier(ctx: ClientContext, opts: CopierOptions): Promise<TransactionalCopier>;
  /** Ends what the clients share and says which client ran (results.json `client`). */
  close(): Promise<ClientSummary>;
}

/** What every implementation is made with: the run's brokers and op timeout. */
export interface ClientsSettings {
  bootstrap: string[];
  opTimeoutMs: number;
  /** Node name by broker IP, to name the broker a client talked to. */
  nodeNames?: ReadonlyMap<string, string>;
}
