// The page header (verdict, identity, key spec fields), the per-checker table and the full-spec section.

import { countAnomaliesByType } from './anomaly-counts.ts';
import { anomalyGroupId, counterexampleId, type NamedChecker } from './checker-order.ts';
import { toJsonText } from './escape.ts';
import { displayValue, formatDuration, plainValue, formatNumber, formatOpTime, isScalar, verdictClass, verdictLabel } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import type { ReportInput } from './report-input.ts';
import type { ClientSummary } from '../../core/result.ts';

export interface HistorySummary {
  ok: number;
  fail: number;
  info: number;
  faultIntervals: number;
  faultInstants: number;
  /** ns of the last op. */
  historyEnd: number;
}

const MAX_KEY_SPEC_FIELDS = 12;
const MAX_KEY_STATS = 6;

const fact = (label: string, value: string): SafeHtml => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;

/** Top-level spec fields worth a glance: scalars and short lists, in the spec's own order (seed is shown apart). */
function keySpecFacts(spec: Record<string, unknown>): SafeHtml[] {
  return Object.entries(spec)
    .filter(([key, value]) => key !== 'seed' && value !== undefined && value !== null)
    .slice(0, MAX_KEY_SPEC_FIELDS)
    .map(([key, value]) => {
      const shown = Array.isArray(value) && value.every(isScalar) ? value.join(', ') : plainValue(value, 80);
      return fact(key, shown);
    });
}

/** e.g. "java (org.apache.kafka:kafka-clients 4.4.0; driver start-up 480 ms, peak RSS 140 MiB)". */
function clientLine(client: ClientSummary): string {
  const p = client.process;
  const facts = p ? `; driver start-up ${p.startupMs} ms${p.peakRssBytes ? `, peak RSS ${Math.round(p.peakRssBytes / 2 ** 20)} MiB` : ''}` : '';
  return `${client.name} (${client.library} ${client.version ?? 'version unknown'}${facts})`;
}

export function renderHeader(input: ReportInput, summary: HistorySummary): SafeHtml {
  const verdict = input.results.valid;
  const checkers = Object.values(input.results.checkers);
  const invalid = checkers.filter((c) => c.valid === false).length;
  const clientOps = summary.ok + summary.fail + summary.info;
  const duration = input.durationMs !== undefined ? formatDuration(input.durationMs) : `${formatOpTime(summary.historyEnd)} of history`;
  const seed = plainValue(input.spec.seed) || '—';
  const specFacts = keySpecFacts(input.spec);
  return html`<header class="run-header ${verdictClass(verdict)}">
  <span class="verdict big ${verdictClass(verdict)}">${verdictLabel(verdict)}</span>
  <div class="run-identity">
    <h1>${input.title}</h1>
    <dl class="facts">
      ${fact('Started', input.startedAt ?? '—')}
      ${fact('Duration', duration)}
      ${fact('Seed', seed)}
      ${input.results.client ? fact('Client', clientLine(input.results.client)) : null}
      ${fact('Client ops', `${formatNumber(clientOps)} (${formatNumber(summary.ok)} ok · ${formatNumber(summary.fail)} fail · ${formatNumber(summary.info)} info)`)}
      ${fact('Faults', `${summary.faultIntervals} intervals · ${summary.faultInstants} instant`)}
      ${fact('Checkers', `${checkers.length} (${invalid} invalid)`)}
      ${input.results.harnessError ? fact('Harness error', input.results.harnessError) : null}
      ${input.results.clientLibraryErrors ? fact('Client library errors', `${input.results.clientLibraryErrors.count} (${input.results.clientLibraryErrors.messages[0] ?? ''})`) : null}
    </dl>
    ${specFacts.length > 0 ? html`<dl class="facts spec">${specFacts}</dl>` : null}
  </div>
</header>`;
}

function anomalyChips(checker: NamedChecker): SafeHtml {
  const counts = countAnomaliesByType(checker.result.anomalies);
  if (counts.length === 0) return html`<span class="note">none</span>`;
  return html`<div class="chips">${counts.map(
    (c, typePosition) =>
      html`<a class="chip ${c.allowed < c.count ? 'bad' : ''}" href="#${anomalyGroupId(checker.position, typePosition)}">${c.type} × ${formatNumber(c.count)}${
        c.allowed > 0 ? ` (${c.allowed} allowed)` : ''
      }</a>`,
  )}</div>`;
}

function keyStats(stats: Record<string, unknown>): SafeHtml {
  const scalars = Object.entries(stats).filter(([, v]) => isScalar(v));
  const shown = scalars.slice(0, MAX_KEY_STATS);
  const hidden = Object.keys(stats).length - shown.length;
  return html`<div class="stats">${shown.map(([k, v]) => html`<div>${k}: <b>${displayValue(v, 60)}</b></div>`)}${
    hidden > 0 ? html`<details><summary>all stats</summary><pre>${toJsonText(stats, 2)}</pre></details>` : null
  }</div>`;
}

export function renderCheckerTable(checkers: readonly NamedChecker[]): SafeHtml {
  const rows = checkers.map(
    (c) => html`<tr>
  <td><b>${c.name}</b>${c.result.counterexample ? html`<div><a href="#${counterexampleId(c.position)}">counterexample</a></div>` : null}</td>
  <td><span class="verdict ${verdictClass(c.result.valid)}">${verdictLabel(c.result.valid)}</span></td>
  <td>${anomalyChips(c)}</td>
  <td>${keyStats(c.result.stats)}</td>
</tr>`,
  );
  return html`<section class="panel" id="checkers">
  <h2>Checkers</h2>
  ${
    checkers.length === 0
      ? html`<p class="note">No checker ran.</p>`
      : html`<table>
    <thead><tr><th style="width: 22%">Checker</th><th style="width: 10%">Verdict</th><th>Anomalies by type</th><th style="width: 30%">Key stats</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>`
  }
</section>`;
}

export function renderSpecSection(spec: Record<string, unknown>): SafeHtml {
  return html`<section class="panel" id="spec">
  <h2>Run specification</h2>
  <details><summary>Full spec (${Object.keys(spec).length} top-level fields)</summary><pre>${toJsonText(spec, 2)}</pre></details>
</section>`;
}

/** Log files as links when they are plain relative paths (they sit next to report.html), otherwise as text. */
export function renderNodeLogs(nodeLogs: readonly string[] | undefined): SafeHtml | null {
  if (!nodeLogs || nodeLogs.length === 0) return null;
  const isRelativePath = (p: string) => /^[\w.-]+(\/[\w.-]+)*$/.test(p) && !p.split('/').includes('..');
  return html`<section class="panel" id="logs">
  <h2>Node logs</h2>
  <ul class="logs">${nodeLogs.map((p) => html`<li class="mono">${isRelativePath(p) ? html`<a href="${p}">${p}</a>` : p}</li>`)}</ul>
</section>`;
}
