// The report's one timeline, as a Vega-Lite vertical stack of rows on one time axis: the faults (bars with labels laid
// out in rows that never overlap), a lane per node (faults hitting it, partitions it led, its broker events), the
// anomalies where they happened, then latency and throughput with the fault bands and anomaly markers.

import type { TopLevelSpec } from 'vega-lite';
import type { AnomalyMark } from './anomaly-marks.ts';
import {
  ANOMALY_COLOR_BY_ALLOWED,
  CONFIG,
  FAULT_TOOLTIP,
  familyColor,
  latencyRow,
  row,
  throughputRow,
  timeX,
  type Layer,
  type Row,
  type TimeAxis,
} from './chart-specs.ts';
import { FAULT_LABEL_FONT_PX, type FaultRowItem } from './fault-rows.ts';
import type { LatencyPoint } from './latency.ts';
import type { NemesisTimeline } from './nemesis-timeline.ts';
import { LANE_LABEL_FONT_PX, type NodeLanes } from './node-lanes.ts';
import type { ThroughputBucket } from './throughput.ts';

const FAULT_ROW_PX = 17;
const LANE_PX = 16;
const ANOMALY_ROW_PX = 18;

export interface TimelineInput {
  endS: number;
  timeline: NemesisTimeline;
  faultRows: readonly FaultRowItem[];
  lanes: NodeLanes;
  marks: readonly AnomalyMark[];
  points: readonly LatencyPoint[];
  buckets: readonly ThroughputBucket[];
}

function faultStrip(input: TimelineInput, axis: TimeAxis): Row | null {
  if (input.faultRows.length === 0) return null;
  const rows = Math.max(...input.faultRows.map((f) => f.row)) + 1;
  const y = {
    field: 'row',
    type: 'ordinal' as const,
    axis: { title: 'faults', labels: false, ticks: false, domain: false },
    scale: { domain: [...Array(rows).keys()] },
  };
  const bars: Layer = {
    data: { values: input.faultRows },
    mark: { type: 'rect', opacity: 0.5, cornerRadius: 2 },
    encoding: {
      x: { ...timeX('start', axis), axis: { orient: 'top', title: null } },
      x2: { field: 'end' },
      y,
      color: familyColor(input.timeline, true),
      tooltip: FAULT_TOOLTIP,
    },
  };
  // Vega-Lite names this mark fault_labels_marks: the page measures the boxes of every *_labels_marks text.
  const labels: Layer = {
    name: 'fault_labels',
    data: { values: input.faultRows.filter((f) => f.labelled) },
    mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: FAULT_LABEL_FONT_PX, fill: '#1f2933' },
    encoding: { x: timeX('labelAt', axis), y, text: { field: 'label' }, tooltip: FAULT_TOOLTIP },
  };
  return row(rows * FAULT_ROW_PX, [bars, labels]);
}

function nodeLanesRow(input: TimelineInput, axis: TimeAxis): Row | null {
  const { lanes } = input;
  if (lanes.lanes.length === 0) return null;
  const y = {
    field: 'lane',
    type: 'nominal' as const,
    title: null,
    scale: { domain: lanes.lanes, paddingInner: 0.15 },
    axis: { labelFontSize: 10.5, ticks: false },
  };
  const layers: Layer[] = [];
  if (lanes.faults.length > 0)
    layers.push({
      data: { values: lanes.faults },
      mark: { type: 'rect', opacity: 0.55 },
      encoding: { x: timeX('start', axis), x2: { field: 'end' }, y, color: familyColor(input.timeline, false), tooltip: FAULT_TOOLTIP },
    });
  if (lanes.leads.length > 0) {
    const tooltip = [
      { field: 'partitions', title: 'leader of' },
      { field: 'start', title: 'from (s)', format: '.3f' },
      { field: 'end', title: 'to (s)', format: '.3f' },
    ];
    layers.push(
      {
        data: { values: lanes.leads },
        mark: { type: 'rect', color: '#9fb8d3', stroke: '#ffffff', strokeWidth: 1 },
        encoding: { x: timeX('start', axis), x2: { field: 'end' }, y, tooltip },
      },
      {
        name: 'lead_labels',
        data: { values: lanes.leads.filter((l) => l.labelled) },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: LANE_LABEL_FONT_PX, fill: '#1b3552' },
        encoding: { x: timeX('start', axis), y, text: { field: 'partitions' }, tooltip },
      },
    );
  }
  if (lanes.events.length > 0)
    layers.push({
      name: 'broker_events',
      data: { values: lanes.events },
      mark: { type: 'point', filled: true, size: 36, opacity: 0.85, shape: 'diamond' },
      encoding: {
        x: timeX('t', axis),
        y,
        color: { field: 'kind', type: 'nominal', title: 'broker event', scale: { scheme: 'tableau20' } },
        tooltip: [
          { field: 'kind', title: 'event' },
          { field: 'partition', title: 'partition' },
          { field: 't', title: 'at (s)', format: '.3f' },
          { field: 'text', title: 'log' },
          { field: 'source', title: 'line' },
        ],
      },
    });
  return row(lanes.lanes.length * LANE_PX, layers);
}

function anomalyStrip(input: TimelineInput, axis: TimeAxis): Row | null {
  if (input.marks.length === 0) return null;
  const types = [...new Set(input.marks.map((m) => m.type))];
  const values = input.marks.map((m) => ({ ...m, allowed: m.allowed ? 'allowed' : 'not allowed' }));
  return row(types.length * ANOMALY_ROW_PX, [
    {
      name: 'anomaly_marks',
      data: { values },
      mark: { type: 'point', shape: 'triangle-down', filled: true, size: 70, opacity: 0.9, cursor: 'pointer' },
      encoding: {
        x: timeX('t', axis),
        y: { field: 'type', type: 'nominal', title: null, scale: { domain: types }, axis: { labelFontSize: 10.5, ticks: false } },
        color: ANOMALY_COLOR_BY_ALLOWED,
        href: { field: 'href' },
        tooltip: [
          { field: 'type', title: 'anomaly' },
          { field: 'checker', title: 'checker' },
          { field: 't', title: 'at (s)', format: '.3f' },
          { field: 'op', title: 'op index' },
          { field: 'text', title: 'what' },
        ],
      },
    },
  ]);
}

export function timelineSpec(input: TimelineInput): TopLevelSpec {
  const inner: TimeAxis = { endS: input.endS, title: null };
  const rows = [
    faultStrip(input, inner),
    nodeLanesRow(input, inner),
    anomalyStrip(input, inner),
    latencyRow(input.points, input.marks, input.timeline, input.endS),
    throughputRow(input.buckets, input.timeline, input.endS),
  ].filter((r): r is Row => r !== null);
  return {
    config: CONFIG,
    spacing: 8,
    vconcat: rows,
    resolve: { scale: { color: 'independent', shape: 'independent' }, legend: { color: 'independent', shape: 'independent' } },
  } as TopLevelSpec;
}
