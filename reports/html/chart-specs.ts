// Vega-Lite specs for the latency and throughput charts, with the nemesis timeline layered underneath.

import type { Config, TopLevelSpec } from 'vega-lite';
import type { LatencyPoint } from './latency.ts';
import type { NemesisTimeline } from './nemesis-timeline.ts';
import type { ThroughputBucket } from './throughput.ts';

export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';

const COMPLETION_TYPES = ['ok', 'fail', 'info'];
const COMPLETION_COLORS = ['#4c78a8', '#e45756', '#f58518'];
/** Fault families get colours that stay clear of the completion colours above. */
const FAMILY_PALETTE = ['#8e6bbf', '#2a9d8f', '#9c755f', '#d67fb0', '#a0a03c', '#6b7280', '#0f766e', '#b45309'];
/** Approximate plot width in px, used only to decide which fault labels fit. */
const APPROX_PLOT_WIDTH_PX = 1100;
const LABEL_CHAR_PX = 6;
const LABEL_ROW_PX = 13;
const MAX_LABEL_ROWS = 3;

type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;
type Layer = LayeredSpec['layer'][number];

const CONFIG: Config = {
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
  // Legends above the plot and a fixed y-axis width: both charts then share the same plot area, so times line up.
  legend: { labelColor: '#374151', titleColor: '#374151', titleFontWeight: 600, orient: 'top', direction: 'horizontal' },
  axisY: { minExtent: 48, maxExtent: 48 },
};

export interface TimeAxis {
  /** End of the x domain, seconds since test start. */
  endS: number;
  /** Axis title; every layer of a chart repeats it so that Vega-Lite does not merge titles. */
  title: string;
}

const timeX = (field: string, axis: TimeAxis) => ({
  field,
  type: 'quantitative' as const,
  title: axis.title,
  scale: { domain: [0, Math.max(axis.endS, 1)], nice: false, zero: true },
});

function familyColor(timeline: NemesisTimeline) {
  const families = [...new Set([...timeline.intervals, ...timeline.instants].map((f) => f.family))].sort();
  const range = families.map((_, i) => FAMILY_PALETTE[i % FAMILY_PALETTE.length]!);
  return {
    field: 'family',
    type: 'nominal' as const,
    title: 'fault',
    scale: { domain: families, range },
    legend: { symbolType: 'square', symbolOpacity: 0.45, symbolStrokeWidth: 0 },
  };
}

/**
 * Labels for fault intervals (at their start) and instant faults (beside their rule), on up to MAX_LABEL_ROWS rows so
 * that they do not overlap. A label that does not fit its interval, or finds no free row, is left to the tooltip.
 */
function placeFaultLabels(timeline: NemesisTimeline, axis: TimeAxis) {
  const pxPerSecond = APPROX_PLOT_WIDTH_PX / Math.max(axis.endS, 1);
  const candidates = [
    ...timeline.intervals.map((i) => ({ family: i.family, label: i.label, at: i.start, roomPx: ((i.end - i.start) / 1e9) * pxPerSecond })),
    ...timeline.instants.map((i) => ({ family: i.family, label: i.label, at: i.time, roomPx: Infinity })),
  ].sort((a, b) => a.at - b.at);
  const rowEnds: number[] = [];
  const labels: Array<{ family: string; label: string; start: number; y: number }> = [];
  for (const candidate of candidates) {
    const startPx = (candidate.at / 1e9) * pxPerSecond;
    const labelPx = candidate.label.length * LABEL_CHAR_PX + 8;
    if (labelPx > candidate.roomPx) continue;
    let row = rowEnds.findIndex((end) => end <= startPx);
    if (row === -1) row = rowEnds.length;
    if (row >= MAX_LABEL_ROWS) continue;
    rowEnds[row] = startPx + labelPx;
    labels.push({ family: candidate.family, label: candidate.label, start: candidate.at / 1e9, y: 3 + row * LABEL_ROW_PX });
  }
  return labels;
}

/** Shaded fault intervals, their labels and instant-fault rules, as one layer sharing a colour scale; null if no faults. */
export function nemesisLayer(timeline: NemesisTimeline, axis: TimeAxis): Layer | null {
  if (timeline.intervals.length === 0 && timeline.instants.length === 0) return null;
  const color = familyColor(timeline);
  const x = (field: string) => timeX(field, axis);
  const layers: Layer[] = [];
  if (timeline.intervals.length > 0) {
    const values = timeline.intervals.map((i) => ({
      family: i.family,
      label: i.openAtEnd ? `${i.label} (still active at end)` : i.label,
      start: i.start / 1e9,
      end: i.end / 1e9,
    }));
    layers.push({
      data: { values },
      mark: { type: 'rect', opacity: 0.16 },
      encoding: {
        x: x('start'),
        x2: { field: 'end' },
        color,
        tooltip: [
          { field: 'family', title: 'fault' },
          { field: 'label', title: 'action' },
          { field: 'start', title: 'from (s)', format: '.3f' },
          { field: 'end', title: 'to (s)', format: '.3f' },
        ],
      },
    });
  }
  if (timeline.instants.length > 0) {
    layers.push({
      data: { values: timeline.instants.map((i) => ({ family: i.family, label: i.label, t: i.time / 1e9 })) },
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: {
        x: x('t'),
        color,
        tooltip: [
          { field: 'family', title: 'fault' },
          { field: 'label', title: 'action' },
          { field: 't', title: 'at (s)', format: '.3f' },
        ],
      },
    });
  }
  const labels = placeFaultLabels(timeline, axis);
  if (labels.length > 0) {
    layers.push({
      data: { values: labels },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, fontSize: 10, fontWeight: 600 },
      encoding: { x: x('start'), y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'label' }, color },
    });
  }
  return { layer: layers };
}

function layered(height: number, layers: Array<Layer | null>): TopLevelSpec {
  return {
    width: 'container',
    height,
    autosize: { type: 'fit-x', contains: 'padding' },
    config: CONFIG,
    layer: layers.filter((l): l is Layer => l !== null),
    resolve: { scale: { color: 'independent' } },
  };
}

/** One point per completed client op: x = invoke time, y = latency (log), colour = completion type, shape = f. */
export function latencyChartSpec(points: readonly LatencyPoint[], timeline: NemesisTimeline, endS: number): TopLevelSpec {
  const axis: TimeAxis = { endS, title: 'invocation time (s)' };
  // ok first, so fail and info points are drawn on top.
  const ordered = [...points].sort((a, b) => Number(a.type !== 'ok') - Number(b.type !== 'ok'));
  const pointsLayer: Layer = {
    data: { values: ordered },
    mark: { type: 'point', filled: true, size: 18, opacity: 0.6 },
    encoding: {
      x: timeX('t', axis),
      y: { field: 'ms', type: 'quantitative', title: 'latency (ms, log scale)', scale: { type: 'log' } },
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
  return layered(340, [nemesisLayer(timeline, axis), pointsLayer]);
}

/** Completed client ops per second by completion type, on the same time axis as the latency chart. */
export function throughputChartSpec(buckets: readonly ThroughputBucket[], timeline: NemesisTimeline, endS: number): TopLevelSpec {
  const axis: TimeAxis = { endS, title: 'completion time (s)' };
  const linesLayer: Layer = {
    data: { values: buckets },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
    encoding: {
      x: timeX('t', axis),
      y: { field: 'rate', type: 'quantitative', title: 'ops/s' },
      color: { field: 'type', type: 'nominal', title: 'completion', scale: { domain: COMPLETION_TYPES, range: COMPLETION_COLORS } },
      tooltip: [
        { field: 't', title: 'second' },
        { field: 'type', title: 'completion' },
        { field: 'rate', title: 'ops/s' },
      ],
    },
  };
  return layered(220, [nemesisLayer(timeline, axis), linesLayer]);
}
