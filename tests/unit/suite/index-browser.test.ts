// The suite index in headless Chromium: every test with its verdict, working links to every run's report, no script
// error or policy violation, no network request (all traffic goes to a recording proxy that must stay silent), hostile
// baseline text kept as text, and a screenshot whose matrix shows the verdict colours.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../../core/progress.ts';
import { parseBaseline } from '../../../harness/suite/baseline.ts';
import { loadSuite } from '../../../harness/suite/plan.ts';
import { runSuite, type SuiteOutcome } from '../../../harness/suite/runner.ts';
import { STATUS_COLOUR } from '../../../reports/suite-index/status.ts';
import type { TestSpec } from '../../../core/spec.ts';
import { bodyAttributes, chromium, pageRequests, recordingProxy } from './chromium.ts';
import { CANARY_SUITE, fakeRunner, freshStore, suiteFile, type FakeOutcome } from './fake-run.ts';
import { countColour, readPng } from './png.ts';

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

const decide = (spec: TestSpec): FakeOutcome =>
  spec.name === 'canary'
    ? { kind: 'invalid', classes: ['lost'] }
    : spec.name === 'safe' && spec.seed === 2
      ? { kind: 'invalid', classes: ['duplicated'] }
      : spec.seed === 101
        ? { kind: 'unknown' }
        : { kind: 'valid' };

let outcome: SuiteOutcome;
let index = '';

beforeAll(async () => {
  freshStore();
  const plan = await loadSuite(suiteFile(CANARY_SUITE), {});
  const baseline = parseBaseline(
    'faultline-baseline.json',
    JSON.stringify({
      accepted: [
        { test: 'canary', checker: 'lost-writes', class: 'lost', reason: `acks=1 loses writes ${HOSTILE}`, link: 'javascript:alert(3)', expires: '2999-12-31' },
      ],
    }),
  );
  const seeds = [100, 101];
  outcome = await runSuite({ plan, baseline, retryUnknown: 0, progress: silentProgress, runOne: fakeRunner(decide).runOne, drawSeed: () => seeds.shift()! });
  index = join(outcome.dir, 'index.html');
});

describe('suite index in headless Chromium', () => {
  it('shows every test with its verdict, without errors, and keeps hostile text as text', async () => {
    const dom = await chromium(`file://${index}`, '--dump-dom');
    expect(JSON.parse(bodyAttributes(dom)['data-errors'] ?? 'null')).toEqual([]);
    for (const test of outcome.record.tests) {
      expect(dom).toContain(`<tr data-test="${test.name}">`);
      for (const cell of test.cells)
        expect(dom).toMatch(new RegExp(`data-test="${test.name.replace(/\+/g, '\\+')}" data-slot="${cell.slot}" data-status="${cell.status}"`));
    }
    expect(outcome.record.tests.flatMap((t) => t.cells.map((c) => c.status))).toEqual(['pass', 'fail', 'pass', 'pass', 'unknown']);
    expect(dom).toContain('FAIL: anomalies not accepted by the baseline — exit 1');
    expect(dom).toContain('accepted by the baseline — acks=1 loses writes &lt;img src=x onerror="alert(1)"&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    const markup = dom.replace(/<script>[\s\S]*?<\/script>/, '');
    expect(markup).not.toMatch(/<img|<script>alert/);
    expect(markup).not.toContain('href="javascript:');
  });

  it("links to every run report, and each link opens that run's report", async () => {
    const html = readFileSync(index, 'utf8');
    const links = [...new Set([...html.matchAll(/href="([^"#]+)"/g)].map((m) => m[1]!))];
    expect(links.length).toBe(5);
    for (const link of links) {
      const target = resolve(dirname(index), decodeURIComponent(link));
      expect(existsSync(target), link).toBe(true);
    }
    const canary = outcome.record.tests.find((t) => t.name === 'canary')!.cells[0]!;
    const report = await chromium(`file://${resolve(outcome.dir, canary.dir!, 'report.html')}`, '--dump-dom');
    expect(report).toContain('<h1>canary seed 3</h1>');
  });

  it('makes no network request (a recording proxy sees nothing; it does see a page that does make one)', async () => {
    const proxy = await recordingProxy();
    try {
      await chromium(`file://${index}`, '--dump-dom', { proxyPort: proxy.port });
      expect(pageRequests(proxy.requests)).toEqual([]);
      // Nothing on the page could be filtered out as browser traffic: it names no URL with a scheme or host at all.
      expect(readFileSync(index, 'utf8')).not.toMatch(/https?:|\/\/[a-z]|google/i);
      const leaky = join(tmpdir(), `leaky-${process.pid}.html`);
      writeFileSync(leaky, '<!DOCTYPE html><img src="http://example.invalid/x.png">');
      await chromium(`file://${leaky}`, '--dump-dom', { proxyPort: proxy.port });
      expect(pageRequests(proxy.requests).some((r) => r.includes('example.invalid'))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('screenshot: the matrix shows pass, fail and unknown in their colours', async () => {
    const png = process.env.FAULTLINE_SUITE_SCREENSHOT ?? join(dirname(index), 'screenshot.png');
    await chromium(`file://${index}`, `--screenshot=${png}`, { extra: ['--window-size=1400,1000', '--hide-scrollbars'] });
    const image = readPng(readFileSync(png));
    expect([image.width, image.height]).toEqual([1400, 1000]);
    // One run is unknown: its matrix cell and its status chip are the unit. Three runs pass (three cells, three chips);
    // one fails (a cell, a chip, and the banner of the failed suite, much larger).
    const unit = countColour(image, STATUS_COLOUR.unknown);
    expect(unit).toBeGreaterThan(4000);
    const pass = countColour(image, STATUS_COLOUR.pass) / unit;
    expect(pass).toBeGreaterThan(2.7);
    expect(pass).toBeLessThan(3.3);
    expect(countColour(image, STATUS_COLOUR.fail) / unit).toBeGreaterThan(3);
    expect(countColour(image, STATUS_COLOUR.error)).toBe(0);
  });
});
