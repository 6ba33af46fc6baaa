// The self-contained HTML report of a faultline run: verdict, checkers, charts, counterexamples and anomalies in one
// offline file (Vega bundles and all data inlined).

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderAnomalies } from './anomalies.ts';
import { renderCharts } from './charts-section.ts';
import { orderedCheckers } from './checker-order.ts';
import { renderCounterexamples } from './counterexample.ts';
import { html, type SafeHtml } from './html.ts';
import { buildNemesisTimeline } from './nemesis-timeline.ts';
import { indexHistory } from './op-table.ts';
import { renderPage } from './page.ts';
import { historyEnd, pairOps } from '../../core/history/pairing.ts';
import { isClientProcess } from '../../core/history/op.ts';
import type { ReportInput } from './report-input.ts';
import { renderCheckerTable, renderHeader, renderNodeLogs, renderSpecSection, type HistorySummary } from './summary.ts';

export type { ReportInput } from './report-input.ts';

/** Links to the sections this page has, in page order. */
function tableOfContents(sections: Array<[anchor: string, label: string, present: boolean]>): SafeHtml {
  return html`<nav class="toc">${sections.filter(([, , present]) => present).map(([anchor, label]) => html`<a href="#${anchor}">${label}</a>`)}</nav>`;
}

/** The whole report as one HTML document. */
export function renderReport(input: ReportInput): string {
  const pairs = pairOps(input.ops, { lenient: true });
  const timeline = buildNemesisTimeline(input.ops, pairs);
  const end = historyEnd(input.ops);
  const clientPairs = pairs.filter((p) => isClientProcess(p.process));
  const summary: HistorySummary = {
    ok: clientPairs.filter((p) => p.type === 'ok').length,
    fail: clientPairs.filter((p) => p.type === 'fail').length,
    info: clientPairs.filter((p) => p.type === 'info').length,
    faultIntervals: timeline.intervals.length,
    faultInstants: timeline.instants.length,
    historyEnd: end,
  };
  const checkers = orderedCheckers(input.results);
  const history = indexHistory(input.ops, pairs);
  const charts = renderCharts({ pairs, timeline, historyEnd: end, checkers, history, ...(input.events ? { events: input.events } : {}) });
  const counterexamples = renderCounterexamples(checkers);
  const nodeLogs = renderNodeLogs(input.nodeLogs);
  const toc = tableOfContents([
    ['checkers', 'Checkers', true],
    ['timeline', 'Timeline', true],
    ['counterexamples', 'Counterexample', counterexamples !== null],
    ['anomalies', 'Anomalies', true],
    ['logs', 'Node logs', nodeLogs !== null],
    ['spec', 'Spec', true],
  ]);
  const body = html`<main>
${renderHeader(input, summary)}
${toc}
${renderCheckerTable(checkers)}
${charts.html}
${counterexamples}
${renderAnomalies(checkers, history, input.events ?? [])}
${nodeLogs}
${renderSpecSection(input.spec)}
</main>`;
  return renderPage({ title: `${input.title} — faultline report`, body, charts: charts.charts });
}

/** Renders the report and writes it to `path`, creating the folder if needed. */
export async function writeReport(path: string, input: ReportInput): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderReport(input), 'utf8');
}
