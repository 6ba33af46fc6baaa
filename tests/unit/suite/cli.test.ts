// The suite commands through the real CLI: bad input is one line naming the file and the path inside it, exit 254,
// nothing written; `--list` shows the shipped suites with estimates; `suite --help` loads neither the Kafka client
// nor the suite runner; `baseline write` writes a baseline from a suite run.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { repoRoot } from '../../../core/paths.ts';
import { silentProgress } from '../../../core/progress.ts';
import { loadSuite } from '../../../harness/suite/plan.ts';
import { runSuite } from '../../../harness/suite/runner.ts';
import { CANARY_SUITE, fakeRunner, freshStore, suiteFile } from './fake-run.ts';

const CLI = join(repoRoot, 'harness', 'cli', 'faultline.mjs');

async function cli(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const store = mkdtempSync(join(tmpdir(), 'faultline-cli-store-'));
  const r = await execa('node', [CLI, ...args], { reject: false, cwd, env: { ...process.env, FAULTLINE_STORE: store, ...env } });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr.trim(), storeUsed: readdirSync(store).length > 0 };
}

const oneLine = (stderr: string): void => {
  expect(stderr.split('\n').filter((l) => l.startsWith('faultline:') || l.startsWith('error:'))).toHaveLength(1);
};

describe('faultline suite: bad input', () => {
  const typo = suiteFile('name: x\ntests:\n  - { workload: queue, nemsis: kill }\n');
  const noWorkload = suiteFile('name: x\ntests:\n  - { workload: queue }\n  - { time-limit: 10 }\n');
  const twice = suiteFile('name: x\ntests:\n  - { name: a, workload: queue }\n  - { name: a, workload: log }\n');
  const notJson = mkdtempSync(join(tmpdir(), 'baseline-'));
  writeFileSync(join(notJson, 'faultline-baseline.json'), '{ accepted: [ }');
  const wrongTest = join(notJson, 'typo-baseline.json');
  writeFileSync(wrongTest, JSON.stringify({ accepted: [{ test: 'lost-writes-kil', checker: 'lost-writes', class: 'lost', reason: 'x' }] }));
  const cases: Array<[string, string[], RegExp]> = [
    ['a typo in a key', ['suite', typo], /^faultline: \S+suite\.yaml: tests\[0\]\.nemsis: unknown key; did you mean nemesis\?$/],
    ['a test without a workload', ['suite', noWorkload], /^faultline: \S+suite\.yaml: tests\[1\]: no workload \(give workload: /],
    ['duplicate test names', ['suite', twice], /^faultline: \S+suite\.yaml: tests\[1\]\.name: test name a is also the name of tests\[0\]/],
    ['shard 3/2', ['suite', 'smoke', '--shard', '3/2'], /^faultline: --shard 3\/2: the shard index must be from 1 to 2$/],
    [
      'a baseline that is not JSON',
      ['suite', 'smoke', '--baseline', join(notJson, 'faultline-baseline.json')],
      /^faultline: \S+faultline-baseline\.json: not valid JSON \(/,
    ],
    [
      'a baseline naming a test the suite lacks',
      ['suite', 'smoke', '--baseline', wrongTest],
      /^faultline: \S+typo-baseline\.json: accepted\[0\]\.test: suite smoke has no test lost-writes-kil \(its tests: lost-writes-kill, /,
    ],
    ['no such suite', ['suite', 'nightly'], /^faultline: nightly: no such suite file, and no shipped suite of that name \(shipped: canaries, release, smoke; /],
    ['two builds', ['suite', 'smoke', '--kafka', '4.4.0', '--image', 'x'], /^faultline: --kafka and --image name different builds under test; give only one$/],
    [
      'a dist that does not exist',
      ['suite', 'smoke', '--kafka-dist', '/nonexistent/kafka.tgz'],
      /^faultline: --kafka-dist \/nonexistent\/kafka\.tgz: no such file or directory$/,
    ],
    ['a retry count out of range', ['suite', 'smoke', '--retry-unknown', '-1'], /--retry-unknown must be a whole number from 0 to 10/],
    ['merge of nothing that is a suite run', ['suite', 'merge', notJson], /^faultline: \S+suite\.json: not a readable suite record/],
  ];
  it.each(cases)('%s: one line, exit 254, nothing written', async (_what, args, message) => {
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(254);
    expect(r.stderr).toMatch(message);
    oneLine(r.stderr);
    expect(r.storeUsed).toBe(false);
  });

  it('a merge of shards from different builds: one line, exit 254, nothing written', async () => {
    const dirs: string[] = [];
    for (const [index, kafka] of [
      [1, '4.4.0'],
      [2, '3.9.1'],
    ] as const) {
      freshStore();
      const plan = await loadSuite(suiteFile(CANARY_SUITE), { kafka });
      dirs.push(
        (await runSuite({ plan, shard: { index, count: 2 }, retryUnknown: 0, progress: silentProgress, runOne: fakeRunner(() => ({ kind: 'valid' })).runOne }))
          .dir,
      );
    }
    const r = await cli(['suite', 'merge', ...dirs]);
    expect(r.code).toBe(254);
    expect(r.stderr).toMatch(/^faultline: \S+shard-2-of-2\/suite\.json: build: Kafka 3\.9\.1, but \S+shard-1-of-2\/suite\.json ran Kafka 4\.4\.0$/);
    oneLine(r.stderr);
    expect(r.storeUsed).toBe(false);
  });
});

describe('faultline suite: listing, help and start-up', () => {
  it('--list shows the shipped suites with their estimated durations, and says they are estimates', async () => {
    const r = await cli(['suite', '--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^release +21 tests +21 runs +≈ 53 min/m);
    expect(r.stdout).toMatch(/^smoke +3 tests +3 runs +≈ 7 min/m);
    expect(r.stdout).toMatch(/^canaries +10 tests +10 runs +≈ 25 min/m);
    expect(r.stderr).toContain("estimates: each run's time limit + 90 s");
  });

  it('--dry-run prints the runs of a shard without running or writing anything', async () => {
    const r = await cli(['suite', 'release', '--dry-run', '--shard', '1/4']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    expect(r.stdout).toMatch(/^lost-writes-isr-shrink run 1 \(random seed\) shard 1\/4 ≈ 3 min$/m);
    expect(r.storeUsed).toBe(false);
  });

  it('suite --help loads neither the Kafka client, dockerode, the YAML parser nor the suite runner', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'imports-')), 'imports.txt');
    writeFileSync(log, '');
    const r = await execa('node', ['--import', join(repoRoot, 'tests', 'fixtures', 'suite', 'record-imports.mjs'), CLI, 'suite', '--help'], {
      reject: false,
      env: { ...process.env, FAULTLINE_FROM_SOURCE: '1', FAULTLINE_IMPORT_LOG: log },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--shard <i/n>');
    const loaded = readFileSync(log, 'utf8');
    expect(loaded).toContain('/harness/cli/suite.ts'); // the hook saw the command's own module
    for (const heavy of ['@platformatic/kafka', 'dockerode', '/node_modules/yaml/', '/harness/suite/runner.ts', '/harness/run/runner.ts'])
      expect(loaded, heavy).not.toContain(heavy);
  });
});

describe('faultline baseline write', () => {
  it('writes a baseline accepting what a suite run found; a second write keeps the entries and adds nothing', async () => {
    const store = freshStore();
    const plan = await loadSuite(suiteFile(CANARY_SUITE), {});
    const run = await runSuite({
      plan,
      retryUnknown: 0,
      progress: silentProgress,
      runOne: fakeRunner((s) => (s.name === 'canary' ? { kind: 'invalid', classes: ['lost', 'moved'] } : { kind: 'valid' })).runOne,
    });
    const cwd = mkdtempSync(join(tmpdir(), 'baseline-write-'));
    const first = await cli(['baseline', 'write', run.dir, '--reason', 'acks=1 canary', '--expires', '2027-01-31'], { FAULTLINE_STORE: store }, cwd);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe('faultline-baseline.json');
    const written = JSON.parse(readFileSync(join(cwd, 'faultline-baseline.json'), 'utf8'));
    expect(written).toEqual({
      suite: 'gate',
      accepted: [
        { test: 'canary', checker: 'lost-writes', class: 'lost', reason: 'acks=1 canary', expires: '2027-01-31' },
        { test: 'canary', checker: 'lost-writes', class: 'moved', reason: 'acks=1 canary', expires: '2027-01-31' },
      ],
    });
    const again = await cli(['baseline', 'write', run.dir], { FAULTLINE_STORE: store }, cwd);
    expect(again.stderr).toContain('0 entries added, 2 kept');
    // The baseline now lets the same suite pass.
    freshStore();
    const { readBaseline } = await import('../../../harness/suite/baseline.ts');
    const gated = await runSuite({
      plan,
      baseline: readBaseline(join(cwd, 'faultline-baseline.json')),
      retryUnknown: 0,
      progress: silentProgress,
      runOne: fakeRunner((s) => (s.name === 'canary' ? { kind: 'invalid', classes: ['lost', 'moved'] } : { kind: 'valid' })).runOne,
    });
    expect(gated.exitCode).toBe(0);
    expect(existsSync(join(gated.dir, 'index.html'))).toBe(true);
  });

  it('refuses an expiry that is not a date', async () => {
    const store = freshStore();
    const plan = await loadSuite(suiteFile(CANARY_SUITE), {});
    const run = await runSuite({
      plan,
      retryUnknown: 0,
      progress: silentProgress,
      runOne: fakeRunner((s) => (s.name === 'canary' ? { kind: 'invalid', classes: ['lost'] } : { kind: 'valid' })).runOne,
    });
    const cwd = mkdtempSync(join(tmpdir(), 'baseline-write-'));
    const r = await cli(['baseline', 'write', run.dir, '--expires', 'next week'], { FAULTLINE_STORE: store }, cwd);
    expect(r.code).toBe(254);
    expect(r.stderr).toBe('faultline: --expires next week: a date YYYY-MM-DD');
    expect(existsSync(join(cwd, 'faultline-baseline.json'))).toBe(false);
  });
});
