// Integration: a tiny real suite (two short tests against real clusters, one at a time) run whole, then as shards 1/2
// and 2/2 in stores of their own (as on two machines) and merged: the merge has the same tests, seeds, verdicts and
// exit code as the whole run, its index links every run's report in the merging store, and no cluster is left over.
// The whole run and the shards are separate runs against Kafka: their verdicts agree because Kafka keeps its promises
// under kills (both valid), with one retry for an unknown verdict. About 4 runs of ~1.5 min each.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SuiteRecord } from '../../core/suite-record.ts';
import { faultline, leftovers } from './cli.ts';

const CLUSTER = process.env.FAULTLINE_CLUSTER ?? 'faultline';

const SUITE = `name: it-suite
description: two short tests for the sharding integration test
defaults:
  time-limit: 15
  nemesis-interval: 5
  recovery: 2
tests:
  - { name: it-suite-lost-writes, workload: lost-writes, nemesis: kill, seeds: [11] }
  - { name: it-suite-log, workload: log, nemesis: kill, rate: 40, seeds: [12] }
`;

/** Runs `faultline <args>` with a store of its own; returns its exit code, the directory it printed and its record. */
async function inOwnStore(args: string[]) {
  const store = mkdtempSync(join(tmpdir(), 'faultline-it-suite-'));
  const r = await faultline(args, { FAULTLINE_STORE: store });
  const dir = r.stdout.trim().split('\n').pop() ?? '';
  expect(existsSync(join(dir, 'suite.json')), r.stderr.slice(-3000)).toBe(true);
  for (const f of ['index.html', 'junit.xml']) expect(existsSync(join(dir, f)), f).toBe(true);
  return { code: r.exitCode, dir, store, record: JSON.parse(readFileSync(join(dir, 'suite.json'), 'utf8')) as SuiteRecord };
}

const shape = (r: SuiteRecord) =>
  r.tests.map((t) => ({ name: t.name, runs: t.cells.map((c) => ({ seed: c.seed, status: c.status, verdict: c.verdict ?? c.attempts.at(-1)?.verdict })) }));

describe('faultline suite against real clusters', () => {
  it('--shard 1/2 + --shard 2/2 merged give the same tests, verdicts and exit code as the unsharded run', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'it-suite-file-')), 'it-suite.yaml');
    writeFileSync(file, SUITE);

    const whole = await inOwnStore(['suite', file, '--retry-unknown', '1']);
    expect([0, 1, 2]).toContain(whole.code);
    expect(whole.record.tests.map((t) => t.name)).toEqual(['it-suite-lost-writes', 'it-suite-log']);
    expect(whole.record.tests.every((t) => t.cells.every((c) => c.status === 'pass' || c.status === 'fail' || c.status === 'unknown'))).toBe(true);

    const one = await inOwnStore(['suite', file, '--retry-unknown', '1', '--shard', '1/2']);
    const two = await inOwnStore(['suite', file, '--retry-unknown', '1', '--shard', '2/2']);
    expect(one.record.tests.length + two.record.tests.length).toBe(2);

    const merged = await inOwnStore(['suite', 'merge', one.dir, two.dir]);
    expect(merged.code).toBe(whole.code);
    expect(merged.record.exitCode).toBe(whole.record.exitCode);
    expect(shape(merged.record)).toEqual(shape(whole.record));
    const index = readFileSync(join(merged.dir, 'index.html'), 'utf8');
    // The matrix and the detail table both link a cell's report (and each attempt's, when an unknown was retried).
    const links = [...new Set([...index.matchAll(/href="([^"#]+report\.html)"/g)].map((m) => resolve(merged.dir, decodeURIComponent(m[1]!))))];
    const attempts = merged.record.tests.flatMap((t) => t.cells.flatMap((c) => (c.attempts.length > 1 ? c.attempts : [c]).filter((a) => a.dir !== undefined)));
    expect(links).toHaveLength(attempts.length);
    for (const link of links) {
      expect(existsSync(link), link).toBe(true);
      expect(link.startsWith(merged.store)).toBe(true);
    }
    expect(await leftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
  });
});
