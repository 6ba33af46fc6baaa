// Benchmark: the HTML report of 10k, 100k and 1M-op histories (synthetic-run.ts): render time, file size, and how
// long headless Chromium takes to open it and draw its timeline (wall clock of the browser process, and the page's
// own time until its charts settled). Limits from issue 11: a 1M-op report under 20 MB that opens in under 10 s.
// Usage: npm run bench:report [-- sizes...]   e.g. npm run bench:report -- 10000 100000
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport } from '../../reports/html/index.ts';
import { attributeOf, bodyAttributes, chromium, marksDrawn } from '../../tests/unit/report/chromium.ts';
import { syntheticRun } from './synthetic-run.ts';

const MAX_BYTES = 20 * 2 ** 20;
const MAX_OPEN_S = 10;
const sizes = process.argv.slice(2).map(Number);

async function bench(targetOps: number, workDir: string): Promise<boolean> {
  const input = syntheticRun(targetOps);
  const anomalies = Object.values(input.results.checkers).reduce((n, c) => n + c.anomalies.length, 0);
  const t0 = performance.now();
  const page = renderReport(input);
  const renderS = (performance.now() - t0) / 1000;
  const bytes = Buffer.byteLength(page);
  const file = join(workDir, `report-${targetOps}.html`);
  writeFileSync(file, page);
  const t1 = performance.now();
  const dom = await chromium(file, '--dump-dom', { workDir, virtualTimeBudgetMs: 10_000, timeoutMs: 120_000 });
  const openS = (performance.now() - t1) / 1000;
  const body = bodyAttributes(dom);
  const drawn = body['data-rendered'] === body['data-chart-count'] && JSON.parse(body['data-errors'] ?? '["no data-errors"]').length === 0;
  // Every anomaly is marked, and every op it names is drawn exactly in the latency chart, however it was sampled.
  const marked = marksDrawn(dom, 'chart-timeline', 'anomaly_marks');
  const ringed = marksDrawn(dom, 'chart-timeline', 'anomaly_ops');
  const overlaps = attributeOf(dom, 'chart-timeline', 'data-label-overlaps');
  const ok = bytes < MAX_BYTES && openS < MAX_OPEN_S && drawn && marked === anomalies && ringed === anomalies && overlaps === '0';
  console.log(
    [
      `${input.ops.length.toLocaleString('en-US').padStart(9)} ops`,
      `${anomalies.toLocaleString('en-US').padStart(5)} anomalies`,
      `render ${renderS.toFixed(2)} s`,
      `size ${(bytes / 2 ** 20).toFixed(2)} MB`,
      `Chromium open ${openS.toFixed(2)} s (page drew its charts at ${body['data-render-ms'] ?? '?'} ms)`,
      drawn ? 'drawn' : `NOT DRAWN: ${body['data-errors'] ?? 'no data-errors'}`,
      `anomalies marked ${marked}, their ops ringed ${ringed}`,
      `overlapping labels ${overlaps ?? '?'}`,
      ok ? 'ok' : `OVER LIMIT (${MAX_BYTES / 2 ** 20} MB, ${MAX_OPEN_S} s)`,
    ].join(' | '),
  );
  return ok;
}

const workDir = mkdtempSync(join(tmpdir(), 'faultline-bench-report-'));
try {
  let allOk = true;
  for (const size of sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000]) allOk = (await bench(size, workDir)) && allOk;
  process.exitCode = allOk ? 0 : 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
