// Kafka client properties for the Java adapters, derived from the run's op timeout so that every bound the client
// has (request.timeout.ms, delivery.timeout.ms, max.block.ms, the consumer's API timeouts) ends inside one op. No
// hidden resends: a producer gets retries 0 and no idempotence unless the workload asks, and linger.ms=0, so an op's
// record leaves in a request of its own (4.x defaults linger.ms to 5).
import { rotateBootstrap } from '../../bootstrap.ts';
import { clientTimeouts, type ClientTimeouts } from '../../client-timeouts.ts';
import type { ClientConfig } from '../../java-client/index.ts';
import type { Acks, ClientContext, Isolation, SenderOptions } from '../types.ts';

/** What every Java client of a run is configured from. */
export interface JavaSettings {
  bootstrap: string[];
  opTimeoutMs: number;
}

/** A consumer group member's timeouts: as the other client's (6 s session), heartbeats every second. */
export const GROUP_SESSION_TIMEOUT_MS = 6000;
const HEARTBEAT_INTERVAL_MS = 1000;
/** A poll returns after this long at most when no data is there (as the other client's Fetch max wait). */
export const FETCH_MAX_WAIT_MS = 100;

const acksName = (acks: Acks): string => (acks === -1 ? 'all' : String(acks));

function connection(settings: JavaSettings, ctx: ClientContext, timeouts: ClientTimeouts): ClientConfig {
  return {
    'bootstrap.servers': rotateBootstrap(settings.bootstrap, ctx.process).join(','),
    'client.id': ctx.clientId,
    'socket.connection.setup.timeout.ms': timeouts.connectTimeout,
    'socket.connection.setup.timeout.max.ms': timeouts.connectTimeout,
    'reconnect.backoff.max.ms': 1000,
  };
}

/**
 * A producer whose sends end inside the op timeout. With the workload's `timeouts` a request gives up after
 * timeouts.requestTimeout; without, it may wait for acks=all almost the whole op (the broker is asked to wait as long).
 */
export function producerConfig(settings: JavaSettings, ctx: ClientContext, opts: SenderOptions): ClientConfig {
  const run = clientTimeouts(settings.opTimeoutMs);
  const requestTimeout = opts.timeouts?.requestTimeout ?? Math.max(1000, settings.opTimeoutMs - 1000);
  const deliveryTimeout = Math.max(requestTimeout, (opts.timeouts ?? run).timeout);
  return {
    ...connection(settings, ctx, opts.timeouts ?? run),
    acks: acksName(opts.acks),
    'linger.ms': 0,
    'enable.idempotence': opts.idempotent,
    // Kafka refuses an idempotent producer without retries; its retries reuse sequence numbers.
    retries: opts.idempotent ? Math.max(1, opts.retries) : opts.retries,
    'request.timeout.ms': requestTimeout,
    'delivery.timeout.ms': deliveryTimeout,
    'max.block.ms': run.requestTimeout,
  };
}

/**
 * A transactional producer (idempotent, acks=all, Kafka's own retries bounded by delivery.timeout.ms). max.block.ms
 * bounds initTransactions, sendOffsetsToTransaction, commit and abort: half the op, so a transaction fits in one.
 */
export function transactionalConfig(settings: JavaSettings, ctx: ClientContext, transactionalId: string): ClientConfig {
  const run = clientTimeouts(settings.opTimeoutMs);
  return {
    ...connection(settings, ctx, run),
    'transactional.id': transactionalId,
    acks: 'all',
    'linger.ms': 0,
    'request.timeout.ms': run.requestTimeout,
    'delivery.timeout.ms': Math.max(run.requestTimeout, run.timeout),
    'max.block.ms': Math.max(run.requestTimeout, Math.floor(settings.opTimeoutMs / 2)),
    'transaction.timeout.ms': run.timeout,
  };
}

/** The eos seed: idempotent, retried, batched; bounded by the seed op's own long timeout. */
export function bulkConfig(settings: JavaSettings, ctx: ClientContext): ClientConfig {
  const run = clientTimeouts(settings.opTimeoutMs);
  return {
    ...connection(settings, ctx, run),
    acks: 'all',
    'enable.idempotence': true,
    retries: 5,
    'linger.ms': 5,
    'request.timeout.ms': 20_000,
    'delivery.timeout.ms': 60_000,
    'max.block.ms': 20_000,
  };
}

export interface ConsumerShape {
  isolation: Isolation;
  /** A group member (subscribe, committed offsets) when given; a plain assigning reader otherwise. */
  groupId?: string;
  maxPollRecords?: number;
}

export function consumerConfig(settings: JavaSettings, ctx: ClientContext, shape: ConsumerShape): ClientConfig {
  const run = clientTimeouts(settings.opTimeoutMs);
  return {
    ...connection(settings, ctx, run),
    ...(shape.groupId
      ? {
          'group.id': shape.groupId,
          'session.timeout.ms': GROUP_SESSION_TIMEOUT_MS,
          'heartbeat.interval.ms': HEARTBEAT_INTERVAL_MS,
          // The classic protocol's rebalance timeout: a member that has not polled for this long leaves the group.
          'max.poll.interval.ms': Math.max(GROUP_SESSION_TIMEOUT_MS, settings.opTimeoutMs),
        }
      : {}),
    'isolation.level': shape.isolation,
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': false,
    'allow.auto.create.topics': false,
    'fetch.max.wait.ms': FETCH_MAX_WAIT_MS,
    'max.poll.records': shape.maxPollRecords ?? 500,
    'request.timeout.ms': run.requestTimeout,
    'default.api.timeout.ms': run.timeout,
  };
}

export function adminConfig(settings: JavaSettings): ClientConfig {
  const run = clientTimeouts(settings.opTimeoutMs);
  return {
    'bootstrap.servers': settings.bootstrap.join(','),
    'client.id': 'faultline-setup',
    'request.timeout.ms': 10_000,
    'default.api.timeout.ms': Math.max(30_000, run.timeout),
  };
}
