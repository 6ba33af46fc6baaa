// The anomalies section: grouped by checker, then by type; each anomaly with its explanation, its cause (faults with
// their roles), its partition's leader/ISR history around it, its dependency cycle drawn as a graph, and its ops.

import type { BrokerEvent } from '../../core/events.ts';
import type { Anomaly } from '../../core/result.ts';
import { countAnomaliesByType } from './anomaly-counts.ts';
import { MAX_ANOMALIES_PER_TYPE } from './anomaly-marks.ts';
import { renderAttribution } from './attribution.ts';
import { anomalyGroupId, anomalyId, type NamedChecker } from './checker-order.ts';
import { cycleOf, renderCycleGraph } from './cycle-graph.ts';
import { toJsonText } from './escape.ts';
import { formatNumber, verdictClass, verdictLabel } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { renderOpTable, type HistoryIndex } from './op-table.ts';
import { indexPartitionEvents, renderPartitionAround, type PartitionEvents } from './partition-around.ts';

/** What every anomaly's entry draws on. */
interface Context {
  history: HistoryIndex;
  events: PartitionEvents;
}

/** Details shorter than this are shown open. */
const SHORT_DETAILS_CHARS = 400;

function renderDetails(details: Record<string, unknown> | undefined): SafeHtml | null {
  if (details === undefined || Object.keys(details).length === 0) return null;
  const json = toJsonText(details, 2);
  return html`<details${json.length < SHORT_DETAILS_CHARS ? html` open` : null}><summary>details</summary><pre>${json}</pre></details>`;
}

function renderAnomaly(anomaly: Anomaly, id: string, context: Context): SafeHtml {
  const cycle = cycleOf(anomaly.details);
  const attribution = anomaly.attribution;
  return html`<div class="anomaly" id="${id}">
  <p>${anomaly.allowed ? html`<span class="tag allowed">allowed by the model</span>` : html`<span class="tag not-allowed">not allowed</span>`}${anomaly.explanation}</p>
  ${renderAttribution(attribution, anomaly.explanation)}
  ${attribution ? renderPartitionAround(attribution.partition, attribution.from, attribution.to, context.events) : null}
  ${cycle ? html`<div class="cycle">${renderCycleGraph(cycle, `${id}-cycle`)}</div>` : null}
  ${renderDetails(anomaly.details)}
  ${renderOpTable(anomaly.ops, context.history)}
</div>`;
}

/** Every anomaly class the checker looked for, with its count: a zero says it was checked and none was found. */
function renderChecked(checked: Record<string, number> | undefined): SafeHtml | null {
  if (checked === undefined || Object.keys(checked).length === 0) return null;
  return html`<p class="note checked">Checked for: ${Object.entries(checked).map(([type, n], i) => html`${i > 0 ? ', ' : ''}${type} ${formatNumber(n)}`)}</p>`;
}

function renderChecker(checker: NamedChecker, context: Context): SafeHtml {
  const { anomalies } = checker.result;
  const groups = countAnomaliesByType(anomalies).map((count, typePosition) => {
    const ofType = anomalies.filter((a) => a.type === count.type);
    const hidden = ofType.length - MAX_ANOMALIES_PER_TYPE;
    return html`<details class="group" open id="${anomalyGroupId(checker.position, typePosition)}">
  <summary>${count.type} — ${formatNumber(count.count)}${count.allowed > 0 ? ` (${formatNumber(count.allowed)} allowed)` : ''}</summary>
  ${ofType.slice(0, MAX_ANOMALIES_PER_TYPE).map((a, i) => renderAnomaly(a, anomalyId(checker.position, typePosition, i), context))}
  ${hidden > 0 ? html`<p class="note" style="padding: 0 14px">… and ${formatNumber(hidden)} more ${count.type} anomalies, not shown.</p>` : null}
</details>`;
  });
  return html`<h3>${checker.name} <span class="verdict ${verdictClass(checker.result.valid)}">${verdictLabel(checker.result.valid)}</span></h3>
${renderChecked(checker.result.checked)}
${groups}`;
}

export function renderAnomalies(checkers: readonly NamedChecker[], history: HistoryIndex, events: readonly BrokerEvent[]): SafeHtml {
  const context: Context = { history, events: indexPartitionEvents(events) };
  const withAnomalies = checkers.filter((c) => c.result.anomalies.length > 0);
  return html`<section class="panel" id="anomalies">
  <h2>Anomalies</h2>
  ${withAnomalies.length > 0 ? html`<p class="note">Each anomaly lists the ops it names in black; the other half of each op's invocation/completion pair is shown in grey.</p>` : null}
  ${
    withAnomalies.length === 0
      ? html`<p class="note">No checker reported an anomaly.</p>${checkers.map((c) => (c.result.checked ? html`<h3>${c.name}</h3>${renderChecked(c.result.checked)}` : null))}`
      : withAnomalies.map((c) => renderChecker(c, context))
  }
</section>`;
}
