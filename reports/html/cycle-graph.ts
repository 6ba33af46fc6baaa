// A dependency cycle (G0, G1c and their -process / -realtime variants, from checkers/kafka/cycles.ts) drawn as a small
// graph: its ops on a circle, each dependency an arrow labelled with its kind and the key that witnesses it. Inline
// SVG built here, every text escaped; hover an arrow or an op for the facts behind it.

import { html, type SafeHtml } from './html.ts';
import { textWidthPx } from './text-width.ts';

interface CycleOp {
  txn: string;
  op: number;
  process?: number | string;
}
interface CycleEdge {
  from: string;
  to: string;
  kind: string;
  key?: unknown;
  [fact: string]: unknown;
}

const NODE_R = 22;
const LABEL_FONT_PX = 11;
const PAD = 46;
const BEND = 0.22;

/** The cycle in an anomaly's details, when it has one in the shape the Kafka checker writes. */
export function cycleOf(details: Record<string, unknown> | undefined): { ops: CycleOp[]; edges: CycleEdge[] } | null {
  const cycle = details?.cycle;
  const edges = details?.edges;
  if (!Array.isArray(cycle) || !Array.isArray(edges) || cycle.length === 0) return null;
  const ops = cycle.filter((c): c is CycleOp => typeof c === 'object' && c !== null && typeof c.txn === 'string' && typeof c.op === 'number');
  const names = new Set(ops.map((o) => o.txn));
  const good = edges.filter(
    (e): e is CycleEdge => typeof e === 'object' && e !== null && names.has(e.from) && names.has(e.to) && typeof e.kind === 'string' && e.from !== e.to,
  );
  return ops.length === cycle.length && good.length === edges.length ? { ops, edges: good } : null;
}

const round = (x: number) => Math.round(x * 10) / 10;

const edgeLabel = (e: CycleEdge): string => (e.key !== undefined ? `${e.kind} key ${String(e.key)}` : e.kind);

const edgeFacts = (e: CycleEdge): string =>
  `${e.from} → ${e.to} (${e.kind})\n` +
  Object.entries(e)
    .filter(([k]) => !['from', 'to', 'kind'].includes(k))
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('\n');

/** `id`: unique on the page, used for the arrowhead marker. */
export function renderCycleGraph(cycle: { ops: CycleOp[]; edges: CycleEdge[] }, id: string): SafeHtml {
  const n = cycle.ops.length;
  const radius = n === 2 ? 120 : Math.max(95, n * 30);
  const size = 2 * (radius + PAD);
  const centre = size / 2;
  const at = new Map(
    cycle.ops.map((o, i) => {
      // Two ops side by side, T1 on the left; more on a circle from the top, clockwise.
      const angle = n === 2 ? Math.PI * (1 - i) : -Math.PI / 2 + (2 * Math.PI * i) / n;
      return [o.txn, { x: centre + radius * Math.cos(angle), y: centre + (n === 2 ? 0 : radius * Math.sin(angle)) }];
    }),
  );
  const height = n === 2 ? 2 * PAD + 90 : size;
  const dy = n === 2 ? height / 2 - centre : 0;
  const arrows = cycle.edges.map((e) => {
    const a = at.get(e.from)!;
    const b = at.get(e.to)!;
    const [dx, dyy] = [b.x - a.x, b.y - a.y];
    const length = Math.hypot(dx, dyy) || 1;
    const [ux, uy] = [dx / length, dyy / length];
    // Bent to the left of its direction: two arrows between the same ops bend apart.
    const [cx, cy] = [(a.x + b.x) / 2 + uy * length * BEND, (a.y + b.y) / 2 - ux * length * BEND];
    const start = { x: a.x + ux * NODE_R, y: a.y + uy * NODE_R };
    const end = { x: b.x - ux * (NODE_R + 3), y: b.y - uy * (NODE_R + 3) };
    const mid = { x: 0.25 * start.x + 0.5 * cx + 0.25 * end.x, y: 0.25 * start.y + 0.5 * cy + 0.25 * end.y + dy };
    const label = edgeLabel(e);
    const w = textWidthPx(label, LABEL_FONT_PX) + 8;
    return html`<g class="cycle-edge edge-${e.kind}"><title>${edgeFacts(e)}</title>
<path d="M ${round(start.x)} ${round(start.y + dy)} Q ${round(cx)} ${round(cy + dy)} ${round(end.x)} ${round(end.y + dy)}" fill="none" stroke="#475569" stroke-width="1.5" marker-end="url(#${id}-arrow)"/>
<rect x="${round(mid.x - w / 2)}" y="${round(mid.y - 8)}" width="${round(w)}" height="16" rx="3" fill="#ffffff" stroke="#cbd5e1"/>
<text x="${round(mid.x)}" y="${round(mid.y + 4)}" font-size="${LABEL_FONT_PX}" text-anchor="middle" fill="#1f2933">${label}</text></g>`;
  });
  const nodes = cycle.ops.map((o) => {
    const p = at.get(o.txn)!;
    const caption = `op ${o.op}${o.process !== undefined ? ` · process ${String(o.process)}` : ''}`;
    return html`<g class="cycle-op"><title>${o.txn}: history op ${o.op}${o.process !== undefined ? `, process ${String(o.process)}` : ''}</title>
<circle cx="${round(p.x)}" cy="${round(p.y + dy)}" r="${NODE_R}" fill="#dbe7f3" stroke="#2f5d8a" stroke-width="1.5"/>
<text x="${round(p.x)}" y="${round(p.y + dy + 4)}" font-size="12" font-weight="700" text-anchor="middle" fill="#1b3552">${o.txn}</text>
<text x="${round(p.x)}" y="${round(p.y + dy + NODE_R + 14)}" font-size="10.5" text-anchor="middle" fill="#5f6b7a">${caption}</text></g>`;
  });
  return html`<svg class="cycle-graph" id="${id}" width="${round(size)}" height="${round(height)}" viewBox="0 0 ${round(size)} ${round(height)}" role="img" aria-label="dependency cycle of ${n} ops">
<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#475569"/></marker></defs>
${arrows}${nodes}</svg>`;
}
