// Vega-Lite building blocks shared by the rows of the report's timeline: the look, the time axis, the fault colours
// and shaded fault bands, and the latency and throughput rows with the anomaly markers drawn on them.

import type { Config, TopLevelSpec } from 'vega-lite';
import type { AnomalyMark } from './anomaly-marks.ts';
import type { LatencyPoint } from './latency.ts';
import type { NemesisTimeline } from './nemesis-timeline.ts';
import type { ThroughputBucket } from './throughput.ts';

export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';

const COMPLETION_TYPES = ['ok', 'fail', 'info'];
const COMPLETION_COLORS = ['#4c78a8', '#e45756', '#f58518'];
/** Fault families get colours that stay clear of the completion colours above. */
const FAMILY_PALETTE = ['#8e6bbf', '#2a9d8f', '#9c755f', '#d67fb0', '#a0a03c', '#6b7280', '#0f766e', '#b45309'];
/** Anomaly markers: red when the model does not allow the anomaly, grey when it does (field `allowed`). */
export const ANOMALY_COLOR_BY_ALLOWED = {
  field: 'allowed',
  type: 'nominal' as const,
  scale: { domain: ['not allowed', 'allowed'], range: ['#b42318', '#8a94a3'] },
  legend: null,
};
/** The plot width of every row of the timeline: fixed, so that fault labels can be laid out in px beforehand. */
export const PLOT_WIDTH_PX = 1000;

type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;
export type Layer = LayeredSpec['layer'][number];
/** One row of the timeline: a layered view with its own height. */
export type Row = Extract<Layer, { layer: unknown }> & { height: number; width: number };

export const CONFIG: Config = {
  font: FONT_STACK,
  view: { stroke: '#d0d7de' },
  axis: {
    labelColor: '#4b5563',
    titleColor: '#374151',
    titleFontWeight: 600,
    gridColor: '#eef0f3',
    domainColor: '#9ca3af',
    tickColor: '#9ca3af',
  },
  legend: { labelColor: '#374151', titleColor: '#374151', titleFontWeight: 600, orient: 'top', direction: 'horizontal' },
  // Every row's y axis takes the same room, so the plots of all rows start at the same x and times line up.
  axisY: { minExtent: 64, maxExtent: 64 },
};

export interface TimeAxis {
  /** End of the x domain, seconds since test start. */
  endS: number;
  /** Axis title, or null for a row that shows no x axis labels. */
  title: string | null;
}

export const timeX = (field: string, axis: TimeAxis) => ({
  field,
  type: 'quantitative' as const,
  title: axis.title,
  scale: { domain: [0, Math.max(axis.endS, 1)], nice: false, zero: true },
  ...(axis.title === null ? { axis: { labels: false, ticks: false, domain: false, title: null } } : {}),
});

/** Fault family colours, the same in every row; the legend is shown once (`legend`). */
export function familyColor(timeline: NemesisTimeline, legend: boolean) {
  const families = [...new Set([...timeline.intervals, ...timeline.instants].map((f) => f.family))].sort();
  const range = families.map((_, i) => FAMILY_PALETTE[i % FAMILY_PALETTE.length]!);
  return {
    field: 'family',
    type: 'nominal' as const,
    title: 'fault',
    scale: { domain: families, range },
    legend: legend ? { symbolType: 'square', symbolOpacity: 0.6, symbolStrokeWidth: 0 } : null,
  };
}

/** The tooltip of a fault drawn from `start` to `end`. */
export const FAULT_TOOLTIP = [
  { field: 'family', title: 'fault' },
  { field: 'label', title: 'action' },
  { field: 'start', title: 'from (s)', format: '.3f' },
  { field: 'end', title: 'to (s)', format: '.3f' },
];

/** Shaded fault intervals and instant-fault rules behind a chart (their labels are in the fault strip); null if none. */
export function bandsLayer(timeline: NemesisTimeline, axis: TimeAxis): Layer | null {
  if (timeline.intervals.length === 0 && timeline.instants.length === 0) return null;
  const color = familyColor(timeline, false);
  const layers: Layer[] = [];
  if (timeline.intervals.length > 0) {
    const values = timeline.intervals.map((i) => ({ family: i.family, label: i.label, start: i.start / 1e9, end: i.end / 1e9 }));
    layers.push({
      data: { values },
      mark: { type: 'rect', opacity: 0.14 },
      encoding: {
        x: timeX('start', axis),
        x2: { field: 'end' },
        color,
        tooltip: FAULT_TOOLTIP,
      },
    });
  }
  if (timeline.instants.length > 0) {
    layers.push({
      data: { values: timeline.instants.map((i) => ({ family: i.family, label: i.label, t: i.time / 1e9 })) },
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.2, opacity: 0.7 },
      encoding: {
        x: timeX('t', axis),
        color,
        tooltip: [
          { field: 'label', title: 'action' },
          { field: 't', title: 'at (s)', format: '.3f' },
        ],
      },
    });
  }
  return { layer: layers };
}

export function row(height: number, layers: Array<Layer | null>): Row {
  return {
    width: PLOT_WIDTH_PX,
    height,
    layer: layers.filter((l): l is Layer => l !== null),
    resolve: { scale: { color: 'independent', shape: 'independent' } },
  };
}

/** Anomaly markers on the latency chart: a ring around the point of each op an anomaly names. */
function anomalyOpsLayer(points: readonly LatencyPoint[], marks: readonly AnomalyMark[], axis: TimeAxis): Layer | null {
  const byOp = new Map(points.map((p) => [p.index, p]));
  const values = marks.flatMap((m) => {
    const point = byOp.get(m.invoke);
    return point ? [{ t: point.t, ms: point.ms, type: m.type, text: m.text, href: m.href, allowed: m.allowed ? 'allowed' : 'not allowed' }] : [];
  });
  if (values.length === 0) return null;
  return {
    name: 'anomaly_ops',
    data: { values },
    mark: { type: 'point', shape: 'circle', filled: false, size: 150, strokeWidth: 2, cursor: 'pointer' },
    encoding: {
      x: timeX('t', axis),
      y: { field: 'ms', type: 'quantitative' },
      color: ANOMALY_COLOR_BY_ALLOWED,
      href: { field: 'href' },
      tooltip: [
        { field: 'type', title: 'anomaly' },
        { field: 'text', title: 'what' },
        { field: 't', title: 'invoked at (s)', format: '.3f' },
      ],
    },
  };
}

/** One point per completed client op: x = invoke time, y = latency (log), colour = completion type, shape = f. */
export function latencyRow(points: readonly LatencyPoint[], marks: readonly AnomalyMark[], timeline: NemesisTimeline, endS: number): Row {
  const axis: TimeAxis = { endS, title: 'invocation time (s)' };
  // ok first, so fail and info points are drawn on top.
  const ordered = [...points].sort((a, b) => Number(a.type !== 'ok') - Number(b.type !== 'ok'));
  const pointsLayer: Layer = {
    data: { values: ordered },
    mark: { type: 'point', filled: true, size: 14, opacity: 0.55 },
    encoding: {
      x: timeX('t', axis),
      y: { field: 'ms', type: 'quantitative', title: 'latency (ms, log)', scale: { type: 'log' } },
      color: { field: 'type', type: 'nominal', title: 'completion', scale: { domain: COMPLETION_TYPES, range: COMPLETION_COLORS } },
      shape: { field: 'f', type: 'nominal', title: 'operation' },
      tooltip: [
        { field: 'index', title: 'op index' },
        { field: 'process', title: 'process' },
        { field: 'f', title: 'f' },
        { field: 'type', title: 'completion' },
        { field: 'ms', title: 'latency (ms)', format: ',.3f' },
        { field: 't', title: 'invoked at (s)', format: '.3f' },
        { field: 'node', title: 'node' },
        { field: 'error', title: 'error' },
      ],
    },
  };
  return row(300, [bandsLayer(timeline, axis), pointsLayer, anomalyOpsLayer(points, marks, axis)]);
}

/** Completed client ops per second by completion type, on the same time axis as the latency chart. */
export function throughputRow(buckets: readonly ThroughputBucket[], timeline: NemesisTimeline, endS: number): Row {
  const axis: TimeAxis = { endS, title: 'completion time (s)' };
  const linesLayer: Layer = {
    data: { values: buckets },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
    encoding: {
      x: timeX('t', axis),
      y: { field: 'rate', type: 'quantitative', title: 'ops/s' },
      color: { field: 'type', type: 'nominal', title: 'completion', scale: { domain: COMPLETION_TYPES, range: COMPLETION_COLORS }, legend: null },
      tooltip: [
        { field: 't', title: 'second' },
        { field: 'type', title: 'completion' },
        { field: 'rate', title: 'ops/s' },
      ],
    },
  };
  return row(180, [bandsLayer(timeline, axis), linesLayer]);
}
