// The suite index (index.html of a suite run): one offline page with the verdict, the matrix of tests × seeds
// coloured by status with the anomaly classes and a link to each run's report, every run's findings as the baseline
// judged them, the baseline's entries, and the changes since the previous run of the same suite.
import { cellsOf, CELL_STATUSES, type CellRecord, type SuiteRecord, type TestRecord } from '../../core/suite-record.ts';
import { formatDuration } from '../html/format.ts';
import { html, type SafeHtml } from '../html/html.ts';
import type { SuiteIndexInput } from './input.ts';
import { renderBaseline, renderDiff, renderRuns, seedText } from './sections.ts';
import { renderStaticPage, storeLink } from './shell.ts';
import { STATUS_LABEL, suiteVerdict } from './status.ts';
import { SUITE_INDEX_CSS } from './styles.ts';

export type { SuiteIndexInput, SuiteDiff, TestClass } from './input.ts';

const fact = (label: string, value: string | SafeHtml): SafeHtml => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;

function header(record: SuiteRecord): SafeHtml {
  const verdict = suiteVerdict(record.exitCode);
  const counts = CELL_STATUSES.map((s) => [s, cellsOf(record).filter(({ cell }) => cell.status === s).length] as const).filter(([, n]) => n > 0);
  const shard = record.shard
    ? `shard ${record.shard.index} of ${record.shard.count}`
    : record.mergedFrom
      ? `merged from ${record.mergedFrom.length} shards`
      : 'whole suite';
  return html`<h1>Suite ${record.suite}</h1>
${record.description ? html`<p class="note">${record.description}</p>` : ''}
<div class="${`banner st-${verdict.status}`}" id="verdict">${verdict.label} — exit ${record.exitCode}</div>
${record.stopped ? html`<p class="open">The suite stopped early: ${record.stopped.message}</p>` : ''}
<dl class="facts">
${fact('build', record.build.label)}${fact('started', record.startedAt)}${fact('wall time', formatDuration(record.durationMs))}
${fact('runs', counts.map(([s, n]) => `${n} ${STATUS_LABEL[s]}`).join(', ') || 'none')}${fact('scope', shard)}${fact('suite file', record.source)}
${fact('retries of unknown', String(record.retryUnknown))}${fact('estimated', formatDuration(record.plan.estimatedS * 1000))}
</dl>`;
}

/** "3 lost, 1 duplicate" over the failing classes of a run, "no anomalies", or why there is no verdict. */
function cellSummary(cell: CellRecord): string {
  if (cell.attempts.length === 0) return '';
  if (cell.status === 'error') return cell.attempts.at(-1)?.harnessError ?? 'the harness failed';
  const parts = cell.findings.map((f) => `${f.class === 'unknown' ? 'unknown' : `${f.count} ${f.class}`}${f.acceptedBy !== undefined ? ' (accepted)' : ''}`);
  return parts.length > 0 ? parts.join(', ') : 'no anomalies';
}

function matrixCell(test: TestRecord, cell: CellRecord | undefined): SafeHtml {
  if (!cell) return html`<td class="cell empty"></td>`;
  const inner = html`<b>${STATUS_LABEL[cell.status]}</b> ${seedText(cell)}<small>${cellSummary(cell)}</small>`;
  const title = `${test.name}, ${seedText(cell)}: ${STATUS_LABEL[cell.status]}`;
  return html`<td class="${`cell st-${cell.status}`}" data-test="${test.name}" data-slot="${cell.slot}" data-status="${cell.status}" title="${title}">${cell.dir ? html`<a href="${`${storeLink(cell.dir)}/report.html`}">${inner}</a>` : html`<span class="box">${inner}</span>`}</td>`;
}

function testClasses(test: TestRecord): string {
  const classes = new Set(test.cells.flatMap((c) => c.findings.map((f) => `${f.class} (${f.checker})`)));
  return classes.size > 0 ? [...classes].join(', ') : '—';
}

function matrix(record: SuiteRecord): SafeHtml {
  const width = Math.max(1, ...record.tests.map((t) => t.cells.length));
  const spec = (t: TestRecord, key: string): string => {
    const v = t.spec[key];
    return Array.isArray(v) ? v.join('+') || 'none' : String(v ?? '');
  };
  return html`<section class="panel" id="matrix"><h2>Tests × seeds</h2>
<table class="matrix"><thead><tr><th>test</th><th>workload</th><th>nemesis</th><th>anomaly classes</th>${Array.from({ length: width }, (_, i) => html`<th>run ${i + 1}</th>`)}</tr></thead>
<tbody>${record.tests.map(
    (t) =>
      html`<tr data-test="${t.name}"><td><b>${t.name}</b></td><td>${spec(t, 'workload')}</td><td>${spec(t, 'nemesis')}</td><td>${testClasses(t)}</td>${Array.from({ length: width }, (_, i) => matrixCell(t, t.cells[i]))}</tr>`,
  )}</tbody></table></section>`;
}

export function renderSuiteIndex(input: SuiteIndexInput): string {
  const { record } = input;
  const body = html`<main>
${header(record)}
${matrix(record)}
${renderRuns(record)}
${renderBaseline(record.baseline)}
${renderDiff(input.diff)}
</main>`;
  return renderStaticPage({ title: `${record.suite} — faultline suite`, body, css: SUITE_INDEX_CSS });
}
