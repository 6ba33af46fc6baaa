// One partition's leadership and ISR over the run, from two sources: the brokers' own events (leader changes with
// the new leader's log end offset, ISR changes, truncations, elections, recoveries) and the monitor's rounds (each
// broker's answer, once a second). Events are exact; monitor rounds bracket a change within a second and are the
// fallback when the logs were not collected.
import { isPartitionEvent, type BrokerEvent, type PartitionRef } from '../../core/events.ts';
import type { Op } from '../../core/history/op.ts';

type Row = [string, number, number, number, number[]];
type View = { live: number[]; partitions: Row[] } | { error: string };

/** The leader and ISR most brokers answered in one monitor round. */
export interface MonitorSample {
  /** ns: when the round completed (its answers came in between its invocation and this). */
  time: number;
  opIndex: number;
  leader: number | null;
  epoch: number;
  isr: number[];
  /** Brokers (node names) that answered with this leader and epoch, and those that disagreed. */
  agreeing: string[];
  others: Array<{ node: string; leader: number | null; epoch: number }>;
}

export interface LeaderAt {
  leader: number | null;
  epoch: number;
  /** ns when it became leader (events), or the monitor round that showed it. */
  since: number;
  source: 'broker events' | 'monitor';
  isr?: number[];
}

export interface LeaderChange {
  leader: number | null;
  epoch: number;
  time: number;
  source: 'broker events' | 'monitor';
  /** The new leader's log end offset when it took over (broker events only). */
  startOffset?: number;
  /** For a change seen by the monitor: the round before it (the change happened in between). */
  notBefore?: number;
}

/** The consensus of one monitor round about one partition, or undefined when no broker answered for it. */
function sampleOf(op: Op, topic: string, partition: number): MonitorSample | undefined {
  const views = (op.value as { views?: Record<string, View> }).views ?? {};
  const answers: Array<{ node: string; leader: number | null; epoch: number; isr: number[] }> = [];
  for (const [node, view] of Object.entries(views)) {
    if (!('partitions' in view)) continue;
    const row = view.partitions.find((r) => r[0] === topic && r[1] === partition);
    if (row) answers.push({ node, leader: row[2] < 0 ? null : row[2], epoch: row[3], isr: row[4] });
  }
  if (answers.length === 0) return undefined;
  const tally = new Map<string, typeof answers>();
  for (const a of answers) tally.set(`${a.leader}@${a.epoch}`, [...(tally.get(`${a.leader}@${a.epoch}`) ?? []), a]);
  // Most answers win; on a tie the higher epoch (the brokers behind have not caught up yet).
  const [best] = [...tally.values()].sort((x, y) => y.length - x.length || y[0]!.epoch - x[0]!.epoch);
  const top = best![0]!;
  return {
    time: op.time,
    opIndex: op.index,
    leader: top.leader,
    epoch: top.epoch,
    isr: top.isr,
    agreeing: best!.map((a) => a.node),
    others: answers.filter((a) => !best!.includes(a)).map(({ node, leader, epoch }) => ({ node, leader, epoch })),
  };
}

export class PartitionHistory {
  /** This partition's broker events, in time order. */
  readonly events: BrokerEvent[];
  /** Monitor rounds that answered for it, in time order. */
  readonly samples: MonitorSample[];

  constructor(
    readonly ref: PartitionRef,
    events: readonly BrokerEvent[],
    ops: readonly Op[],
  ) {
    this.events = events.filter((e) => isPartitionEvent(e) && e.topic === ref.topic && e.partition === ref.partition);
    this.samples = [];
    for (const op of ops) {
      if (op.process !== 'monitor' || op.f !== 'metadata' || op.type !== 'ok') continue;
      const s = sampleOf(op, ref.topic, ref.partition);
      if (s) this.samples.push(s);
    }
  }

  private leaderEvents() {
    return this.events.flatMap((e) => (e.kind === 'leader-change' ? [e] : []));
  }

  /** The leader at time t: from broker events when they cover t, else the last monitor round at or before t. */
  leaderAt(t: number): LeaderAt | undefined {
    const changes = this.leaderEvents().filter((e) => e.time <= t);
    const last = changes.at(-1);
    if (last) return { leader: last.leader, epoch: last.epoch, since: last.time, source: 'broker events', ...(this.isrAt(t) ? { isr: this.isrAt(t) } : {}) };
    const sample = [...this.samples].reverse().find((s) => s.time <= t);
    return sample ? { leader: sample.leader, epoch: sample.epoch, since: sample.time, source: 'monitor', isr: sample.isr } : undefined;
  }

  /** The ISR at time t by broker events (leader changes and ISR changes), when they tell it. */
  isrAt(t: number): number[] | undefined {
    let isr: number[] | undefined;
    for (const e of this.events) {
      if (e.time > t) break;
      if (e.kind === 'leader-change' && e.isr) isr = e.isr;
      if (e.kind === 'isr-shrink' || e.kind === 'isr-expand') isr = e.to;
    }
    return isr;
  }

  /** The first change of leader epoch after time t (to a different leader, or to none), by events, else by monitor. */
  nextLeaderChange(t: number, epoch: number | undefined): LeaderChange | undefined {
    const fromEvents = this.leaderEvents().find((e) => e.time > t && (epoch === undefined || e.epoch > epoch));
    if (fromEvents)
      return {
        leader: fromEvents.leader,
        epoch: fromEvents.epoch,
        time: fromEvents.time,
        source: 'broker events',
        ...(fromEvents.startOffset !== undefined ? { startOffset: fromEvents.startOffset } : {}),
      };
    if (epoch === undefined) return undefined;
    const before = [...this.samples].reverse().find((s) => s.time <= t);
    const after = this.samples.find((s) => s.time > t && s.epoch > epoch);
    if (!after) return undefined;
    const previous = [...this.samples].reverse().find((s) => s.time < after.time);
    return { leader: after.leader, epoch: after.epoch, time: after.time, source: 'monitor', notBefore: Math.max(previous?.time ?? 0, before?.time ?? 0) };
  }

  /** Events of the given kinds in (from, to]. */
  eventsBetween<K extends BrokerEvent['kind']>(from: number, to: number, kinds: readonly K[]): Array<Extract<BrokerEvent, { kind: K }>> {
    return this.events.filter((e): e is Extract<BrokerEvent, { kind: K }> => e.time > from && e.time <= to && (kinds as readonly string[]).includes(e.kind));
  }

  /** Monitor rounds in [from, to] where the consensus changed, plus the one just before `from`. */
  monitorChanges(from: number, to: number): MonitorSample[] {
    const out: MonitorSample[] = [];
    let previous: MonitorSample | undefined;
    for (const s of this.samples) {
      if (s.time > to) break;
      const changed = !previous || previous.leader !== s.leader || previous.epoch !== s.epoch || previous.isr.join() !== s.isr.join();
      if (s.time < from) {
        previous = s;
        continue;
      }
      if (out.length === 0 && previous) out.push(previous);
      if (changed) out.push(s);
      previous = s;
    }
    return out;
  }
}

/** The workload's topics: those the monitor watched, else the non-internal topics the events name. */
export function workloadTopics(ops: readonly Op[], events: readonly BrokerEvent[]): string[] {
  const topics = new Set<string>();
  for (const op of ops) {
    if (op.process !== 'monitor' || op.f !== 'metadata' || op.type !== 'ok') continue;
    for (const view of Object.values((op.value as { views?: Record<string, View> }).views ?? {})) {
      if ('partitions' in view) for (const row of view.partitions) topics.add(row[0]);
    }
    if (topics.size > 0) break;
  }
  if (topics.size === 0) for (const e of events) if (isPartitionEvent(e) && !e.topic.startsWith('__')) topics.add(e.topic);
  return [...topics].sort();
}
