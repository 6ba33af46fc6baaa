// Options of the `queue` workload (spec.workloadOptions, set by `faultline test` flags) and the key → partition map.
import { UserError } from '../../core/errors.ts';

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
}

export const QUEUE_TOPIC = 'faultline-queue';
export const QUEUE_GROUP = 'faultline-queue';

/** The topic-partition a key names. */
export const partitionOfKey = (key: number): number => key;

type Raw = Record<string, string | number | boolean>;

function wholeNumber(raw: Raw, name: string, flag: string, fallback: number, min: number, max: number): number {
  const value = Number(raw[name] ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max) throw new UserError(`${flag} ${raw[name]}: must be a whole number from ${min} to ${max}`);
  return value;
}

export function queueOptions(raw: Raw): QueueOptions {
  const txn = raw.txn === true || raw.txn === 'true';
  const idempotentFlag = raw.idempotent === true || raw.idempotent === 'true';
  const isolation = String(raw.isolation ?? (txn ? 'read_committed' : 'read_uncommitted'));
  if (isolation !== 'read_committed' && isolation !== 'read_uncommitted') {
    throw new UserError(`--isolation ${isolation}: must be read_committed or read_uncommitted`);
  }
  const subVia = String(raw.subVia ?? 'assign,subscribe')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = subVia.filter((s) => s !== 'assign' && s !== 'subscribe');
  if (subVia.length === 0 || unknown.length > 0) throw new UserError(`--sub-via ${raw.subVia}: a comma-separated list of assign and subscribe`);
  return {
    keys: wholeNumber(raw, 'keys', '--keys', 8, 1, 1000),
    txn,
    idempotent: txn || idempotentFlag,
    isolation,
    maxTxnLen: wholeNumber(raw, 'maxTxnLen', '--max-txn-len', 4, 1, 100),
    subVia: [...new Set(subVia)] as SubscriptionMode[],
  };
}

/** What the Kafka checker is told about this configuration. */
export function checkerPolicy(opts: QueueOptions) {
  return { txn: opts.txn, idempotent: opts.idempotent, isolation: opts.isolation, groupRebalances: opts.subVia.includes('subscribe') };
}
