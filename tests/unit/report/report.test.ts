// The rendered page: self-contained and offline, with header, checker table, charts, counterexample and anomalies.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport, writeReport, type ReportInput } from '../../../reports/html/index.ts';
import { latencyPoints } from '../../../reports/html/latency.ts';
import { pairOps } from '../../../core/history/pairing.ts';
import { fixtureInput } from './fixture.ts';
import { dataBlock, withoutBundles } from './page-parts.ts';

/** The parts of a vega-lite layer these tests look at. */
interface Layer {
  name?: string;
  mark: { type: string };
  layer: Layer[];
  data: { values: Array<Record<string, unknown>> };
  encoding: { y?: { field?: string } };
}
interface ChartData {
  charts: Array<{ elementId: string; renderer?: string; spec: { vconcat: Layer[] } }>;
}
const chartsOf = (page: string): ChartData['charts'] => (JSON.parse(dataBlock(page)) as ChartData).charts;
/** The latency row's points layer (y = latency in ms, not the anomaly rings). */
const latencyValues = (page: string) =>
  chartsOf(page)[0]!
    .spec.vconcat.flatMap((row) => row.layer)
    .find((l) => l.encoding?.y?.field === 'ms' && l.name === undefined)!.data.values;
const textOf = (page: string): string =>
  withoutBundles(page)
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('renderReport', () => {
  const input = fixtureInput();
  const page = renderReport(input);
  const ours = withoutBundles(page);

  it('is one offline file: bundles inlined, nothing fetched, every inline script allowed by hash and nothing else', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('vegaEmbed');
    expect(ours).not.toMatch(/https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
    expect(ours).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|@import|@font-face/i);
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!.replace(/&#39;/g, "'");
    expect(policy).toContain("default-src 'none'");
    const executable = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(executable).toHaveLength(5);
    const hashes = executable.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
    expect(policy.match(/'sha256-[^']+'/g)).toEqual(hashes);
  });

  it('heads the page with the verdict, identity, seed and key spec fields', () => {
    const text = textOf(page);
    expect(ours).toContain('<span class="verdict big invalid">INVALID</span>');
    for (const expected of [
      'register-partition-kill',
      'Started 2025-11-24T09:30:00Z',
      'Duration 1 min 08 s',
      'Seed 42',
      'workload register',
      'nodes n1, n2, n3',
      'kafkaVersion 4.1.0',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("names the client that ran the ops, with the Java driver's start-up and peak memory", () => {
    expect(textOf(page)).not.toContain('Client java');
    const client = {
      name: 'java',
      library: 'org.apache.kafka:kafka-clients',
      version: '4.4.0',
      process: { pid: 1, startupMs: 480, rssBytes: 1, peakRssBytes: 140 * 2 ** 20, heapUsedBytes: 1, threads: 30, openHandles: 0, lateAnswers: 0, exitCode: 0 },
    };
    const withClient = renderReport({ ...input, results: { ...input.results, client } });
    expect(textOf(withClient)).toContain('Client java (org.apache.kafka:kafka-clients 4.4.0; driver start-up 480 ms, peak RSS 140 MiB)');
  });

  it('lists checkers invalid first, with anomaly counts by type and key stats', () => {
    const table = /<section class="panel" id="checkers">([\s\S]*?)<\/section>/.exec(ours)![1]!;
    expect(table.indexOf('linearizable-register')).toBeLessThan(table.indexOf('queue'));
    expect(textOf(table)).toContain('nonlinearizable × 1');
    expect(textOf(table)).toContain('duplicate × 2 (2 allowed)');
    expect(textOf(table)).toContain('statesExplored: 1,284,311');
  });

  it('embeds one timeline: labelled faults, node lanes, anomaly markers, latency and throughput on one time axis', () => {
    const charts = chartsOf(page);
    expect(charts.map((c) => [c.elementId, c.renderer])).toEqual([['chart-timeline', 'hybrid']]);
    expect(ours).toContain('<div class="chart timeline" id="chart-timeline" data-measure-labels="true"></div>');
    const rows = charts[0]!.spec.vconcat;
    const named = (name: string) => rows.flatMap((r) => r.layer).find((l) => l.name === name);
    expect(named('fault_labels')!.data.values.map((v) => v.label)).toEqual(['isolate n1', 'kill n2', 'skew n3', 'pause n3 (still active at end)']);
    // Every completed client op is a latency point; the duplicate anomalies sit at their ops' completions.
    expect(latencyValues(page)).toHaveLength(latencyPoints(pairOps(input.ops, { lenient: true })).length);
    const marks = named('anomaly_marks')!.data.values;
    const queue = input.results.checkers.queue!.anomalies;
    expect(marks.filter((m) => m.checker === 'queue').map((m) => m.type)).toEqual(queue.map((a) => a.type));
    // Latency and throughput keep the shaded fault bands.
    for (const chart of rows.slice(-2)) expect(chart.layer[0]!.layer.map((l) => l.mark.type)).toEqual(['rect', 'rule']);
  });

  it('draws the counterexample as client lanes with the linearization numbered and the stuck op marked', () => {
    const section = /<section class="panel" id="counterexamples">([\s\S]*?)<\/section>/.exec(ours)![1]!;
    const ce = input.results.checkers['linearizable-register']!.counterexample!;
    expect(section).toContain('<svg id="lanes-0"');
    expect(section.match(/<div class="lane-name"/g)).toHaveLength(new Set(ce.ops.map((o) => o.process)).size);
    expect(section.match(/<clipPath/g)).toHaveLength(ce.ops.length);
    for (let n = 1; n <= ce.linearized.length; n++) expect(section).toContain(`text-anchor="middle">${n}</text>`);
    expect(section).toContain('fill="#b42318">stuck</text>');
    expect(section).toContain(`<div class="reason">${ce.reason}</div>`);
    expect(section).toContain('stroke-dasharray="5 3"'); // the op that never returned
    expect(section.match(/<tr><td class="num">/g)).toHaveLength(ce.states.length);
  });

  it('groups anomalies by checker and type, each with its ops looked up from the history', () => {
    const section = /<section class="panel" id="anomalies">([\s\S]*?)<\/section>/.exec(ours)![1]!;
    expect(section.indexOf('nonlinearizable')).toBeLessThan(section.indexOf('duplicate'));
    expect(section).toContain('<span class="tag allowed">allowed by the model</span>');
    const anomaly = input.results.checkers.queue!.anomalies[0]!;
    for (const index of anomaly.ops) {
      const op = input.ops[index]!;
      expect(section).toContain(`<td class="num">${index}</td><td>${op.process}</td><td class="type-${op.type}">${op.type}</td>`);
    }
    expect(section).toContain('&quot;offsets&quot;: [');
  });

  it('downsamples a large history and says so', () => {
    const big = fixtureInput({ processes: 24, thinkMs: 12, durationS: 40 });
    const bigPage = renderReport(big);
    const completed = latencyPoints(pairOps(big.ops, { lenient: true }));
    expect(completed.length).toBeGreaterThan(25_000);
    const points = latencyValues(bigPage);
    expect(points.length).toBe(20_000);
    expect(points.filter((p) => p.type !== 'ok')).toHaveLength(completed.filter((p) => p.type !== 'ok').length);
    expect(textOf(bigPage)).toContain(`Downsampled: showing 20,000 of ${completed.length.toLocaleString('en-US')} completed client ops`);
  });

  it('copes with a history of nemesis ops only and an unknown verdict', () => {
    const bare: ReportInput = {
      title: 'empty',
      spec: {},
      ops: [],
      results: { valid: 'unknown', checkers: { perf: { checker: 'perf', valid: 'unknown', anomalies: [], stats: {} } } },
    };
    const barePage = renderReport(bare);
    expect(chartsOf(barePage)).toEqual([]);
    expect(barePage).toContain('<span class="verdict big unknown">unknown</span>');
    expect(textOf(barePage)).toContain('No client op completed');
    expect(textOf(barePage)).toContain('No checker reported an anomaly.');
  });

  it('writeReport creates the folder and writes the page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faultline-report-'));
    try {
      const path = join(dir, 'runs', 'r1', 'report.html');
      await writeReport(path, input);
      expect(await readFile(path, 'utf8')).toBe(page);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
