// Options of the `queue` workload (spec.workloadOptions, set by `faultline test` flags) and the key → partition map.
import { option, type Options } from '../../core/options.ts';

export type Isolation = 'read_committed' | 'read_uncommitted';
export type SubscriptionMode = 'assign' | 'subscribe';

export interface QueueOptions {
  /** Keys 0..keys-1; key k is partition k of the one queue topic (so the topic has `keys` partitions). */
  keys: number;
  /** Each `txn` op is one Kafka transaction (transactional producer); otherwise ops are single sends and polls. */
  txn: boolean;
  /** Idempotent producer (always on with transactions, which require it). */
  idempotent: boolean;
  isolation: Isolation;
  /** Micro-ops per txn op: 1..maxTxnLen. */
  maxTxnLen: number;
  /** How consumers may take keys: `assign` (manual) and/or `subscribe` (consumer group, rebalances). */
  subVia: SubscriptionMode[];
  /** Client retries of a failed send: 0 for a plain producer unless asked (then duplicates may appear, which Kafka's
   * model allows without idempotence); 2 for an idempotent one (its retries reuse sequence numbers). */
  retries: number;
  /** Share of txn ops the client aborts on purpose (their sends then definitely did not happen). */
  abortFraction: number;
}

export const QUEUE_TOPIC = 'faultline-queue';
export const QUEUE_GROUP = 'faultline-queue';

/** The topic-partition a key names, and back. */
export const partitionOfKey = (key: number): number => key;
export const keyOfPartition = (partition: number): number => partition;

export const QUEUE_OPTIONS = [
  option.int('keys', 'keys, each one partition of the queue topic', 1, 1000, 8),
  option.flag('txn', 'each txn op is one Kafka transaction (transactional producer)'),
  option.flag('idempotent', 'idempotent producer (implied by --txn)'),
  option.choice('isolation', 'consumer isolation (default read_committed with --txn, else read_uncommitted)', ['read_committed', 'read_uncommitted']),
  option.int('max-txn-len', 'micro-ops per txn op', 1, 100, 4),
  option.list('sub-via', 'how consumers take keys', ['assign', 'subscribe']),
  option.int('retries', 'client retries of a failed send (default 0; 2 with --idempotent or --txn)', 0, 100),
  option.number(
    'abort-fraction',
    'with --txn: share of transactions the client aborts on purpose (a read_uncommitted poll may see their writes: aborted reads)',
    0,
    1,
    0,
  ),
];

export function queueOptions(o: Options): QueueOptions {
  const txn = o.flag('txn');
  return {
    keys: o.number('keys'),
    txn,
    idempotent: txn || o.flag('idempotent'),
    isolation: (o.optionalString('isolation') ?? (txn ? 'read_committed' : 'read_uncommitted')) as Isolation,
    maxTxnLen: o.number('max-txn-len'),
    subVia: o.list<SubscriptionMode>('sub-via'),
    retries: o.optionalNumber('retries') ?? (txn || o.flag('idempotent') ? 2 : 0),
    abortFraction: o.number('abort-fraction'),
  };
}

/** What the Kafka checker is told about this configuration. */
export function checkerPolicy(opts: QueueOptions) {
  return { txn: opts.txn, idempotent: opts.idempotent, isolation: opts.isolation, groupRebalances: opts.subVia.includes('subscribe') };
}
