// A small table of history ops (index, process, type, f, value, partition and offset, time, node, error), looked up by
// index. Each op that an anomaly names is shown with its partner (the completion of an invocation, or the invocation
// of a completion).

import type { Op } from '../../core/history/op.ts';
import { compactValue, formatOpTime } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import type { OpPair } from '../../core/history/pairing.ts';

export interface HistoryIndex {
  op(index: number): Op | undefined;
  /** Index of the other half of the op's invoke/completion pair, if it has one. */
  partner(index: number): number | undefined;
}

export function indexHistory(ops: readonly Op[], pairs: readonly OpPair[]): HistoryIndex {
  // ops[i] when the history is dense and in order (the contract), a map otherwise.
  const dense = ops.every((op, i) => op.index === i);
  const byIndex = dense ? undefined : new Map(ops.map((op) => [op.index, op]));
  const partners = new Map<number, number>();
  for (const { invoke, completion } of pairs) {
    if (!completion) continue;
    partners.set(invoke.index, completion.index);
    partners.set(completion.index, invoke.index);
  }
  return {
    op: (index) => (byIndex ? byIndex.get(index) : ops[index]),
    partner: (index) => partners.get(index),
  };
}

const MAX_VALUE_CHARS = 240;
const MAX_NAMED_OPS = 30;

/** "p2 @ 264" for a value that names a partition (and the offset it was written at or read from), else "". */
export function partitionOffset(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const { partition, offset } = value as { partition?: unknown; offset?: unknown };
  if (typeof partition !== 'number') return '';
  return typeof offset === 'number' ? `p${partition} @ ${offset}` : `p${partition}`;
}

function opRow(index: number, history: HistoryIndex, named: boolean, withOffsets: boolean): SafeHtml {
  const op = history.op(index);
  if (!op) return html`<tr><td class="num">${index}</td><td colspan="${withOffsets ? 8 : 7}" class="note">not in the history</td></tr>`;
  return html`<tr class="${named ? 'named' : 'partner'}">
  <td class="num">${op.index}</td><td>${String(op.process)}</td><td class="type-${op.type}">${op.type}</td><td>${op.f}</td>
  <td class="value mono">${compactValue(op.value, MAX_VALUE_CHARS)}</td>${withOffsets ? html`<td class="mono">${partitionOffset(op.value)}</td>` : null}<td class="num">${formatOpTime(op.time)}</td><td>${op.node ?? ''}</td><td class="mono">${op.error ?? ''}</td>
</tr>`;
}

/** The named ops (at most MAX_NAMED_OPS) and their partners, in history order; partners are drawn muted. */
export function renderOpTable(indices: readonly number[], history: HistoryIndex): SafeHtml {
  if (indices.length === 0) return html``;
  const named = new Set(indices.slice(0, MAX_NAMED_OPS));
  const partners = [...named].map((i) => history.partner(i)).filter((i): i is number => i !== undefined && !named.has(i));
  const shown = [...new Set([...named, ...partners])].sort((a, b) => a - b);
  const withOffsets = shown.some((i) => partitionOffset(history.op(i)?.value) !== '');
  const rows = shown.map((i) => opRow(i, history, named.has(i), withOffsets));
  const more = indices.length - named.size;
  return html`<table class="ops">
  <thead><tr><th>index</th><th>process</th><th>type</th><th>f</th><th>value</th>${withOffsets ? html`<th>partition @ offset</th>` : null}<th>time</th><th>node</th><th>error</th></tr></thead>
  <tbody>${rows}</tbody>
</table>${more > 0 ? html`<p class="note">… and ${more} more ops.</p>` : null}`;
}
