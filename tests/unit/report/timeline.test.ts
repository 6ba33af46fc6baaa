// The timeline's parts, on a recorded acks=1 leader-crash-window run (Kafka 4.4.0, 253 lost writes) and on built
// histories: fault rows whose labels clear each other, the partitions each node led, lost writes marked at their ack,
// each anomaly's partition history from the broker events, its ops with partition and offset, and dependency cycles
// drawn as graphs.

import { describe, expect, it } from 'vitest';
import { checkQueue } from '../../../checkers/kafka/index.ts';
import { anomalyMarks } from '../../../reports/html/anomaly-marks.ts';
import { orderedCheckers } from '../../../reports/html/checker-order.ts';
import { cycleOf, renderCycleGraph } from '../../../reports/html/cycle-graph.ts';
import { FAULT_LABEL_FONT_PX, layoutFaultRows, MAX_FAULT_ROWS } from '../../../reports/html/fault-rows.ts';
import { renderReport } from '../../../reports/html/index.ts';
import { leadershipSegments } from '../../../reports/html/leadership.ts';
import type { NemesisTimeline } from '../../../reports/html/nemesis-timeline.ts';
import { indexHistory } from '../../../reports/html/op-table.ts';
import { textWidthPx } from '../../../reports/html/text-width.ts';
import { pairOps } from '../../../core/history/pairing.ts';
import { readsOfEachOther } from '../kafka-checker/history.ts';
import { recordedReportInput } from './recorded-report.ts';
import { withoutBundles } from './page-parts.ts';

const S = 1e9;

describe('fault rows', () => {
  const instant = (label: string, t: number) => ({ family: 'f', label, targets: ['n1'], time: t * S });
  const interval = (label: string, start: number, end: number) => ({ family: 'f', label, targets: ['n1'], start: start * S, end: end * S, openAtEnd: false });

  it('puts faults whose bars or labels would meet on separate rows, the same way every time', () => {
    const timeline: NemesisTimeline = {
      intervals: [interval('skew n3,n2', 27.6, 38.3), interval('kill n2', 32.9, 44.6)],
      instants: [instant('check-offsets n1,n2,n3', 27.61), instant('check-offsets n1,n2,n3', 38.6)],
    };
    const rows = layoutFaultRows(timeline, 1000 / 77, 1000);
    expect(rows.map((r) => [r.label, r.row, r.labelled])).toEqual([
      ['skew n3,n2', 0, true],
      ['check-offsets n1,n2,n3', 1, true],
      ['kill n2', 2, true],
      ['check-offsets n1,n2,n3', 0, true],
    ]);
    expect(layoutFaultRows(timeline, 1000 / 77, 1000)).toEqual(rows);
  });

  it('never lets two labels in a row meet, by the estimated widths, nor run past the plot; past the row limit a fault goes unlabelled', () => {
    // 60 instant faults 1.65 s apart on a 100 s, 1000 px plot: each label is wider than the gap, so rows are reused.
    const many: NemesisTimeline = { intervals: [], instants: Array.from({ length: 60 }, (_, i) => instant(`action-${i} n1,n2,n3`, 1 + i * 1.65)) };
    const pxPerSecond = 10;
    const rows = layoutFaultRows(many, pxPerSecond, 1000);
    const labelled = rows.filter((r) => r.labelled);
    expect(labelled.length).toBeGreaterThan(MAX_FAULT_ROWS);
    expect(rows.filter((r) => !r.labelled).every((r) => r.row === MAX_FAULT_ROWS)).toBe(true);
    const box = (r: (typeof rows)[number]) => [r.labelAt * pxPerSecond, r.labelAt * pxPerSecond + textWidthPx(r.label, FAULT_LABEL_FONT_PX)] as const;
    for (const r of labelled) {
      expect(box(r)[0]).toBeGreaterThanOrEqual(0);
      expect(box(r)[1]).toBeLessThanOrEqual(1000);
    }
    // The last label ends at the plot's right edge, left of its fault.
    expect(labelled.at(-1)!.labelAt).toBeLessThan(labelled.at(-1)!.start);
    for (const a of labelled)
      for (const b of labelled) {
        if (a === b || a.row !== b.row) continue;
        expect(box(a)[1] <= box(b)[0] || box(b)[1] <= box(a)[0]).toBe(true);
      }
  });

  it('estimates text at least as wide as common sans-serif fonts draw it', () => {
    // DejaVu Sans (Chromium's fallback here) draws "heal-followers n1,n2" at 10.5 px about 107 px wide.
    expect(textWidthPx('heal-followers n1,n2', 10.5)).toBeGreaterThan(107);
    expect(textWidthPx('MW', 10)).toBeGreaterThan(textWidthPx('il', 10) * 2);
  });
});

describe('a recorded acks=1 leader-crash-window run (fx-acks1-lcw-440)', () => {
  const input = recordedReportInput('fx-acks1-lcw-440');
  const events = input.events ?? [];
  const page = withoutBundles(renderReport(input));
  const history = indexHistory(input.ops, pairOps(input.ops, { lenient: true }));

  it('knows which partitions each node led, and when that changed', () => {
    const n3 = leadershipSegments(events, 95.8 * S)
      .filter((s) => s.node === 'n3')
      .map((s) => [s.partitions.join(' '), s.start.toFixed(2), s.end.toFixed(2)]);
    // n3 became leader of p2, then of p5; n2 took p5 at 55.41 s, n1 took p2 at 55.50 s (n3 had been killed).
    expect(n3.slice(0, 3)).toEqual([
      ['p2', '30.39', '30.43'],
      ['p2 p5', '30.43', '55.41'],
      ['p2', '55.41', '55.50'],
    ]);
  });

  it('marks each lost write at its ack and links the marker to its entry', () => {
    const marks = anomalyMarks(orderedCheckers(input.results), history);
    expect(marks).toHaveLength(253);
    const mark = marks.find((m) => m.invoke === 3392)!;
    expect(mark).toMatchObject({ type: 'lost', allowed: false });
    expect(mark.t).toBeCloseTo(44.089, 3);
    expect(page).toContain(`<div class="anomaly" id="${mark.href.slice(1)}">`);
  });

  it("shows a lost write's partition around it: the old leader, the new one without the record, the truncations", () => {
    const entry = page.slice(page.indexOf('Value 1684 was acknowledged'));
    const table = /<details class="partition-history" open><summary>Partition faultline-lost-writes\/2[\s\S]*?<\/details>/.exec(entry)![0];
    const rows = [
      ...table.matchAll(
        /<tr[^>]*><td>([^<]*)<\/td><td>([^<]*)<\/td><td><span class="tag">([^<]*)<\/span> ([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g,
      ),
    ].map((m) => m.slice(1));
    expect(rows.slice(0, 6)).toEqual([
      ['30.389 s', 'n3', 'leader-change', 'n3 leads from offset 0', 'n3', '0', 'n3,n1,n2'],
      ['55.499 s', 'n1', 'leader-change', 'n1 leads from offset 264', 'n1', '1', 'n1,n2'],
      ['55.499 s', 'n1', 'isr-shrink', 'n3,n1,n2 → n1,n2', 'n1', '1', 'n1,n2'],
      ['55.674 s', 'n2', 'truncation', 'truncated to offset 264 (log ended at 266)', 'n1', '1', 'n1,n2'],
      ['66.251 s', 'n3', 'log-recovery', 'recovered segment 0, log end 327 after an unclean shutdown', 'n1', '1', 'n1,n2'],
      ['66.881 s', 'n3', 'truncation', 'truncated to offset 264 (log ended at 327)', 'n1', '1', 'n1,n2'],
    ]);
  });

  it("lists a lost write's ops with the partition and offset acknowledged", () => {
    const entry = page.slice(page.indexOf('Value 1684 was acknowledged'));
    const ops = /<table class="ops">[\s\S]*?<\/table>/.exec(entry)![0];
    expect(ops).toContain('<th>partition @ offset</th>');
    expect(ops).toMatch(
      /<td class="num">3394<\/td><td>0<\/td><td class="type-ok">ok<\/td><td>send<\/td>\s*<td class="value mono">[^<]*<\/td><td class="mono">p2 @ 264<\/td><td class="num">44.089 s<\/td>/,
    );
  });
});

describe('dependency cycles', () => {
  /** Two concurrent txns that each read the other's write: G1c. */
  const g1c = () => checkQueue(readsOfEachOther(true).h.ops, { txn: true }).anomalies.find((a) => a.type === 'G1c')!;

  it('draws a G1c as its two ops with a labelled arrow for each dependency', () => {
    const anomaly = g1c();
    const svg = renderCycleGraph(cycleOf(anomaly.details)!, 'c1').value;
    expect(svg.match(/<g class="cycle-op">/g)).toHaveLength(2);
    const edges = [...svg.matchAll(/<g class="cycle-edge edge-(\w+)">[\s\S]*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => `${m[1]}: ${m[2]}`);
    expect(edges.sort()).toEqual(['wr: wr key 1', 'wr: wr key 2']);
    for (const { op } of anomaly.details!.cycle as Array<{ op: number }>) expect(svg).toContain(`>op ${op} · process `);
    expect(svg).toContain('marker-end="url(#c1-arrow)"');
  });

  it('escapes what the details say and draws nothing for details without a cycle', () => {
    const hostile = {
      cycle: [
        { txn: '<b>T1', op: 1 },
        { txn: 'T2', op: 2 },
      ],
      edges: [
        { from: '<b>T1', to: 'T2', kind: 'ww', key: '"><script>' },
        { from: 'T2', to: '<b>T1', kind: 'rt' },
      ],
    };
    const svg = renderCycleGraph(cycleOf(hostile)!, 'c2').value;
    expect(svg).not.toMatch(/<b>|<script>/);
    expect(svg).toContain('&lt;b&gt;T1');
    expect(cycleOf({ key: 'k1' })).toBeNull();
    expect(cycleOf({ cycle: [{ txn: 'T1', op: 1 }], edges: [{ from: 'T1', to: 'T9', kind: 'ww' }] })).toBeNull();
  });

  it('puts the graph in the anomaly entry of the report', () => {
    const anomaly = g1c();
    const page = renderReport({
      title: 't',
      spec: {},
      ops: [],
      results: { valid: false, checkers: { queue: { checker: 'queue', valid: false, anomalies: [anomaly], stats: {} } } },
    });
    expect(withoutBundles(page)).toMatch(/<div class="anomaly" id="anomaly-0-0-0">[\s\S]*<div class="cycle"><svg class="cycle-graph" id="anomaly-0-0-0-cycle"/);
  });
});
