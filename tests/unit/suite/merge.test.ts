// Shards merged equal the unsharded run: the same tests, seeds, verdicts, anomaly counts, junit.xml and exit code,
// with every run's directory copied into the merging store so the index links work there. A merge of shards that do
// not belong together is refused with one line naming the file and the path inside it, and writes nothing.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgress, silentProgress } from '../../../core/progress.ts';
import type { ShardId, SuiteRecord } from '../../../core/suite-record.ts';
import { mergeShards } from '../../../harness/suite/merge.ts';
import { loadSuite, runsOfShard } from '../../../harness/suite/plan.ts';
import { runSuite } from '../../../harness/suite/runner.ts';
import { parseBaseline } from '../../../harness/suite/baseline.ts';
import { CANARY_SUITE, fakeRunner, freshStore, suiteFile, type FakeOutcome } from './fake-run.ts';
import type { TestSpec } from '../../../core/spec.ts';

// Verdicts depend on the test and seed only, as a deterministic system's would.
const decide = (spec: TestSpec): FakeOutcome =>
  spec.name === 'canary' ? { kind: 'invalid', classes: ['lost'] } : spec.seed === 101 ? { kind: 'unknown' } : { kind: 'valid' };
const FILE = suiteFile(CANARY_SUITE);

/** Runs the suite (or one shard) in a store of its own, as on its own machine. */
async function machine(shard?: ShardId, build: { kafka?: string } = {}, text?: string) {
  freshStore();
  const plan = await loadSuite(text ? suiteFile(text) : FILE, build);
  // Seeds of `count` runs are drawn at random per machine; here each run of slot s draws 100 + s wherever it runs.
  const seeds = runsOfShard(plan, shard)
    .filter((r) => r.seed === undefined)
    .map((r) => 100 + r.slot);
  return runSuite({ plan, shard, retryUnknown: 1, progress: silentProgress, runOne: fakeRunner(decide).runOne, drawSeed: () => seeds.shift()! });
}

const comparable = (r: SuiteRecord) =>
  r.tests.map((t) => ({
    name: t.name,
    spec: t.spec,
    cells: t.cells.map((c) => ({
      slot: c.slot,
      seed: c.seed,
      status: c.status,
      verdict: c.attempts.map((a) => a.verdict),
      checkers: c.checkers,
      findings: c.findings,
    })),
  }));

const junitShape = (xml: string) =>
  xml
    .replace(/ time="[^"]*"/g, '')
    .replace(/report [^;"<]*report\.html/g, 'report R')
    .replace(/\.\.\/[^\s"<]*report\.html/g, 'R');

describe('suite merge', () => {
  it('--shard 1/2 + --shard 2/2 merged give the same tests, verdicts, junit and exit code as the unsharded run', async () => {
    const whole = await machine();
    const one = await machine({ index: 1, count: 2 });
    const two = await machine({ index: 2, count: 2 });
    expect(one.record.tests.length + two.record.tests.length).toBeGreaterThanOrEqual(3);

    const target = freshStore();
    const merged = await mergeShards([one.dir, two.dir], { progress: silentProgress });
    expect(merged.exitCode).toBe(whole.exitCode);
    expect(merged.exitCode).toBe(1);
    expect(comparable(merged.record)).toEqual(comparable(whole.record));
    expect(merged.record.mergedFrom!.map((m) => m.shard.index)).toEqual([1, 2]);
    expect(junitShape(readFileSync(join(merged.dir, 'junit.xml'), 'utf8'))).toBe(junitShape(readFileSync(join(whole.dir, 'junit.xml'), 'utf8')));
    // Runs were copied into the merging store: every link of the index resolves there.
    expect(merged.dir.startsWith(join(target, 'suites', 'gate'))).toBe(true);
    const index = readFileSync(join(merged.dir, 'index.html'), 'utf8');
    const links = [...index.matchAll(/href="([^"#]+report\.html)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const link of links) expect(existsSync(resolve(merged.dir, link)), link).toBe(true);
    for (const link of links) expect(resolve(merged.dir, link).startsWith(target)).toBe(true);
  });

  it('re-judges the merged runs with --baseline like an unsharded run with it', async () => {
    const one = await machine({ index: 1, count: 2 });
    const two = await machine({ index: 2, count: 2 });
    freshStore();
    const lost = { test: 'canary', checker: 'lost-writes', class: 'lost', reason: 'known' };
    const acceptLost = parseBaseline('b.json', JSON.stringify({ accepted: [lost] }));
    const merged = await mergeShards([two.dir, one.dir], { baseline: acceptLost, progress: silentProgress });
    expect(merged.exitCode).toBe(2); // the run of seed 101 stayed unknown after its retry
    expect(merged.record.baseline!.entries[0]!.status).toBe('matched');
    const acceptBoth = parseBaseline(
      'b.json',
      JSON.stringify({ accepted: [lost, { test: 'queue+txn-kill+partition', checker: 'kafka', class: 'unknown', reason: 'final reads time out' }] }),
    );
    freshStore();
    expect((await mergeShards([one.dir, two.dir], { baseline: acceptBoth, progress: silentProgress })).exitCode).toBe(0);
  });

  describe('refuses shards that do not belong together, writing nothing', () => {
    const refused = async (dirs: string[], message: RegExp) => {
      const store = freshStore();
      await expect(mergeShards(dirs, { progress: createProgress({ quiet: true }) })).rejects.toThrow(message);
      expect(readdirSync(store)).toEqual([]);
    };

    it('shards of different builds', async () => {
      const one = await machine({ index: 1, count: 2 });
      const two = await machine({ index: 2, count: 2 }, { kafka: '3.9.1' });
      await refused([one.dir, two.dir], /suite\.json: build: Kafka 3\.9\.1, but .*suite\.json ran Kafka 4\.4\.0$/);
    });

    it('shards of different suites, or of a changed suite file', async () => {
      const one = await machine({ index: 1, count: 2 });
      const other = await machine({ index: 2, count: 2 }, {}, CANARY_SUITE.replace('name: gate', 'name: other'));
      await refused([one.dir, other.dir], /suite\.json: suite: other, but .* is of suite gate/);
      const changed = await machine({ index: 2, count: 2 }, {}, CANARY_SUITE.replace('time-limit: 20', 'time-limit: 25'));
      await refused([one.dir, changed.dir], /suite\.json: fingerprint: its tests differ from those of /);
    });

    it('a missing shard, a shard given twice, an unsharded run, a shard whose runs are gone', async () => {
      const one = await machine({ index: 1, count: 2 });
      const whole = await machine();
      await refused([one.dir], /^shard 2\/2 missing: give the directory of every shard of suite gate$/);
      const copy = mkdtempSync(join(tmpdir(), 'shard-copy-'));
      cpSync(one.dir, copy, { recursive: true });
      await refused([one.dir, copy], /suite\.json: shard\.index: shard 1\/2 is also /);
      await refused([whole.dir], /suite\.json: shard: not a shard/);
      const two = await machine({ index: 2, count: 2 });
      const lonely = mkdtempSync(join(tmpdir(), 'lonely-'));
      cpSync(two.dir, lonely, { recursive: true });
      await refused([one.dir, lonely], /suite\.json: tests\[\d\]\.cells\[\d\]\.attempts\[0\]\.dir: .* is missing/);
    });

    it('a directory without a suite record', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'no-suite-'));
      writeFileSync(join(empty, 'suite.json'), '{"format": "something else"}');
      await refused([empty], /suite\.json: format: Invalid literal value/);
    });
  });
});
