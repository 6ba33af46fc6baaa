// The checker's options, what they make Kafka's model allow, and the context every detector stage receives.

import type { AnomalyCollector } from './collector.ts';
import type { QueueHistory } from './ingest.ts';
import type { KeyLogs } from './logs.ts';

export interface QueueCheckOptions {
  /** Producers use transactions: concurrent transactions may interleave their writes (G0, int-send-skip allowed). */
  txn?: boolean;
  /** Idempotent producer: any duplicate is a failure. Without it, retried sends may be appended twice (allowed). */
  idempotent?: boolean;
  /** Consumer isolation. read_uncommitted consumers may return aborted records and uncommitted data (G1 allowed). Default read_committed. */
  isolation?: 'read_committed' | 'read_uncommitted';
  /** Consumers use subscribe: group rebalances may move their positions (poll skips and rewinds around them allowed). */
  groupRebalances?: boolean;
}

export type QueueCheckPolicy = Required<QueueCheckOptions>;

export function resolvePolicy(options: QueueCheckOptions): QueueCheckPolicy {
  return {
    txn: options.txn ?? false,
    idempotent: options.idempotent ?? false,
    isolation: options.isolation ?? 'read_committed',
    groupRebalances: options.groupRebalances ?? false,
  };
}

export interface CheckContext {
  history: QueueHistory;
  logs: KeyLogs;
  policy: QueueCheckPolicy;
  anomalies: AnomalyCollector;
}
