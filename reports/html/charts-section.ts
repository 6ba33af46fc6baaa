// The latency and throughput panels: their notes in HTML, their Vega-Lite specs for the page to embed.

import { latencyChartSpec, throughputChartSpec } from './chart-specs.ts';
import { formatNumber } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { downsampleLatency, latencyPoints } from './latency.ts';
import type { NemesisTimeline } from './nemesis-timeline.ts';
import type { EmbeddedChart } from './page.ts';
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
  /** ns of the last op: the charts' shared time axis ends there. */
  historyEnd: number;
  pointLimit?: number;
}

function samplingNote(total: number, shown: number, slowestOkKept: number): SafeHtml {
  return html`<p class="note"><b>Downsampled:</b> showing ${formatNumber(shown)} of ${formatNumber(total)} completed client ops.
  Every fail and info op and the ${formatNumber(slowestOkKept)} slowest ok ops are drawn; the other ok ops are sampled evenly over time.</p>`;
}

export function renderCharts(input: ChartsInput): ChartsSection {
  const endS = input.historyEnd / 1e9;
  const unfinished = input.pairs.filter((p) => !p.completion && isClientProcess(p.process)).length;
  const sample = downsampleLatency(latencyPoints(input.pairs), input.pointLimit);
  const unfinishedNote =
    unfinished > 0
      ? html`<p class="note">${
          unfinished === 1
            ? '1 client invocation never completed: it counts as info at the end of the history and is not drawn.'
            : `${formatNumber(unfinished)} client invocations never completed: they count as info at the end of the history and are not drawn.`
        }</p>`
      : null;
  const faultNote = html`<p class="note">Shaded bands are fault intervals (coloured by fault family); dashed lines are instant faults. Hover for details.</p>`;

  if (sample.total === 0) {
    return {
      html: html`<section class="panel" id="latency"><h2>Latency and throughput</h2><p class="note">No client op completed, so there is nothing to chart.</p>${unfinishedNote}</section>`,
      charts: [],
    };
  }
  return {
    html: html`<section class="panel" id="latency">
  <h2>Latency</h2>
  <p class="note">One point per completed client op: when it was invoked, and how long it took (log scale).</p>
  ${sample.sampled ? samplingNote(sample.total, sample.points.length, sample.slowestOkKept) : null}
  ${unfinishedNote}${faultNote}
  <div class="chart" id="chart-latency"></div>
</section>
<section class="panel" id="throughput">
  <h2>Throughput</h2>
  <p class="note">Client ops completed per second, by completion type.</p>
  <div class="chart" id="chart-throughput"></div>
</section>`,
    charts: [
      { elementId: 'chart-latency', spec: latencyChartSpec(sample.points, input.timeline, endS) },
      { elementId: 'chart-throughput', spec: throughputChartSpec(throughputBuckets(input.pairs), input.timeline, endS) },
    ],
  };
}
