// A linearizability counterexample drawn as client lanes (after Porcupine's visualizer), as inline SVG: one lane per
// process, one bar per op from invocation to completion, the longest partial linearization numbered, stuck ops in red.

import type { LinearizabilityCounterexample } from '../../core/result.ts';
import { counterexampleId, type NamedChecker } from './checker-order.ts';
import { formatOpTime, plainValue } from './format.ts';
import { html, type SafeHtml } from './html.ts';

type CounterexampleOp = LinearizabilityCounterexample['ops'][number];

/** Histories up to this size are drawn whole; bigger ones are cut to a window around the failure. */
const MAX_OPS_DRAWN_WHOLE = 40;
const MAX_OPS_IN_WINDOW = 60;
/** How many of the last linearized ops (with the stuck ones) define the window. */
const WINDOW_TAIL = 8;
const MAX_STATE_ROWS = 30;

const LANE_HEIGHT = 48;
const BAR_TOP = 18;
const BAR_HEIGHT = 22;
const LEFT = 8;
const TOP = 8;
/** Smallest distance between two consecutive events. */
const MIN_GAP = 16;
const LABEL_CHAR_PX = 6.6;
const LABEL_PADDING_PX = 12;
const MAX_LABEL_PX = 240;

/** An info op never returned: it may take effect at any later time. */
const isOpenEnded = (op: CounterexampleOp): boolean => op.type === 'info' || !Number.isFinite(op.end);

/** "write(3) → ok", "read() → 2", "read() → ?" for an op that never returned. */
export const opLabel = (op: CounterexampleOp): string => `${op.f}(${plainValue(op.input, 40)}) → ${isOpenEnded(op) ? '?' : plainValue(op.output, 40) || 'nil'}`;

/** Ops to draw: all of them, or those overlapping the time window of the last linearized ops and the stuck ones. */
export function opsToDraw(ce: LinearizabilityCounterexample): CounterexampleOp[] {
  if (ce.ops.length <= MAX_OPS_DRAWN_WHOLE) return ce.ops;
  const focusIds = new Set([...ce.linearized.slice(-WINDOW_TAIL), ...ce.stuck]);
  const focus = ce.ops.filter((op) => focusIds.has(op.id));
  if (focus.length === 0) return ce.ops.slice(0, MAX_OPS_IN_WINDOW);
  const from = Math.min(...focus.map((op) => op.start));
  const finiteEnds = focus.filter((op) => !isOpenEnded(op)).map((op) => op.end);
  const to = Math.max(...focus.map((op) => op.start), ...finiteEnds);
  const overlapping = ce.ops.filter((op) => op.start <= to && (isOpenEnded(op) || op.end >= from));
  const others = overlapping
    .filter((op) => !focusIds.has(op.id))
    .sort((a, b) => Math.abs(a.start - to) - Math.abs(b.start - to))
    .slice(0, Math.max(0, MAX_OPS_IN_WINDOW - focus.length));
  const keep = new Set([...focus, ...others]);
  return ce.ops.filter((op) => keep.has(op));
}

const labelWidth = (op: CounterexampleOp): number => Math.min(MAX_LABEL_PX, opLabel(op).length * LABEL_CHAR_PX + LABEL_PADDING_PX);

export interface EventLayout {
  /** x of an invocation or completion time. */
  x: Map<number, number>;
  /** Where open-ended bars (never returned) end. */
  right: number;
}

/**
 * Bars are placed by the order of events, not to time scale, so short ops stay readable next to long ones: each event
 * (a distinct start or end time) sits at least MIN_GAP right of the previous one, and far enough right of the start of
 * every op ending there for that op's label to fit in its bar.
 */
export function layoutEvents(ops: readonly CounterexampleOp[]): EventLayout {
  const endingAt = new Map<number, CounterexampleOp[]>();
  for (const op of ops) if (!isOpenEnded(op)) endingAt.set(op.end, [...(endingAt.get(op.end) ?? []), op]);
  const times = [...new Set(ops.flatMap((op) => (isOpenEnded(op) ? [op.start] : [op.start, op.end])))].sort((a, b) => a - b);
  const x = new Map<number, number>();
  let previous = LEFT + 8 - MIN_GAP;
  for (const t of times) {
    const needed = (endingAt.get(t) ?? []).map((op) => (x.get(op.start) ?? 0) + labelWidth(op));
    previous = Math.max(previous + MIN_GAP, ...needed);
    x.set(t, previous);
  }
  const openEnds = ops.filter(isOpenEnded).map((op) => (x.get(op.start) ?? 0) + labelWidth(op));
  return { x, right: Math.max(previous + MIN_GAP, ...openEnds) };
}

const compareProcesses = (a: number | string, b: number | string): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en', { numeric: true });

function renderLanes(ce: LinearizabilityCounterexample, ops: readonly CounterexampleOp[], svgId: string): SafeHtml {
  const order = new Map(ce.linearized.map((id, i) => [id, i + 1]));
  const stuck = new Set(ce.stuck);
  const processes = [...new Set(ops.map((op) => op.process))].sort(compareProcesses);
  const lane = new Map(processes.map((p, i) => [p, i]));
  const layout = layoutEvents(ops);
  const x = (t: number) => layout.x.get(t) ?? LEFT;
  const right = layout.right;
  const width = right + 16;
  const height = TOP + processes.length * LANE_HEIGHT + 4;

  const laneBackgrounds = processes.map(
    (_, i) => html`<rect x="0" y="${TOP + i * LANE_HEIGHT}" width="${width}" height="${LANE_HEIGHT}" fill="${i % 2 ? '#fafbfc' : '#ffffff'}"/>`,
  );
  // Lane names stay put while the lanes scroll sideways.
  const laneNames = processes.map(
    (p, i) =>
      html`<div class="lane-name" style="height: ${LANE_HEIGHT}px; padding-top: ${BAR_TOP}px; background: ${i % 2 ? '#fafbfc' : '#ffffff'}">process ${String(p)}</div>`,
  );

  const bars = ops.map((op) => {
    const y = TOP + (lane.get(op.process) ?? 0) * LANE_HEIGHT + BAR_TOP;
    const x1 = x(op.start);
    const x2 = isOpenEnded(op) ? right : Math.max(x(op.end), x1 + 8);
    const position = order.get(op.id);
    const isStuck = stuck.has(op.id);
    const [fill, stroke] = isStuck ? ['#fdeceb', '#b42318'] : position ? ['#dbe7f3', '#2f5d8a'] : ['#f1f3f5', '#9aa5b1'];
    const clipId = `${svgId}-clip-${op.id}`;
    const returned = isOpenEnded(op) ? 'never returned (info)' : `returned ${formatOpTime(op.end)}`;
    const title = `op ${op.id} · process ${String(op.process)}${position ? ` · linearized #${position}` : ''}${isStuck ? ' · STUCK' : ''}\n${opLabel(op)}\ninvoked ${formatOpTime(op.start)} · ${returned}`;
    const badge = isStuck
      ? html`<text x="${x1}" y="${y - 5}" font-size="11" font-weight="700" fill="#b42318">stuck</text>`
      : position
        ? html`<circle cx="${x1 + 7}" cy="${y - 9}" r="8" fill="#2f5d8a"/><text x="${x1 + 7}" y="${y - 5.5}" font-size="10" font-weight="700" fill="#ffffff" text-anchor="middle">${position}</text>`
        : null;
    return html`<g><title>${title}</title>
<clipPath id="${clipId}"><rect x="${x1}" y="${y}" width="${x2 - x1 - 3}" height="${BAR_HEIGHT}"/></clipPath>
<rect x="${x1}" y="${y}" width="${x2 - x1}" height="${BAR_HEIGHT}" rx="4" fill="${fill}" stroke="${stroke}" stroke-width="${isStuck ? 2 : 1}"${
      isOpenEnded(op) ? html` stroke-dasharray="5 3"` : null
    }/>
<text x="${x1 + 5}" y="${y + 15}" font-size="11.5" fill="#1f2933" clip-path="url(#${clipId})">${opLabel(op)}</text>
${badge}</g>`;
  });

  return html`<div class="lanes"><div class="lane-names" style="padding-top: ${TOP}px">${laneNames}</div><div class="lane-scroll">
<svg id="${svgId}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="client lanes">
${laneBackgrounds}${bars}</svg></div></div>`;
}

function renderStates(ce: LinearizabilityCounterexample, byId: Map<number, CounterexampleOp>): SafeHtml {
  const hasInitial = ce.states.length === ce.linearized.length + 1;
  const rows = ce.states.map((state, i) => {
    const step = hasInitial ? i : i + 1;
    const op = step > 0 ? byId.get(ce.linearized[step - 1]!) : undefined;
    const what = step === 0 ? 'initial state' : op ? `${opLabel(op)} (op ${op.id}, process ${String(op.process)})` : `op ${ce.linearized[step - 1] ?? '?'}`;
    return html`<tr><td class="num">${step === 0 ? '—' : step}</td><td class="mono">${what}</td><td class="mono">${state}</td></tr>`;
  });
  const hidden = Math.max(0, rows.length - MAX_STATE_ROWS);
  return html`<table class="ops">
  <thead><tr><th>#</th><th>linearized op</th><th>model state after it</th></tr></thead>
  <tbody>${hidden > 0 ? html`<tr><td colspan="3" class="note">${hidden} earlier steps not shown</td></tr>` : null}${rows.slice(hidden)}</tbody>
</table>`;
}

function renderCounterexample(checker: NamedChecker, ce: LinearizabilityCounterexample): SafeHtml {
  const byId = new Map(ce.ops.map((op) => [op.id, op]));
  const drawn = opsToDraw(ce);
  const stuckOps = ce.stuck.map((id) => byId.get(id)).filter((op): op is CounterexampleOp => op !== undefined);
  return html`<div id="${counterexampleId(checker.position)}">
  <h3>${checker.name}${ce.partition !== undefined ? ` — partition ${ce.partition}` : ''}</h3>
  <div class="reason">${ce.reason}</div>
  <p class="note">Bars run from invocation to completion and are placed by the order of those events, not to time scale;
  hover a bar for exact times. ${drawn.length < ce.ops.length ? `Showing ${drawn.length} of ${ce.ops.length} ops: those around the failure.` : ''}</p>
  <p class="note legend-inline"><span><i class="swatch" style="background:#dbe7f3"></i>linearized (numbered in order)</span><span><i class="swatch" style="background:#fdeceb; border-color:#b42318"></i>stuck: cannot be linearized next</span><span><i class="swatch" style="background:#f1f3f5"></i>not linearized yet</span><span>dashed: never returned</span></p>
  ${renderLanes(ce, drawn, `lanes-${checker.position}`)}
  ${stuckOps.length > 0 ? html`<p><b>Stuck:</b> ${stuckOps.map((op, i) => html`${i > 0 ? '; ' : ''}<span class="mono">${opLabel(op)}</span> (op ${op.id}, process ${String(op.process)})`)}</p>` : null}
  <details open><summary>Longest partial linearization: ${ce.linearized.length} ops</summary>${renderStates(ce, byId)}</details>
</div>`;
}

/** The counterexamples section, or null when no checker produced one. */
export function renderCounterexamples(checkers: readonly NamedChecker[]): SafeHtml | null {
  const withCounterexample = checkers.filter((c) => c.result.counterexample);
  if (withCounterexample.length === 0) return null;
  return html`<section class="panel" id="counterexamples">
  <h2>Linearizability counterexample${withCounterexample.length > 1 ? 's' : ''}</h2>
  ${withCounterexample.map((c) => renderCounterexample(c, c.result.counterexample!))}
</section>`;
}
