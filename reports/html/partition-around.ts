// An anomaly's partition around the anomaly, from the brokers' events: each leader change, ISR or ELR change,
// election, truncation and log recovery of that partition near the anomaly's window, with the leader, epoch and ISR
// that held after it. The state before the window is given by the last change before it.

import { brokerNames, isPartitionEvent, type BrokerEvent, type PartitionRef } from '../../core/events.ts';
import { formatOpTime } from './format.ts';
import { html, type SafeHtml } from './html.ts';

/** Events this far around the window are shown too (a truncation on rejoin comes well after the loss). */
const MARGIN_NS = 15e9;
const MAX_ROWS = 16;

type PartitionEvent = BrokerEvent & PartitionRef;

export interface PartitionEvents {
  of(ref: PartitionRef): readonly PartitionEvent[];
  name(broker: number): string;
}

/** The events grouped by partition, once per report. */
export function indexPartitionEvents(events: readonly BrokerEvent[]): PartitionEvents {
  const byPartition = new Map<string, PartitionEvent[]>();
  for (const e of events) {
    if (!isPartitionEvent(e)) continue;
    const key = `${e.topic}/${e.partition}`;
    byPartition.set(key, [...(byPartition.get(key) ?? []), e]);
  }
  return { of: (ref) => byPartition.get(`${ref.topic}/${ref.partition}`) ?? [], name: brokerNames(events) };
}

interface State {
  leader: string;
  epoch: string;
  isr: string;
}

function what(e: PartitionEvent, name: (b: number) => string): string {
  switch (e.kind) {
    case 'truncation':
      return `truncated to offset ${e.toOffset}${e.fromEndOffset !== undefined ? ` (log ended at ${e.fromEndOffset})` : ''}${e.belowHighWatermark !== undefined ? `, below its high watermark ${e.belowHighWatermark}` : ''}`;
    case 'leader-change':
      return `${e.leader === null ? 'no leader' : `${name(e.leader)} leads`}${e.startOffset !== undefined ? ` from offset ${e.startOffset}` : ''}`;
    case 'isr-shrink':
    case 'isr-expand':
    case 'elr-change':
      return `${e.from.map(name).join(',') || '∅'} → ${e.to.map(name).join(',') || '∅'}`;
    case 'log-recovery':
      return `recovered segment ${e.segment}${e.logEndOffset !== undefined ? `, log end ${e.logEndOffset}` : ''}${e.uncleanShutdown ? ' after an unclean shutdown' : ''}`;
    default:
      return e.text;
  }
}

/** The rows: the state after each event, for the events near [from, to]. */
function rowsAround(list: readonly PartitionEvent[], from: number, to: number, name: (b: number) => string) {
  const state: State = { leader: '?', epoch: '?', isr: '?' };
  const rows: Array<{ e: PartitionEvent; state: State; before: boolean }> = [];
  for (const e of list) {
    if (e.time > to + MARGIN_NS) break;
    if (e.kind === 'leader-change') {
      state.leader = e.leader === null ? 'none' : name(e.leader);
      state.epoch = String(e.epoch);
      if (e.isr) state.isr = e.isr.map(name).join(',');
    } else if (e.kind === 'isr-shrink' || e.kind === 'isr-expand') state.isr = e.to.map(name).join(',');
    else if (e.kind === 'unclean-election' || e.kind === 'last-known-leader-election') {
      state.leader = e.leader === null ? 'none' : name(e.leader);
      state.epoch = String(e.epoch);
      state.isr = e.isrTo.map(name).join(',');
    }
    const before = e.time < from - MARGIN_NS;
    // Before the window only the last leader change is kept: it says who led when the window opened.
    if (before && e.kind !== 'leader-change') continue;
    if (before && rows.at(-1)?.before) rows.pop();
    rows.push({ e, state: { ...state }, before });
  }
  return rows;
}

export function renderPartitionAround(ref: PartitionRef | undefined, from: number, to: number, events: PartitionEvents): SafeHtml | null {
  if (!ref) return null;
  const list = events.of(ref);
  if (list.length === 0) return null;
  const rows = rowsAround(list, from, to, events.name);
  if (rows.length === 0) return null;
  const shown = rows.slice(0, MAX_ROWS);
  return html`<details class="partition-history" open><summary>Partition ${ref.topic}/${ref.partition}: leader and ISR around it (broker events)</summary>
<table class="broker-facts"><thead><tr><th class="t">time</th><th class="n">log of</th><th>event</th><th class="n">leader</th><th class="n">epoch</th><th class="isr">ISR after</th></tr></thead><tbody>
${shown.map(
  ({ e, state, before }) =>
    html`<tr${before ? html` class="partner"` : null}><td>${formatOpTime(e.time)}</td><td>${e.node}</td><td><span class="tag">${e.kind}</span> ${what(e, events.name)}</td><td>${state.leader}</td><td>${state.epoch}</td><td>${state.isr}</td></tr>`,
)}
</tbody></table>${rows.length > shown.length ? html`<p class="note">… and ${rows.length - shown.length} more events of this partition in events.jsonl.</p>` : null}</details>`;
}
