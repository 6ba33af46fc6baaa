// Broker events: what the brokers' own logs say happened (leaders, ISRs, elections, truncation, recovery, fencing,
// controller changes, starts and shutdowns), typed and placed on the history's clock. Written as events.jsonl in the
// run directory; checkers (causal attribution) and reports read them. Parsing a system's logs lives in systems/.

/** Every kind of broker event, in the order the report's legend lists them. */
export const BROKER_EVENT_KINDS = [
  'leader-change',
  'isr-shrink',
  'isr-expand',
  'elr-change',
  'unclean-election',
  'last-known-leader-election',
  'truncation',
  'log-recovery',
  'log-corruption',
  'broker-registered',
  'broker-fenced',
  'broker-unfenced',
  'controller-change',
  'txn-markers-skipped',
  'broker-started',
  'shutdown',
] as const;

export type BrokerEventKind = (typeof BROKER_EVENT_KINDS)[number];

/** Where an event was read and when its node's log says it happened. */
export interface EventOrigin {
  /** ns since the history started (the history's own clock), after clock correction. */
  time: number;
  /** Node whose log the event was read from, e.g. "n2". */
  node: string;
  /** The log line's own timestamp as written (the node's clock, possibly skewed). */
  logTime: string;
  /** The clock offset (ms) subtracted from the log's timestamp, when the node's clock was skewed. */
  clockOffsetMs?: number;
  /** File (relative to the run directory) and 1-based line number of the line it was read from. */
  file: string;
  line: number;
  /** The log message (without its timestamp), cut to a few hundred characters. */
  text: string;
}

export interface PartitionRef {
  topic: string;
  partition: number;
}

export interface LeaderChangeEvent extends EventOrigin, PartitionRef {
  kind: 'leader-change';
  /** Broker id of the new leader; null when the partition has no leader (offline). */
  leader: number | null;
  epoch: number;
  previousLeader?: number | null;
  previousEpoch?: number;
  isr?: number[];
  /** The new leader's log end offset when it became leader: records at or above it were not on the new leader. */
  startOffset?: number;
  highWatermark?: number;
  /** How the controller chose it, when the log says (ELR: an eligible leader replica, KIP-966). */
  election?: 'elr';
}

export interface IsrChangeEvent extends EventOrigin, PartitionRef {
  kind: 'isr-shrink' | 'isr-expand';
  from: number[];
  to: number[];
  /** Partition epoch of the new ISR. */
  partitionEpoch: number;
  leader?: number | null;
  /**
   * When the leader asked to shrink (ns, history clock) and what it reported then: its high watermark and end offset,
   * and each dropped replica's end offset. The ISR changed at `time`, when a broker first logged the new partition epoch.
   */
  requestedAt?: number;
  highWatermark?: number;
  leaderEndOffset?: number;
  outOfSync?: Array<{ broker: number; endOffset: number }>;
}

export interface ElrChangeEvent extends EventOrigin, PartitionRef {
  kind: 'elr-change';
  from: number[];
  to: number[];
  lastKnownElr?: number[];
  partitionEpoch: number;
}

export interface ElectionEvent extends EventOrigin, PartitionRef {
  kind: 'unclean-election' | 'last-known-leader-election';
  leader: number | null;
  previousLeader: number | null;
  epoch: number;
  isrFrom: number[];
  isrTo: number[];
}

export interface TruncationEvent extends EventOrigin, PartitionRef {
  kind: 'truncation';
  /** The log now ends just below this offset: records at toOffset and above were removed. */
  toOffset: number;
  /** The log end offset before the truncation, when the log told it earlier. */
  fromEndOffset?: number;
  reason: 'leader-epoch' | 'high-watermark' | 'unknown';
  /** The leader the broker followed when it truncated. */
  leader?: number;
  /** Set when the broker truncated below its high watermark (records already committed were removed). */
  belowHighWatermark?: number;
}

export interface LogRecoveryEvent extends EventOrigin, PartitionRef {
  kind: 'log-recovery';
  /** Base offset of the segment recovered. */
  segment: number;
  /** Log end offset once the log was loaded after recovery. */
  logEndOffset?: number;
  /** The broker found no clean-shutdown marker (it was killed, crashed or lost power). */
  uncleanShutdown: boolean;
}

export interface LogCorruptionEvent extends EventOrigin {
  kind: 'log-corruption';
  topic?: string;
  partition?: number;
  /** The segment file and the byte position where valid data ended. */
  segmentFile: string;
  bytePosition: number;
  detail: string;
}

export interface BrokerRegistrationEvent extends EventOrigin {
  kind: 'broker-registered' | 'broker-fenced' | 'broker-unfenced';
  broker: number;
  brokerEpoch?: number;
  /** Why, when the log says: e.g. "session timed out", "controlled shutdown". */
  reason?: string;
}

export interface ControllerChangeEvent extends EventOrigin {
  kind: 'controller-change';
  controller: number;
  epoch: number;
}

/**
 * A transaction coordinator completing a transaction without writing its COMMIT/ABORT marker to a partition, because
 * it found no leader endpoint for it (it takes such a partition for deleted). Records of that transaction on the
 * partition are then left without a marker: they join the same producer's next transaction there.
 */
export interface TxnMarkersSkippedEvent extends EventOrigin, PartitionRef {
  kind: 'txn-markers-skipped';
  transactionalId: string;
}

export interface LifecycleEvent extends EventOrigin {
  kind: 'broker-started' | 'shutdown';
  broker?: number;
  /** For a shutdown: why (a signal, a fatal error, a registration timeout ...). */
  reason?: string;
}

export type BrokerEvent =
  | LeaderChangeEvent
  | IsrChangeEvent
  | ElrChangeEvent
  | ElectionEvent
  | TruncationEvent
  | LogRecoveryEvent
  | LogCorruptionEvent
  | BrokerRegistrationEvent
  | ControllerChangeEvent
  | TxnMarkersSkippedEvent
  | LifecycleEvent;

/** Events about one partition (those with topic and partition). */
export function isPartitionEvent(e: BrokerEvent): e is BrokerEvent & PartitionRef {
  return typeof (e as Partial<PartitionRef>).topic === 'string' && typeof (e as Partial<PartitionRef>).partition === 'number';
}

/** Kafka's internal topics (__consumer_offsets, __transaction_state, ...): kept in events.jsonl, left out of lanes. */
export const isInternalTopic = (topic: string): boolean => topic.startsWith('__');

/** One event per line, in time order. */
export function eventsToJsonl(events: readonly BrokerEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length > 0 ? '\n' : '');
}

/** Reads events.jsonl text; a line that is not an event object (e.g. torn) is skipped and counted. */
export function eventsFromJsonl(text: string): { events: BrokerEvent[]; skipped: number } {
  const known = new Set<string>(BROKER_EVENT_KINDS);
  const events: BrokerEvent[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const e = JSON.parse(line) as BrokerEvent;
      if (typeof e === 'object' && e !== null && known.has(e.kind) && typeof e.time === 'number' && typeof e.node === 'string') events.push(e);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { events: events.sort((a, b) => a.time - b.time), skipped };
}

/** Broker id → node name, from the nodes' own start lines (each node logs its id); n<id> when no log said. */
export function brokerNames(events: readonly BrokerEvent[]): (broker: number) => string {
  const names = new Map<number, string>();
  for (const e of events) if (e.kind === 'broker-started' && e.broker !== undefined) names.set(e.broker, e.node);
  return (broker) => names.get(broker) ?? `n${broker}`;
}
