// Renders real reports in headless Chromium: every chart must draw, with no script error, CSP violation or Vega
// warning, and planted hostile strings must stay text. Needs Debian's chromium (`apt-get install -y chromium`).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type ReportInput } from '../../../reports/html/index.ts';
import { fixtureInput } from './fixture.ts';
import { SCRIPT_PAYLOAD, withPayloads } from './payloads.ts';

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);
let workDir = '';

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'faultline-browser-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Runs Chromium headless on a file with a fresh profile; `mode` is `--dump-dom` or `--screenshot=<path>`. */
async function chromium(file: string, mode: string, extra: string[] = []): Promise<string> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the report's browser test needs Chromium. Install it with: apt-get install -y chromium`);
  }
  const profile = await mkdtemp(join(workDir, 'profile-'));
  const { stdout } = await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=10000',
      ...extra,
      mode,
      `file://${file}`,
    ],
    { timeout: 90_000, maxBuffer: 256 * 1024 * 1024 },
  );
  return stdout;
}

const decodeAttribute = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function bodyAttributes(dom: string): Record<string, string> {
  const tag = /<body([^>]*)>/.exec(dom)?.[1] ?? '';
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeAttribute(m[2]!)]));
}

async function renderInBrowser(name: string, input: ReportInput) {
  const file = join(workDir, `${name}.html`);
  await writeReport(file, input);
  const dom = await chromium(file, '--dump-dom');
  return { file, dom, body: bodyAttributes(dom) };
}

describe('report in headless Chromium', () => {
  it('renders both charts of a realistic report, without errors, and keeps hostile strings as text', async () => {
    const { dom, body } = await renderInBrowser('realistic', withPayloads(fixtureInput()));
    expect(JSON.parse(body['data-errors'] ?? 'null')).toEqual([]);
    expect(JSON.parse(body['data-warnings'] ?? 'null')).toEqual([]);
    expect(body['data-chart-count']).toBe('2');
    expect(body['data-rendered']).toBe('2');
    for (const id of ['chart-latency', 'chart-throughput']) {
      expect(dom).toMatch(new RegExp(`id="${id}"[^>]*data-rendered="true"[\\s\\S]*?<canvas`));
    }
    // The payloads were parsed as text: no element came out of them.
    const markup = dom.replace(/<script[\s\S]*?<\/script>/g, '');
    expect(markup).not.toMatch(/<img/i);
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup.includes(SCRIPT_PAYLOAD)).toBe(false);
  });

  it('stays responsive on a large history: the downsampled charts render within the time budget', async () => {
    const { body } = await renderInBrowser('large', fixtureInput({ processes: 24, thinkMs: 12, durationS: 40 }));
    expect(JSON.parse(body['data-errors'] ?? 'null')).toEqual([]);
    expect(body['data-rendered']).toBe('2');
  });

  it('takes a full-page screenshot', async () => {
    const file = join(workDir, 'screenshot.html');
    await writeReport(file, fixtureInput());
    const png = process.env.FAULTLINE_REPORT_SCREENSHOT ?? join(workDir, 'report.png');
    await chromium(file, `--screenshot=${png}`, ['--window-size=1400,3000']);
    expect((await stat(png)).size).toBeGreaterThan(50_000);
    expect((await readFile(png)).subarray(1, 4).toString()).toBe('PNG');
  });
});
