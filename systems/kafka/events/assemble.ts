// From what every node's log observed to one list of events: facts several nodes log (controller records, partition
// registrations) are kept once, at the earliest time any node logged them; partition registrations become leader
// changes (per leader epoch) and ISR / ELR changes (per partition epoch, compared with the one before).
import type {
  BrokerEvent,
  BrokerRegistrationEvent,
  ElrChangeEvent,
  EventOrigin,
  IsrChangeEvent,
  LeaderChangeEvent,
  LifecycleEvent,
} from '../../../core/events.ts';
import type { Observation, PartitionState, ShrinkRequest } from './node-log.ts';

const S = 1e9;
/** A 3.9 "Fencing broker" line (no broker epoch) is the same fencing as a fenced record this close to it. */
const SAME_FENCING_NS = 3 * S;
/** Stop messages of one process come within seconds of each other. */
const SAME_SHUTDOWN_NS = 5 * S;
/** How long before the ISR change a leader's shrink request may come. */
const SHRINK_REQUEST_WINDOW_NS = 15 * S;

const originOf = (o: EventOrigin): EventOrigin => ({
  time: o.time,
  node: o.node,
  logTime: o.logTime,
  ...(o.clockOffsetMs ? { clockOffsetMs: o.clockOffsetMs } : {}),
  file: o.file,
  line: o.line,
  text: o.text,
});

const sameSet = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

function earliestByKey(observations: readonly Observation[]): BrokerEvent[] {
  const keyed = new Map<string, BrokerEvent>();
  const loose: BrokerEvent[] = [];
  for (const o of observations) {
    if (o.kind !== 'event') continue;
    if (o.key === undefined) {
      loose.push(o.event);
      continue;
    }
    const kept = keyed.get(o.key);
    const [first, other] = !kept || o.event.time < kept.time ? [o.event, kept] : [kept, o.event];
    // The fencing line and the fenced record share a key; only the line says why.
    const reason = (first as { reason?: string }).reason ?? (other as { reason?: string } | undefined)?.reason;
    keyed.set(o.key, reason !== undefined ? ({ ...first, reason } as BrokerEvent) : first);
  }
  return [...keyed.values(), ...loose];
}

/** 3.9's fencing line has no broker epoch: it joins the fenced record next to it (the record keeps its epoch). */
function mergeFencings(events: BrokerEvent[]): BrokerEvent[] {
  const fenced = events.filter((e): e is BrokerRegistrationEvent => e.kind === 'broker-fenced');
  const dropped = new Set<BrokerEvent>();
  for (const bare of fenced.filter((e) => e.brokerEpoch === undefined)) {
    const twin = fenced.find((e) => e !== bare && e.broker === bare.broker && e.brokerEpoch !== undefined && Math.abs(e.time - bare.time) <= SAME_FENCING_NS);
    if (!twin) continue;
    twin.reason ??= bare.reason;
    if (bare.time < twin.time) Object.assign(twin, originOf(bare));
    dropped.add(bare);
  }
  return events.filter((e) => !dropped.has(e));
}

function mergeShutdowns(events: BrokerEvent[]): BrokerEvent[] {
  const kept: LifecycleEvent[] = [];
  const dropped = new Set<BrokerEvent>();
  for (const e of events.filter((x): x is LifecycleEvent => x.kind === 'shutdown').sort((a, b) => a.time - b.time)) {
    const earlier = kept.find((k) => k.node === e.node && e.time - k.time <= SAME_SHUTDOWN_NS);
    if (earlier) {
      if (e.reason && !earlier.reason?.includes(e.reason)) earlier.reason = earlier.reason ? `${earlier.reason}; ${e.reason}` : e.reason;
      dropped.add(e);
    } else kept.push(e);
  }
  return events.filter((e) => !dropped.has(e));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const earliest = <T extends { origin: EventOrigin }>(items: readonly T[]): T => items.reduce((a, b) => (b.origin.time < a.origin.time ? b : a));

/**
 * One leader-change per leader epoch of a partition (its first registration is the partition's creation), read from
 * the new leader's own line when its log has it (that line tells the offset it started from), else the earliest.
 */
function leaderChanges(states: readonly PartitionState[]): LeaderChangeEvent[] {
  const byEpoch = [
    ...groupBy(
      states.filter((s) => s.leaderEpoch !== undefined),
      (s) => String(s.leaderEpoch),
    ),
  ].sort(([a], [b]) => Number(a) - Number(b));
  const out: LeaderChangeEvent[] = [];
  let previous: LeaderChangeEvent | undefined;
  for (const [, group] of byEpoch) {
    const own = group.find((s) => s.startOffset !== undefined);
    const first = earliest(group);
    const principal = own ?? first;
    const withIsr =
      own ??
      group
        .filter((s) => s.isr !== undefined)
        .sort((a, b) => (a.partitionEpoch ?? Infinity) - (b.partitionEpoch ?? Infinity) || a.origin.time - b.origin.time)[0];
    const event: LeaderChangeEvent = {
      kind: 'leader-change',
      ...originOf(principal.origin),
      topic: principal.topic,
      partition: principal.partition,
      leader: principal.leader,
      epoch: principal.leaderEpoch!,
      ...(previous ? { previousLeader: previous.leader, previousEpoch: previous.epoch } : {}),
      ...(withIsr?.isr ? { isr: withIsr.isr } : {}),
      ...(own ? { startOffset: own.startOffset, highWatermark: own.highWatermark } : {}),
      ...(group.some((s) => s.election === 'elr') ? { election: 'elr' as const } : {}),
    };
    out.push(event);
    previous = event;
  }
  return out;
}

/** ISR and ELR changes between consecutive partition epochs of a partition. */
function membershipChanges(states: readonly PartitionState[], shrinks: readonly ShrinkRequest[]): Array<IsrChangeEvent | ElrChangeEvent> {
  const byEpoch = [
    ...groupBy(
      states.filter((s) => s.partitionEpoch !== undefined && s.isr !== undefined),
      (s) => String(s.partitionEpoch),
    ),
  ].sort(([a], [b]) => Number(a) - Number(b));
  const out: Array<IsrChangeEvent | ElrChangeEvent> = [];
  let isr: number[] | undefined;
  let elr: number[] | undefined;
  for (const [epoch, group] of byEpoch) {
    const first = earliest(group);
    const partitionEpoch = Number(epoch);
    const nextIsr = first.isr!;
    const where = { topic: first.topic, partition: first.partition };
    const leader = group.find((s) => s.leader !== undefined)?.leader;
    if (isr !== undefined && !sameSet(isr, nextIsr)) {
      const removed = isr.filter((b) => !nextIsr.includes(b));
      const added = nextIsr.filter((b) => !isr!.includes(b));
      if (removed.length > 0) {
        const request = shrinks
          .filter((r) => sameSet(r.to, nextIsr) && r.origin.time <= first.origin.time + S && r.origin.time >= first.origin.time - SHRINK_REQUEST_WINDOW_NS)
          .sort((a, b) => b.origin.time - a.origin.time)[0];
        out.push({
          kind: 'isr-shrink',
          ...originOf(first.origin),
          ...where,
          from: isr,
          to: nextIsr,
          partitionEpoch,
          ...(leader !== undefined ? { leader } : {}),
          ...(request
            ? { requestedAt: request.origin.time, highWatermark: request.highWatermark, leaderEndOffset: request.leaderEndOffset, outOfSync: request.outOfSync }
            : {}),
        });
      }
      if (added.length > 0)
        out.push({
          kind: 'isr-expand',
          ...originOf(first.origin),
          ...where,
          from: isr,
          to: nextIsr,
          partitionEpoch,
          ...(leader !== undefined ? { leader } : {}),
        });
    }
    isr = nextIsr;
    const withElr = group.find((s) => s.elr !== undefined);
    if (withElr) {
      if (elr !== undefined && !sameSet(elr, withElr.elr!)) {
        out.push({
          kind: 'elr-change',
          ...originOf(first.origin),
          ...where,
          from: elr,
          to: withElr.elr!,
          ...(withElr.lastKnownElr ? { lastKnownElr: withElr.lastKnownElr } : {}),
          partitionEpoch,
        });
      }
      elr = withElr.elr!;
    }
  }
  return out;
}

export function assembleEvents(observations: readonly Observation[]): BrokerEvent[] {
  let events = mergeShutdowns(mergeFencings(earliestByKey(observations)));
  const states = observations.flatMap((o) => (o.kind === 'state' ? [o.state] : []));
  const shrinks = observations.flatMap((o) => (o.kind === 'shrink' ? [o.request] : []));
  const shrinksOf = groupBy(shrinks, (r) => `${r.topic}\u0000${r.partition}`);
  for (const [key, group] of groupBy(states, (s) => `${s.topic}\u0000${s.partition}`)) {
    events = events.concat(leaderChanges(group), membershipChanges(group, shrinksOf.get(key) ?? []));
  }
  return events.sort((a, b) => a.time - b.time);
}
