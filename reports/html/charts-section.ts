// The timeline panel: its notes in HTML and the one Vega-Lite chart (faults, node lanes, anomalies, latency and
// throughput on one time axis) for the page to embed. Its text is drawn as SVG, so the page can measure its labels,
// and its marks on a canvas, so a million-op history stays light.

import { anomalyInvocations, anomalyMarks, MAX_ANOMALY_MARKS } from './anomaly-marks.ts';
import { PLOT_WIDTH_PX } from './chart-specs.ts';
import type { NamedChecker } from './checker-order.ts';
import { layoutFaultRows } from './fault-rows.ts';
import { formatNumber } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { downsampleLatency, latencyPoints } from './latency.ts';
import type { NemesisTimeline } from './nemesis-timeline.ts';
import { buildNodeLanes, MAX_LANE_EVENTS } from './node-lanes.ts';
import type { HistoryIndex } from './op-table.ts';
import type { EmbeddedChart } from './page.ts';
import { timelineSpec } from './timeline-spec.ts';
import type { BrokerEvent } from '../../core/events.ts';
import type { OpPair } from '../../core/history/pairing.ts';
import { isClientProcess } from '../../core/history/op.ts';
import { throughputBuckets } from './throughput.ts';

export interface ChartsSection {
  html: SafeHtml;
  charts: EmbeddedChart[];
}

export interface ChartsInput {
  pairs: readonly OpPair[];
  timeline: NemesisTimeline;
  /** ns of the last op: the timeline's shared time axis ends there. */
  historyEnd: number;
  checkers: readonly NamedChecker[];
  history: HistoryIndex;
  events?: readonly BrokerEvent[];
  pointLimit?: number;
}

export const TIMELINE_ID = 'chart-timeline';

function samplingNote(total: number, shown: number, slowestOkKept: number): SafeHtml {
  return html`<p class="note"><b>Downsampled:</b> showing ${formatNumber(shown)} of ${formatNumber(total)} completed client ops in the latency chart.
  Every fail and info op, every op an anomaly names and the ${formatNumber(slowestOkKept)} slowest ok ops are drawn; the other ok ops are sampled evenly over time.</p>`;
}

function unfinishedNote(unfinished: number): SafeHtml | null {
  if (unfinished === 0) return null;
  return html`<p class="note">${
    unfinished === 1
      ? '1 client invocation never completed: it counts as info at the end of the history and is not drawn.'
      : `${formatNumber(unfinished)} client invocations never completed: they count as info at the end of the history and are not drawn.`
  }</p>`;
}

export function renderCharts(input: ChartsInput): ChartsSection {
  const endS = Math.max(input.historyEnd / 1e9, 1);
  const pxPerSecond = PLOT_WIDTH_PX / endS;
  const unfinished = input.pairs.filter((p) => !p.completion && isClientProcess(p.process)).length;
  const keep = anomalyInvocations(input.checkers, input.history);
  const sample = downsampleLatency(latencyPoints(input.pairs), input.pointLimit, keep);
  if (sample.total === 0) {
    return {
      html: html`<section class="panel" id="timeline"><h2>Timeline</h2><p class="note">No client op completed, so there is nothing to chart.</p>${unfinishedNote(unfinished)}</section>`,
      charts: [],
    };
  }
  const marks = anomalyMarks(input.checkers, input.history);
  const anomalyCount = input.checkers.reduce((n, c) => n + c.result.anomalies.length, 0);
  const lanes = buildNodeLanes(input.timeline, input.events ?? [], input.historyEnd, pxPerSecond);
  const spec = timelineSpec({
    endS,
    timeline: input.timeline,
    faultRows: layoutFaultRows(input.timeline, pxPerSecond, PLOT_WIDTH_PX),
    lanes,
    marks,
    points: sample.points,
    buckets: throughputBuckets(input.pairs),
  });
  return {
    html: html`<section class="panel" id="timeline">
  <h2>Timeline</h2>
  <p class="note">One time axis, seconds since the history began. From the top: every fault, labelled where it took effect
  (instant faults are thin bars); per node the faults that hit it, the partitions it led (from its leader changes) and its
  broker events; the anomalies where they happened (a lost write at its ack); latency per completed client op (log scale,
  anomalies' ops ringed in red); completed ops per second. Shaded bands are fault intervals, dashed lines instant faults.
  Hover for details; click an anomaly marker to open it.</p>
  ${input.events === undefined || input.events.length === 0 ? html`<p class="note">No broker events for this run (no node logs), so the node lanes show faults only.</p>` : null}
  ${lanes.eventsLeftOut > 0 ? html`<p class="note">${formatNumber(lanes.eventsLeftOut)} broker events after the first ${formatNumber(MAX_LANE_EVENTS)} are not drawn (all are in events.jsonl).</p>` : null}
  ${anomalyCount > marks.length ? html`<p class="note">${formatNumber(anomalyCount - marks.length)} anomalies are not marked (at most ${formatNumber(MAX_ANOMALY_MARKS)} markers, or no op in the history).</p>` : null}
  ${sample.sampled ? samplingNote(sample.total, sample.points.length, sample.slowestOkKept) : null}
  ${unfinishedNote(unfinished)}
  <div class="chart timeline" id="${TIMELINE_ID}" data-measure-labels="true"></div>
</section>`,
    charts: [{ elementId: TIMELINE_ID, spec, renderer: 'hybrid' }],
  };
}
