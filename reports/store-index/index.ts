// The store index `faultline serve` answers with: suites and runs of the store, filtered by verdict, workload,
// nemesis, build and date through a plain GET form (no script), each row one click from its index or report.
import { html, type SafeHtml } from '../html/html.ts';
import { renderStaticPage } from '../suite-index/shell.ts';

export const STORE_VERDICTS = ['valid', 'invalid', 'unknown', 'incomplete'] as const;
export type StoreVerdict = (typeof STORE_VERDICTS)[number];

export interface StoreFilters {
  verdict?: string;
  workload?: string;
  nemesis?: string;
  build?: string;
  /** YYYY-MM-DD, inclusive, UTC. */
  from?: string;
  to?: string;
}

export interface SuiteRow {
  suite: string;
  startedAt: string;
  verdict: StoreVerdict;
  exitCode: number;
  build: string;
  scope: string;
  runs: number;
  /** Runs per status, e.g. "3 pass, 1 FAIL". */
  summary: string;
  href: string;
}

export interface RunRow {
  name: string;
  startedAt: string;
  verdict: StoreVerdict;
  workload: string;
  nemesis: string;
  build: string;
  anomalies: string;
  href: string;
}

export interface StoreIndexInput {
  store: string;
  filters: StoreFilters;
  choices: { workloads: string[]; nemeses: string[]; builds: string[] };
  suites: SuiteRow[];
  runs: RunRow[];
  totals: { suites: number; runs: number };
}

const CSS = `
form.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.v-valid { color: var(--valid); font-weight: 600; } .v-invalid { color: var(--invalid); font-weight: 600; }
.v-unknown { color: var(--unknown); font-weight: 600; } .v-incomplete { color: var(--muted); font-weight: 600; }
`;

function select(name: keyof StoreFilters, label: string, values: readonly string[], chosen: string | undefined): SafeHtml {
  return html`<label>${label}<select name="${name}"><option value="">any</option>${values.map((v) => html`<option value="${v}"${v === chosen ? html` selected` : ''}>${v}</option>`)}</select></label>`;
}

export function renderStoreIndex(input: StoreIndexInput): string {
  const f = input.filters;
  const body = html`<main>
<h1>faultline store</h1>
<p class="note">${input.store} — read-only. Showing ${input.suites.length} of ${input.totals.suites} suite runs and ${input.runs.length} of ${input.totals.runs} runs.</p>
<section class="panel"><form class="filters" method="get" action="/">
${select('verdict', 'verdict', STORE_VERDICTS, f.verdict)}${select('workload', 'workload', input.choices.workloads, f.workload)}${select('nemesis', 'nemesis', input.choices.nemeses, f.nemesis)}${select('build', 'build', input.choices.builds, f.build)}
<label>from<input type="date" name="from" value="${f.from ?? ''}"></label><label>to<input type="date" name="to" value="${f.to ?? ''}"></label>
<button type="submit">filter</button> <a href="/">clear</a></form></section>
<section class="panel" id="suites"><h2>Suites</h2>
<table><thead><tr><th>suite</th><th>started</th><th>verdict</th><th>build</th><th>scope</th><th>runs</th></tr></thead>
<tbody>${input.suites.map((s) => html`<tr><td><a href="${s.href}">${s.suite}</a></td><td>${s.startedAt}</td><td class="${`v-${s.verdict}`}">${s.verdict} (exit ${s.exitCode})</td><td>${s.build}</td><td>${s.scope}</td><td>${s.summary}</td></tr>`)}</tbody></table></section>
<section class="panel" id="runs"><h2>Runs</h2>
<table><thead><tr><th>run</th><th>started</th><th>verdict</th><th>workload</th><th>nemesis</th><th>build</th><th>anomalies</th></tr></thead>
<tbody>${input.runs.map((r) => html`<tr><td><a href="${r.href}">${r.name}</a></td><td>${r.startedAt}</td><td class="${`v-${r.verdict}`}">${r.verdict}</td><td>${r.workload}</td><td>${r.nemesis}</td><td>${r.build}</td><td>${r.anomalies}</td></tr>`)}</tbody></table></section>
</main>`;
  return renderStaticPage({ title: 'faultline store', body, css: CSS, formAction: "'self'" });
}
