// Renders real reports in headless Chromium: every chart must draw, with no script error, console error, CSP
// violation or Vega warning, nothing fetched over the network, labels that do not overlap as the browser draws them,
// and planted hostile strings must stay text. Recorded runs (tests/fixtures/runs) give an invalid report (lost writes
// after leader crashes, overlapping faults) and a valid one (clock skew overlapping kills), each also screenshotted.
// Chromium is run by ./chromium.ts.

import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport, writeReport, type ReportInput } from '../../../reports/html/index.ts';
import { attributeOf, bodyAttributes, chromium as chromiumOn, marksDrawn as marksDrawnIn } from './chromium.ts';
import { fixtureInput } from './fixture.ts';
import { SCRIPT_PAYLOAD, withPayloads } from './payloads.ts';
import { recordedReportInput } from './recorded-report.ts';

/** Made when the file is collected: the recorded-run suites render their pages then. */
const workDir = mkdtempSync(join(tmpdir(), 'faultline-browser-'));

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const chromium = (file: string, mode: string, extra: string[] = []) => chromiumOn(file, mode, { workDir, extra });

/**
 * URLs the page itself asked the network for, from Chromium's net log: requests whose initiator is an origin (the
 * file:// page is the opaque origin "null"). The browser's own background requests have no origin and are left out.
 */
async function pageRequests(netLog: string): Promise<string[]> {
  const log = JSON.parse(await readFile(netLog, 'utf8')) as {
    constants: { logEventTypes: Record<string, number> };
    events: Array<{ type: number; params?: { url?: string; initiator?: string } }>;
  };
  const startJob = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === startJob && e.params?.url && !e.params.url.startsWith('file:') && e.params.initiator !== 'not an origin')
    .map((e) => e.params!.url!);
}

async function loadInBrowser(file: string) {
  const netLog = `${file}.netlog.json`;
  const dom = await chromium(file, '--dump-dom', [`--log-net-log=${netLog}`]);
  return { file, dom, body: bodyAttributes(dom), requests: await pageRequests(netLog) };
}

async function renderInBrowser(name: string, input: ReportInput) {
  const file = join(workDir, `${name}.html`);
  await writeReport(file, input);
  return loadInBrowser(file);
}

interface Box {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The label boxes the page measured after drawing the timeline (getBoundingClientRect of each label). */
const labelBoxes = (dom: string): Box[] => JSON.parse(attributeOf(dom, 'chart-timeline', 'data-label-boxes') ?? 'null') as Box[];
const overlapping = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const overlappingPairs = (boxes: readonly Box[]): Array<[string, string]> =>
  boxes.flatMap((a, i) => boxes.slice(i + 1).flatMap((b): Array<[string, string]> => (overlapping(a, b) ? [[a.text, b.text]] : [])));

const marksDrawn = (dom: string, name: string): number => marksDrawnIn(dom, 'chart-timeline', name);

/** A full-page screenshot; returns the PNG's bytes. */
async function screenshot(file: string, name: string): Promise<Buffer> {
  const dir = process.env.FAULTLINE_REPORT_SCREENSHOT_DIR ?? workDir;
  const png = join(dir, `${name}.png`);
  await chromium(file, `--screenshot=${png}`, ['--window-size=1400,2600']);
  return readFile(png);
}

function expectCleanPage(page: { body: Record<string, string>; requests: string[] }): void {
  expect(JSON.parse(page.body['data-errors'] ?? 'null')).toEqual([]);
  expect(JSON.parse(page.body['data-warnings'] ?? 'null')).toEqual([]);
  expect(page.body['data-rendered']).toBe(page.body['data-chart-count']);
  expect(JSON.parse(page.body['data-resources'] ?? 'null')).toEqual([]);
  expect(page.requests).toEqual([]);
}

describe('report in headless Chromium', () => {
  it('renders the timeline of a realistic report, without errors, and keeps hostile strings as text', async () => {
    const page = await renderInBrowser('realistic', withPayloads(fixtureInput()));
    const { dom, body } = page;
    expectCleanPage(page);
    expect(body['data-chart-count']).toBe('1');
    expect(dom).toMatch(/id="chart-timeline"[^>]*data-rendered="true"[\s\S]*?<canvas[\s\S]*?<svg/);
    expect(attributeOf(dom, 'chart-timeline', 'data-label-overlaps')).toBe('0');
    // The payloads were parsed as text: no element came out of them.
    const markup = dom.replace(/<script[\s\S]*?<\/script>/g, '');
    expect(markup).not.toMatch(/<img/i);
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup.includes(SCRIPT_PAYLOAD)).toBe(false);
  });

  it('stays responsive on a large history: the downsampled timeline renders within the time budget', async () => {
    const page = await renderInBrowser('large', fixtureInput({ processes: 24, thinkMs: 12, durationS: 40 }));
    expectCleanPage(page);
    expect(page.body['data-rendered']).toBe('1');
  });

  it('sees a request the page makes in the net log (the check of the reports below can fail)', async () => {
    const file = join(workDir, 'fetches.html');
    await writeFile(file, '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/probe.png"></body></html>');
    expect((await loadInBrowser(file)).requests).toEqual(['http://127.0.0.1:9/probe.png']);
  });

  it('blocks by its content policy what would load if markup ever slipped past escaping, and says so', async () => {
    const file = join(workDir, 'slipped.html');
    const page = renderReport(fixtureInput()).replace('<main>', '<main><img src="http://127.0.0.1:9/slipped.png">');
    await writeFile(file, page);
    const loaded = await loadInBrowser(file);
    expect(loaded.requests).toEqual([]);
    // The policy's report and the image's own load error (in either order): the page records both.
    expect((JSON.parse(loaded.body['data-errors'] ?? '[]') as string[]).sort()).toEqual([
      'blocked by the page policy: img-src http://127.0.0.1:9/slipped.png',
      'failed to load http://127.0.0.1:9/slipped.png',
    ]);
  });

  describe('an invalid recorded run: acks=1 lost writes after leader crashes, overlapping faults (fx-acks1-lcw-440)', async () => {
    const input = recordedReportInput('fx-acks1-lcw-440');
    const lost = input.results.checkers['lost-writes']!.anomalies.filter((a) => a.type === 'lost');
    const page = await renderInBrowser('invalid-recorded', input);

    it('draws without errors and fetches nothing', () => {
      expect(lost).toHaveLength(253);
      expectCleanPage(page);
    });

    it('marks every lost write on the timeline and rings its send in the latency chart', () => {
      expect(marksDrawn(page.dom, 'anomaly_marks')).toBe(lost.length);
      expect(marksDrawn(page.dom, 'anomaly_ops')).toBe(lost.length);
      expect(page.dom).toContain('<div class="anomaly" id="anomaly-0-0-0">');
    });

    it('labels every fault, and no two labels overlap as drawn, though the faults overlap in time', () => {
      const boxes = labelBoxes(page.dom);
      const faults = boxes.filter((b) => /^(cut-replication|crash-leader|heal-followers|await-new-leader)/.test(b.text));
      expect(faults.map((b) => b.text)).toEqual([
        'cut-replication n3,n1,n2',
        'crash-leader n3',
        'heal-followers n1,n2',
        'await-new-leader',
        'cut-replication n2,n1,n3',
        'crash-leader n2',
        'heal-followers n1,n3',
        'await-new-leader',
      ]);
      // The crash and the heal of the followers came within 0.4 s of each other: side by side, their labels would meet.
      const [crash, heal] = [faults[1]!, faults[2]!];
      expect(crash.x < heal.x + heal.w && heal.x < crash.x + crash.w).toBe(true);
      expect(boxes.some((b) => /^p\d/.test(b.text))).toBe(true); // the partitions each node led
      expect(overlappingPairs(boxes)).toEqual([]);
      expect(attributeOf(page.dom, 'chart-timeline', 'data-label-overlaps')).toBe('0');
    });

    it('takes a screenshot', async () => {
      const png = await screenshot(page.file, 'report-invalid');
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(100_000);
    });
  });

  describe('a valid recorded run: clock skew overlapping kills (fx-clock-kill-440)', async () => {
    const input = recordedReportInput('fx-clock-kill-440');
    const page = await renderInBrowser('valid-recorded', input);

    it('draws without errors, fetches nothing and marks no anomaly', () => {
      expect(input.results.valid).toBe(true);
      expectCleanPage(page);
      expect(marksDrawn(page.dom, 'anomaly_marks')).toBe(0);
      expect(page.dom).toContain('<span class="verdict big valid">valid</span>');
    });

    it('labels the skews, kills and offset checks, which start together, without overlap', () => {
      const boxes = labelBoxes(page.dom);
      const texts = boxes.map((b) => b.text);
      for (const label of ['skew n3,n2', 'kill n2', 'skew n1,n2,n3', 'kill n1']) expect(texts).toContain(label);
      expect(texts.filter((t) => t === 'check-offsets n1,n2,n3').length).toBeGreaterThanOrEqual(3);
      expect(overlappingPairs(boxes)).toEqual([]);
    });

    it('takes a screenshot', async () => {
      const png = await screenshot(page.file, 'report-valid');
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(100_000);
    });
  });
});
