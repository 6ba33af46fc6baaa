// Lays the run's faults out in rows for the timeline's fault strip: each fault is a bar from when it took effect to
// when it was healed (an instant fault is a thin bar), labelled at its start. A row takes a fault only where the bar
// and its label clear everything already in that row, so no two labels (or a label and a bar) ever overlap. The
// layout is computed here from estimated text widths, the same way on every render.

import type { NemesisTimeline } from './nemesis-timeline.ts';
import { textWidthPx } from './text-width.ts';

export const FAULT_LABEL_FONT_PX = 10.5;
/** Space between a bar's start and its label, and the clearance kept after a label. */
const LABEL_INSET_PX = 3;
const LABEL_CLEARANCE_PX = 6;
/** An instant fault is drawn this wide. */
export const INSTANT_PX = 2;
/**
 * Beyond this many rows a fault that finds no room for its label goes, without a label, to one more row kept for such
 * bars (they may overlap each other there; the tooltip still names each).
 */
export const MAX_FAULT_ROWS = 8;

export interface FaultRowItem {
  family: string;
  label: string;
  targets: string[];
  kind: 'interval' | 'instant';
  /** Seconds since the history started. */
  start: number;
  end: number;
  /** Where the label's text starts (s): just after `start`, or further left when it would run past the plot's end. */
  labelAt: number;
  /** 0-based row, top first. */
  row: number;
  /** Whether the label is drawn (false when it found no row with room for it). */
  labelled: boolean;
}

interface Candidate {
  family: string;
  label: string;
  targets: string[];
  kind: 'interval' | 'instant';
  startPx: number;
  barEndPx: number;
  start: number;
  end: number;
}

/** `pxPerSecond` and `widthPx`: the plot's horizontal scale and width; the layout is only as exact as they are. */
export function layoutFaultRows(timeline: NemesisTimeline, pxPerSecond: number, widthPx: number): FaultRowItem[] {
  const instantS = INSTANT_PX / pxPerSecond;
  const candidates: Candidate[] = [
    ...timeline.intervals.map((i) => ({
      family: i.family,
      label: i.openAtEnd ? `${i.label} (still active at end)` : i.label,
      targets: i.targets,
      kind: 'interval' as const,
      start: i.start / 1e9,
      end: Math.max(i.end / 1e9, i.start / 1e9 + instantS),
    })),
    ...timeline.instants.map((i) => ({
      family: i.family,
      label: i.label,
      targets: i.targets,
      kind: 'instant' as const,
      start: i.time / 1e9,
      end: i.time / 1e9 + instantS,
    })),
  ]
    .map((c) => ({ ...c, startPx: c.start * pxPerSecond, barEndPx: c.end * pxPerSecond }))
    .sort((a, b) => a.startPx - b.startPx || b.barEndPx - a.barEndPx || a.label.localeCompare(b.label));

  /** Per row, the px where it is free again. */
  const rowFreeAt: number[] = [];
  const items: FaultRowItem[] = [];
  for (const c of candidates) {
    const textPx = textWidthPx(c.label, FAULT_LABEL_FONT_PX);
    // A label that would run past the plot's right edge ends at it instead (it may then start left of its bar).
    const labelPx = Math.max(0, Math.min(c.startPx + LABEL_INSET_PX, widthPx - textPx - 1));
    const from = Math.min(c.startPx, labelPx);
    const to = Math.max(c.barEndPx + 1, labelPx + textPx + LABEL_CLEARANCE_PX);
    let row = rowFreeAt.findIndex((free) => free <= from);
    if (row === -1 && rowFreeAt.length < MAX_FAULT_ROWS) row = rowFreeAt.length;
    const labelled = row !== -1;
    if (labelled) rowFreeAt[row] = Math.max(rowFreeAt[row] ?? 0, to);
    const item = { family: c.family, label: c.label, targets: c.targets, kind: c.kind, start: c.start, end: c.end, labelAt: labelPx / pxPerSecond };
    items.push({ ...item, row: labelled ? row : MAX_FAULT_ROWS, labelled });
  }
  return items;
}
