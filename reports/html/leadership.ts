// Which partitions each node led over the run, from the brokers' leader-change events: per node, the stretches of
// time over which the set of partitions it led stayed the same. Internal topics are left out.

import { brokerNames, isInternalTopic, type BrokerEvent, type LeaderChangeEvent } from '../../core/events.ts';

export interface LeadershipSegment {
  node: string;
  /** Seconds since the history started. */
  start: number;
  end: number;
  /** Partitions led in this stretch, e.g. ["p0", "p2"] (topic/partition when the events name several topics). */
  partitions: string[];
}

interface Held {
  node: string;
  partition: string;
  start: number;
  end: number;
}

const byPartition = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Leadership intervals per partition: from each leader change to the next one (or `endNs`). */
function heldIntervals(events: readonly BrokerEvent[], endNs: number): Held[] {
  const changes = events.filter((e): e is LeaderChangeEvent => e.kind === 'leader-change' && !isInternalTopic(e.topic));
  const topics = new Set(changes.map((e) => e.topic));
  const nameOf = brokerNames(events);
  const perPartition = new Map<string, LeaderChangeEvent[]>();
  for (const e of changes) {
    const key = topics.size > 1 ? `${e.topic}/p${e.partition}` : `p${e.partition}`;
    perPartition.set(key, [...(perPartition.get(key) ?? []), e]);
  }
  const held: Held[] = [];
  for (const [partition, list] of perPartition) {
    // Several brokers log the same change: keep the first report of each epoch.
    const epochs = list.sort((a, b) => a.time - b.time).filter((e, i, all) => all.findIndex((x) => x.epoch === e.epoch) === i);
    epochs.forEach((e, i) => {
      const end = epochs[i + 1]?.time ?? endNs;
      if (e.leader !== null && end > e.time) held.push({ node: nameOf(e.leader), partition, start: e.time, end });
    });
  }
  return held;
}

/** Per node, consecutive segments with the set of partitions it led; stretches where it led none are left out. */
export function leadershipSegments(events: readonly BrokerEvent[], endNs: number): LeadershipSegment[] {
  const held = heldIntervals(events, endNs);
  const segments: LeadershipSegment[] = [];
  for (const node of [...new Set(held.map((h) => h.node))].sort(byPartition)) {
    const mine = held.filter((h) => h.node === node);
    const cuts = [...new Set(mine.flatMap((h) => [h.start, h.end]))].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [from, to] = [cuts[i]!, cuts[i + 1]!];
      const partitions = mine
        .filter((h) => h.start <= from && h.end >= to)
        .map((h) => h.partition)
        .sort(byPartition);
      if (partitions.length === 0) continue;
      const last = segments.at(-1);
      if (last && last.node === node && last.end === from / 1e9 && last.partitions.join() === partitions.join()) last.end = to / 1e9;
      else segments.push({ node, start: from / 1e9, end: to / 1e9, partitions });
    }
  }
  return segments;
}
