// The sections of the suite index below the matrix: every run with its findings and reports, the baseline entries
// (matched, expired, unused), and the changes since the previous run of the suite.
import type { BaselineUse, CellRecord, Finding, SuiteRecord, TestRecord } from '../../core/suite-record.ts';
import { formatDuration } from '../html/format.ts';
import { html, type SafeHtml } from '../html/html.ts';
import type { SuiteDiff, TestClass } from './input.ts';
import { storeLink } from './shell.ts';
import { STATUS_LABEL } from './status.ts';

const reportHref = (dir: string): string => `${storeLink(dir)}/report.html`;

export const seedText = (cell: CellRecord): string => (cell.seed !== undefined ? `seed ${cell.seed}` : `run ${cell.slot + 1}`);

/** "3 lost" with how the baseline judged it. */
function findingText(finding: Finding, baseline: BaselineUse | undefined): SafeHtml {
  const what = `${finding.class === 'unknown' ? 'unknown verdict' : `${finding.count} ${finding.class}`} (${finding.checker})`;
  if (finding.acceptedBy !== undefined) {
    const entry = baseline?.entries[finding.acceptedBy];
    return html`<li class="accepted">${what}: accepted by the baseline — ${entry?.reason ?? ''}${entry?.expires ? ` (until ${entry.expires})` : ''}</li>`;
  }
  if (finding.expiredEntry !== undefined) {
    const entry = baseline?.entries[finding.expiredEntry];
    return html`<li class="expired">${what}: NOT accepted — the baseline entry expired on ${entry?.expires ?? '?'} (${entry?.reason ?? ''})</li>`;
  }
  return html`<li class="open">${what}: not accepted</li>`;
}

function allowedText(cell: CellRecord): string {
  const parts = Object.values(cell.checkers).flatMap((c) => Object.entries(c.allowed).map(([cls, n]) => `${n} ${cls}`));
  return parts.length > 0 ? `allowed by Kafka's model: ${parts.join(', ')}` : '';
}

function runRow(test: TestRecord, cell: CellRecord, baseline: BaselineUse | undefined): SafeHtml {
  const attempts = cell.attempts.map((a, i) =>
    a.dir
      ? html`<a href="${reportHref(a.dir)}">attempt ${i + 1}: ${String(a.verdict)}</a> `
      : html`<span>attempt ${i + 1}: ${String(a.verdict)}${a.harnessError ? ` (${a.harnessError})` : ''}</span> `,
  );
  return html`<tr id="${`run-${test.name}-${cell.slot}`}">
<td>${test.name}</td><td>${seedText(cell)}</td>
<td><span class="${`status st-${cell.status}`}">${STATUS_LABEL[cell.status]}</span></td>
<td>${cell.findings.length > 0 ? html`<ul class="plain">${cell.findings.map((f) => findingText(f, baseline))}</ul>` : cell.attempts.length > 0 && cell.status !== 'error' ? 'no anomalies' : ''}<div class="note">${allowedText(cell)}</div></td>
<td class="num">${cell.attempts.length > 0 ? formatDuration(cell.durationMs) : ''}</td>
<td>${cell.dir ? html`<a href="${reportHref(cell.dir)}">report</a>` : ''}${cell.attempts.length > 1 ? html`<div class="note">${attempts}</div>` : ''}</td>
</tr>`;
}

export function renderRuns(record: SuiteRecord): SafeHtml {
  return html`<section class="panel" id="runs"><h2>Runs</h2>
<table><thead><tr><th>test</th><th>seed</th><th>status</th><th>findings</th><th>duration</th><th>report</th></tr></thead>
<tbody>${record.tests.flatMap((t) => t.cells.map((c) => runRow(t, c, record.baseline)))}</tbody></table></section>`;
}

export function renderBaseline(baseline: BaselineUse | undefined): SafeHtml | null {
  if (!baseline) return null;
  const rows = baseline.entries.map(
    (
      e,
    ) => html`<tr><td>${e.test}</td><td>${e.checker}</td><td>${e.class}</td><td class="${e.status === 'expired' ? 'expired' : e.status === 'matched' ? 'accepted' : ''}">${e.status}</td>
<td>${e.reason}${e.link ? html`<div class="note">tracking: <code>${e.link}</code></div>` : ''}</td><td>${e.expires ?? 'never'}</td>
<td>${e.matches.map((m) => `${m.test} ${m.seed !== undefined ? `seed ${m.seed}` : `run ${m.slot + 1}`}`).join(', ')}</td></tr>`,
  );
  return html`<section class="panel" id="baseline"><h2>Baseline</h2>
<p class="note">${baseline.file}, judged on ${baseline.judgedOn} (an entry accepts through its expiry day, UTC).</p>
<table><thead><tr><th>test</th><th>checker</th><th>class</th><th>status</th><th>reason</th><th>expires</th><th>matched runs</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

const classList = (items: TestClass[], none: string): SafeHtml =>
  items.length === 0
    ? html`<p class="note">${none}</p>`
    : html`<ul class="plain">${items.map((c) => html`<li>${c.test}: ${c.class} (${c.checker})</li>`)}</ul>`;

function change(nowMs: number, beforeMs: number): string {
  const delta = nowMs - beforeMs;
  const pct = beforeMs > 0 ? ` (${delta >= 0 ? '+' : ''}${((100 * delta) / beforeMs).toFixed(0)} %)` : '';
  return `${formatDuration(nowMs)} vs ${formatDuration(beforeMs)}: ${delta >= 0 ? '+' : '−'}${formatDuration(Math.abs(delta))}${pct}`;
}

export function renderDiff(diff: SuiteDiff | undefined): SafeHtml {
  if (!diff)
    return html`<section class="panel" id="changes"><h2>Changes since the previous run</h2><p class="note">No earlier complete run of this suite in this store.</p></section>`;
  return html`<section class="panel" id="changes"><h2>Changes since the previous run</h2>
<p class="note">Compared with <a href="${`${storeLink(diff.previous.dir)}/index.html`}">the run of ${diff.previous.startedAt}</a> (exit ${diff.previous.exitCode}).</p>
<h3>New anomaly classes</h3>${classList(diff.newClasses, 'none')}
<h3>Fixed (found before, not now)</h3>${classList(diff.fixedClasses, 'none')}
${diff.testsAdded.length > 0 ? html`<h3>Tests added</h3><p>${diff.testsAdded.join(', ')}</p>` : ''}
${diff.testsRemoved.length > 0 ? html`<h3>Tests removed</h3><p>${diff.testsRemoved.join(', ')}</p>` : ''}
<h3>Duration</h3><p>Run time of all runs: ${change(diff.runTimeMs.now, diff.runTimeMs.before)}</p>
<table><thead><tr><th>test</th><th>mean run duration, now vs before</th></tr></thead><tbody>${diff.testDurations.map((d) => html`<tr><td>${d.test}</td><td>${change(d.nowMs, d.beforeMs)}</td></tr>`)}</tbody></table>
</section>`;
}
