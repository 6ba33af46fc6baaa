// What the matchers produce from one log line, and the little each node's log must remember between lines (its broker
// id, topic ids, each partition's last known log end offset, a truncation's reason told one line before it happens).
import type { BrokerEvent, EventOrigin, LogRecoveryEvent } from '../../../core/events.ts';
import type { LogLine } from './log-line.ts';

/** One broker's view of a partition's registration at some moment (leader, epochs, ISR, ELR). */
export interface PartitionState {
  origin: EventOrigin;
  topic: string;
  partition: number;
  leader: number | null;
  /** Unknown on lines that only tell the ISR (the leader's "ISR updated"). */
  leaderEpoch?: number;
  partitionEpoch?: number;
  isr?: number[];
  elr?: number[];
  lastKnownElr?: number[];
  previousLeader?: number | null;
  previousEpoch?: number;
  /** Set on the leader's own "starts at leader epoch" line: its log end offset and high watermark then. */
  startOffset?: number;
  highWatermark?: number;
  election?: 'elr';
}

/** A leader asking the controller to drop lagging replicas from the ISR, with the offsets it saw. */
export interface ShrinkRequest {
  origin: EventOrigin;
  topic: string;
  partition: number;
  from: number[];
  to: number[];
  highWatermark: number;
  leaderEndOffset: number;
  outOfSync: Array<{ broker: number; endOffset: number }>;
}

export type Observation =
  /** A finished event; `key` identifies facts several nodes log (controller records): the earliest is kept. */
  { kind: 'event'; event: BrokerEvent; key?: string } | { kind: 'state'; state: PartitionState } | { kind: 'shrink'; request: ShrinkRequest };

/** A matcher reads one line (with its origin already placed in time) and says what it observed, if anything. */
export type Matcher = (line: LogLine, origin: EventOrigin, log: NodeLog) => Observation[] | undefined;

const tp = (topic: string, partition: number): string => `${topic}-${partition}`;

/** Per node (across its rotated files): what later lines need from earlier ones. */
export class NodeLog {
  broker: number | undefined;
  /** Topic id → name (from TopicRecord lines). */
  readonly topicNames = new Map<string, string>();
  private readonly endOffsets = new Map<string, number>();
  private readonly truncationReasons = new Map<string, { reason: 'leader-epoch' | 'high-watermark'; leader: number }>();
  private readonly belowHighWatermark = new Map<string, number>();
  /** The process found no clean-shutdown marker when it last started. */
  uncleanShutdown = false;
  /** Recoveries of this start whose log end offset the "Completed load" line will fill in. */
  readonly recovering = new Map<string, LogRecoveryEvent>();

  constructor(readonly node: string) {}

  setEndOffset(topic: string, partition: number, offset: number): void {
    this.endOffsets.set(tp(topic, partition), offset);
  }

  endOffset(topic: string, partition: number): number | undefined {
    return this.endOffsets.get(tp(topic, partition));
  }

  noteTruncationReason(topic: string, partition: number, reason: 'leader-epoch' | 'high-watermark', leader: number): void {
    this.truncationReasons.set(tp(topic, partition), { reason, leader });
  }

  takeTruncationReason(topic: string, partition: number): { reason: 'leader-epoch' | 'high-watermark'; leader: number } | undefined {
    const r = this.truncationReasons.get(tp(topic, partition));
    this.truncationReasons.delete(tp(topic, partition));
    return r;
  }

  noteBelowHighWatermark(topic: string, partition: number, highWatermark: number): void {
    this.belowHighWatermark.set(tp(topic, partition), highWatermark);
  }

  takeBelowHighWatermark(topic: string, partition: number): number | undefined {
    const hw = this.belowHighWatermark.get(tp(topic, partition));
    this.belowHighWatermark.delete(tp(topic, partition));
    return hw;
  }
}
