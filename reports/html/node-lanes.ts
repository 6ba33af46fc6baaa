// The data of the timeline's node lanes: per node, the faults that hit it, which partitions it led, and its broker
// events (internal topics left out, as in the attribution), each as rows of plain values for the chart.

import { isInternalTopic, isPartitionEvent, type BrokerEvent } from '../../core/events.ts';
import { leadershipSegments } from './leadership.ts';
import type { NemesisTimeline } from './nemesis-timeline.ts';
import { textWidthPx } from './text-width.ts';

/** Broker events beyond this many are not drawn (the timeline's note says how many were left out). */
export const MAX_LANE_EVENTS = 3000;
export const LANE_LABEL_FONT_PX = 10;

export interface NodeLanes {
  /** Lane names, top first: "<node> faults", "<node> leads", "<node> broker" per node. */
  lanes: string[];
  faults: Array<{ lane: string; family: string; label: string; start: number; end: number }>;
  leads: Array<{ lane: string; start: number; end: number; partitions: string; labelled: boolean }>;
  events: Array<{ lane: string; t: number; kind: string; partition: string; text: string; source: string }>;
  /** Events not drawn because of MAX_LANE_EVENTS. */
  eventsLeftOut: number;
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const LANE_KINDS = ['faults', 'leads', 'broker'] as const;
export const laneName = (node: string, kind: (typeof LANE_KINDS)[number]): string => `${node} ${kind}`;

const eventsToDraw = (events: readonly BrokerEvent[]) => events.filter((e) => !isPartitionEvent(e) || !isInternalTopic(e.topic));

/** Nodes the lanes are drawn for: every node a fault targeted or an event came from. */
function nodesOf(timeline: NemesisTimeline, events: readonly BrokerEvent[]): string[] {
  const nodes = new Set<string>([...timeline.intervals, ...timeline.instants].flatMap((f) => f.targets));
  for (const e of events) nodes.add(e.node);
  return [...nodes].sort(byName);
}

/** `pxPerSecond`: to decide which leadership stretches are wide enough to carry their label. */
export function buildNodeLanes(timeline: NemesisTimeline, events: readonly BrokerEvent[], endNs: number, pxPerSecond: number): NodeLanes {
  const nodes = nodesOf(timeline, events);
  const instantS = 2 / pxPerSecond;
  const faults = [
    ...timeline.intervals.map((i) => ({ family: i.family, label: i.label, targets: i.targets, start: i.start / 1e9, end: i.end / 1e9 })),
    ...timeline.instants.map((i) => ({ family: i.family, label: i.label, targets: i.targets, start: i.time / 1e9, end: i.time / 1e9 + instantS })),
  ].flatMap(({ targets, ...f }) => targets.map((node) => ({ lane: laneName(node, 'faults'), ...f })));
  const leads = leadershipSegments(events, endNs).map((s) => {
    const partitions = s.partitions.join(' ');
    const labelled = (s.end - s.start) * pxPerSecond >= textWidthPx(partitions, LANE_LABEL_FONT_PX) + 8;
    return { lane: laneName(s.node, 'leads'), start: s.start, end: s.end, partitions, labelled };
  });
  const drawable = eventsToDraw(events);
  const shown = drawable.slice(0, MAX_LANE_EVENTS).map((e) => ({
    lane: laneName(e.node, 'broker'),
    t: e.time / 1e9,
    kind: e.kind,
    partition: isPartitionEvent(e) ? `${e.topic}/${e.partition}` : '',
    text: e.text,
    source: `${e.file}:${e.line}`,
  }));
  return {
    lanes: nodes.flatMap((node) => LANE_KINDS.map((kind) => laneName(node, kind))),
    faults,
    leads,
    events: shown,
    eventsLeftOut: drawable.length - shown.length,
  };
}
