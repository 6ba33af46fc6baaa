// An anomaly's causal attribution in the report (checkers/causality): the cause in one paragraph, every fault that
// overlapped the anomaly's window with its role, and the broker facts (from node logs or monitor rounds) it rests on.

import type { Attribution } from '../../core/result.ts';
import { formatOpTime } from './format.ts';
import { html, type SafeHtml } from './html.ts';

/** Facts beyond this many are counted, not drawn (they stay in results.json). */
const MAX_FACTS = 12;

function renderFacts(attribution: Attribution): SafeHtml | null {
  const { facts } = attribution;
  if (facts.length === 0) return null;
  const shown = facts.slice(0, MAX_FACTS);
  return html`<table class="broker-facts"><thead><tr><th class="t">time</th><th class="n">node</th><th>fact</th><th class="src">source</th></tr></thead><tbody>
${shown.map(
  (f) =>
    html`<tr><td>${formatOpTime(f.time)}</td><td>${f.node ?? ''}</td><td><span class="tag">${f.kind}</span> ${f.text}</td><td>${f.file ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : f.opIndex !== undefined ? `op ${f.opIndex}` : ''}</td></tr>`,
)}
</tbody></table>${facts.length > shown.length ? html`<p class="note">… and ${facts.length - shown.length} more facts in results.json.</p>` : null}`;
}

/** `explanation`: the anomaly's own text; the cause paragraph is not repeated when it already says it. */
export function renderAttribution(attribution: Attribution | undefined, explanation: string): SafeHtml | null {
  if (attribution === undefined) return null;
  const window = `${formatOpTime(attribution.from)} – ${formatOpTime(attribution.to)}`;
  return html`<div class="attribution">
  ${explanation.includes(attribution.summary) ? null : html`<p><strong>Why:</strong> ${attribution.summary}</p>`}
  ${
    attribution.faults.length > 0
      ? html`<ul class="fault-roles">${attribution.faults.map((f) => html`<li><span class="tag role-${f.role}">${f.role}</span> ${f.text}</li>`)}</ul>`
      : null
  }
  ${renderFacts(attribution)}
  <p class="note">Window examined: ${window}${attribution.partition ? `, partition ${attribution.partition.topic}/${attribution.partition.partition}` : ''}; based on ${attribution.basis.join(', ') || 'the history'}.</p>
</div>`;
}
