// `faultline serve`: the store over HTTP, read-only, on 127.0.0.1 by default. A test fetches the store index, a suite
// index and a run report through it; paths cannot leave the store; only GET and HEAD; loopback-only Host names.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { repoRoot } from '../../../core/paths.ts';
import { silentProgress } from '../../../core/progress.ts';
import { loadSuite } from '../../../harness/suite/plan.ts';
import { runSuite, type SuiteOutcome } from '../../../harness/suite/runner.ts';
import { serveStore, storeFileFor, type Serving } from '../../../harness/serve/server.ts';
import { CANARY_SUITE, fakeRunner, freshStore, suiteFile } from './fake-run.ts';

let store = '';
let suite: SuiteOutcome;
let serving: Serving;

/** A raw HTTP request to the server (fetch would normalise the path and the Host header). */
function raw(path: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(serving.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path, method: opts.method ?? 'GET', headers: { host: opts.host ?? `127.0.0.1:${url.port}` } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  store = freshStore();
  const plan = await loadSuite(suiteFile(CANARY_SUITE), {});
  suite = await runSuite({
    plan,
    retryUnknown: 0,
    progress: silentProgress,
    runOne: fakeRunner((s) => (s.name === 'canary' ? { kind: 'invalid', classes: ['lost'] } : { kind: 'valid' })).runOne,
  });
  writeFileSync(join(tmpdir(), `faultline-secret-${process.pid}.html`), 'secret');
  symlinkSync(tmpdir(), join(store, 'escape'));
  serving = await serveStore(store, '127.0.0.1', 0);
});
afterAll(async () => {
  await serving.close();
});

describe('faultline serve', () => {
  it('binds 127.0.0.1 by default and is not reachable on other addresses of this machine', async () => {
    expect(serving.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    const port = new URL(serving.url).port;
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (other) await expect(fetch(`http://${other.address}:${port}/`, { signal: AbortSignal.timeout(3000) })).rejects.toThrow();
  });

  it('serves the store index with the suite and its runs, each a link that works', async () => {
    const index = await fetch(serving.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await index.text();
    const suiteHref = `/store/suites/gate/${suite.dir.split('/').pop()}/index.html`;
    expect(page).toContain(`href="${suiteHref}"`);
    expect(page).toContain('invalid (exit 1)');
    const canaryDir = suite.record.tests.find((t) => t.name === 'canary')!.cells[0]!.dir!;
    const reportHref = `/store/${relative(store, join(suite.dir, canaryDir)).split('/').map(encodeURIComponent).join('/')}/report.html`;
    expect(page).toContain(`href="${reportHref}"`);

    const suiteIndex = await fetch(new URL(suiteHref, serving.url));
    expect(suiteIndex.status).toBe(200);
    const suiteHtml = await suiteIndex.text();
    // The suite index's own relative links resolve under /store/ to the run reports.
    const link = /href="([^"]+canary[^"]+report\.html)"/.exec(suiteHtml)![1]!;
    const report = await fetch(new URL(link, new URL(suiteHref, serving.url)));
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('<h1>canary seed 3</h1>');
  });

  it('filters by verdict, workload, nemesis, build and date', async () => {
    const rows = async (query: string): Promise<number> =>
      ((await (await fetch(`${serving.url}?${query}`)).text()).match(/<td><a href="\/store\/[^"]+report\.html"/g) ?? []).length;
    expect(await rows('')).toBe(5);
    expect(await rows('verdict=invalid')).toBe(1);
    expect(await rows('workload=queue')).toBe(2);
    expect(await rows('nemesis=partition')).toBe(2);
    expect(await rows('build=Kafka+4.4.0')).toBe(5);
    expect(await rows('build=Kafka+3.9.1')).toBe(0);
    expect(await rows('from=2999-01-01')).toBe(0);
    const page = await (await fetch(`${serving.url}?verdict=%3Cscript%3E&workload=%3Cb%3Ex`)).text();
    expect(page).not.toContain('<b>x');
  });

  it.each([
    ['/store/../../etc/passwd'],
    ['/store/%2e%2e/%2e%2e/etc/passwd'],
    ['/store/..%2f..%2fetc%2fpasswd'],
    ['/store/escape/' + `faultline-secret-${process.pid}.html`],
    ['/store/suites'],
    ['/store/%00.html'],
    ['/etc/passwd'],
  ])('never serves anything outside the store: %s', async (path) => {
    const r = await raw(path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('secret');
    expect(r.body).not.toContain('root:');
  });

  it('is read-only: GET and HEAD only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await raw('/', { method });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
    expect((await raw('/', { method: 'HEAD' })).status).toBe(200);
  });

  it('bound to loopback, answers only loopback host names (no DNS rebinding)', async () => {
    expect((await raw('/', { host: 'evil.example:8080' })).status).toBe(421);
    expect((await raw('/', { host: `localhost:${new URL(serving.url).port}` })).status).toBe(200);
  });

  it('storeFileFor refuses what is not a servable file of the store', () => {
    expect(storeFileFor(store, '/store/suites/gate')).toBeUndefined();
    expect(storeFileFor(store, '/store/%E0%A4%A')).toBeUndefined();
  });

  it('the command prints its URL on 127.0.0.1, answers there, and exits 0 on SIGTERM', async () => {
    const child = execa('node', [join(repoRoot, 'harness', 'cli', 'faultline.mjs'), 'serve', '--port', '0'], {
      reject: false,
      env: { ...process.env, FAULTLINE_STORE: store },
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no URL printed')), 20_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(chunk.toString());
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
    });
    expect((await fetch(url)).status).toBe(200);
    child.kill('SIGTERM');
    const r = await child;
    expect(r.exitCode).toBe(0);
  });
});

describe('faultline serve --host', () => {
  it('warns when bound to anything but loopback', async () => {
    const store2 = mkdtempSync(join(tmpdir(), 'faultline-serve-'));
    const child = execa('node', [join(repoRoot, 'harness', 'cli', 'faultline.mjs'), 'serve', '--port', '0', '--host', '0.0.0.0'], {
      reject: false,
      env: { ...process.env, FAULTLINE_STORE: store2 },
    });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('serving')) resolve();
      });
    });
    child.kill('SIGINT');
    await child;
    expect(stderr).toContain('warning: serving');
    expect(stderr).toContain('anyone who can reach this port can read the store');
  });
});
