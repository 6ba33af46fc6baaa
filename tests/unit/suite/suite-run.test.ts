// The whole suite flow without a cluster: a fake runner makes real run directories, and the suite writes suite.json,
// index.html and junit.xml, prints a progress line per run, retries unknown verdicts, gates on a baseline (accepted,
// expired), reports harness failures, and compares with the previous run of the same suite.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createProgress } from '../../../core/progress.ts';
import { suiteRecordSchema, type SuiteRecord } from '../../../core/suite-record.ts';
import { parseBaseline, type Baseline } from '../../../harness/suite/baseline.ts';
import { loadSuite } from '../../../harness/suite/plan.ts';
import { runSuite, type SuiteRunOptions } from '../../../harness/suite/runner.ts';
import { CANARY_SUITE, fakeRunner, freshStore, suiteFile, type FakeOutcome } from './fake-run.ts';
import type { TestSpec } from '../../../core/spec.ts';

const canaryFails = (spec: TestSpec): FakeOutcome => (spec.name === 'canary' ? { kind: 'invalid', classes: ['lost'] } : { kind: 'valid' });

async function run(decide: (spec: TestSpec, attempt: number) => FakeOutcome, extra: Partial<SuiteRunOptions> = {}, text = CANARY_SUITE) {
  const lines: string[] = [];
  const plan = await loadSuite(suiteFile(text), {});
  const fake = fakeRunner(decide);
  let seed = 100;
  const outcome = await runSuite({
    plan,
    retryUnknown: 0,
    progress: createProgress({ write: (l) => lines.push(l) }),
    runOne: fake.runOne,
    drawSeed: () => seed++,
    ...extra,
  });
  const record = suiteRecordSchema.parse(JSON.parse(readFileSync(join(outcome.dir, 'suite.json'), 'utf8'))) as SuiteRecord;
  return {
    ...outcome,
    record,
    lines,
    specs: fake.specs,
    index: readFileSync(join(outcome.dir, 'index.html'), 'utf8'),
    junit: readFileSync(join(outcome.dir, 'junit.xml'), 'utf8'),
  };
}

const baseline = (entries: object[]): Baseline => parseBaseline('faultline-baseline.json', JSON.stringify({ suite: 'gate', accepted: entries }));
const ACCEPT_LOST = {
  test: 'canary',
  checker: 'lost-writes',
  class: 'lost',
  reason: 'acks=1 with unclean election loses acknowledged writes by design',
  link: 'KAFKA-0000',
};

let store = '';
beforeEach(() => {
  store = freshStore();
});

describe('faultline suite (fake runner, real run directories)', () => {
  it('runs every test × seed once, in suite order, with the spec faultline test would build and the seeds given or drawn', async () => {
    const r = await run(() => ({ kind: 'valid' }));
    expect(r.exitCode).toBe(0);
    expect(r.specs.map((s) => `${s.name}:${s.seed}`)).toEqual(['safe:1', 'safe:2', 'canary:3', 'queue+txn-kill+partition:100', 'queue+txn-kill+partition:101']);
    const canary = r.specs.find((s) => s.name === 'canary')!;
    expect(canary.workloadOptions).toEqual({ acks: '1' });
    expect(canary.cluster.brokerOverrides).toEqual({ 'unclean.leader.election.enable': 'true' });
    expect(canary.timeLimitS).toBe(20);
    expect(r.dir.startsWith(join(store, 'suites', 'gate'))).toBe(true);
    for (const f of ['suite.json', 'index.html', 'junit.xml']) expect(existsSync(join(r.dir, f)), f).toBe(true);
    // Every run directory suite.json names exists, relative to the suite directory.
    for (const t of r.record.tests) for (const c of t.cells) expect(existsSync(join(resolve(r.dir, c.dir!), 'results.json'))).toBe(true);
  });

  it('prints a progress line per run with n/N, verdict, anomaly counts and the suite ETA', async () => {
    const r = await run(canaryFails);
    const done = r.lines.filter((l) => /\[\d\/5\] .*: (pass|FAIL)/.test(l));
    expect(done).toHaveLength(5);
    expect(done[2]).toMatch(/\[3\/5\] canary seed 3: FAIL — 1 lost \(lost-writes\) · .* · suite ETA /);
    expect(done[4]).not.toMatch(/ETA/);
    expect(r.lines.at(-1)).toMatch(/suite gate: exit 1 — .*index\.html$/);
  });

  it('a suite with one unsafe canary exits 1; a baseline accepting its class exits 0 and says why; expired, it exits 1 again', async () => {
    const failing = await run(canaryFails);
    expect(failing.exitCode).toBe(1);
    const canary = failing.record.tests.find((t) => t.name === 'canary')!.cells[0]!;
    expect(canary.status).toBe('fail');
    expect(canary.verdict).toBe(false);
    expect(canary.checkers['lost-writes']!.anomalies).toEqual({ lost: 1 });
    expect(failing.junit).toMatch(
      /<failure message="anomalies not accepted by the baseline: 1 lost; report \.\.\/\.\.\/\.\.\/canary\/[^"]+\/report\.html" type="anomalies">/,
    );

    freshStore();
    const accepted = await run(canaryFails, { baseline: baseline([{ ...ACCEPT_LOST, expires: '2999-01-01' }]) });
    expect(accepted.exitCode).toBe(0);
    const judged = accepted.record.tests.find((t) => t.name === 'canary')!.cells[0]!;
    expect(judged.status).toBe('pass');
    expect(judged.findings).toEqual([{ checker: 'lost-writes', class: 'lost', count: 1, acceptedBy: 0 }]);
    expect(accepted.record.baseline!.entries[0]).toMatchObject({ status: 'matched', matches: [{ test: 'canary', slot: 0, seed: 3 }] });
    expect(accepted.index).toContain('accepted by the baseline — acks=1 with unclean election loses acknowledged writes by design (until 2999-01-01)');
    expect(accepted.lines.some((l) => /baseline: accepted lost \(lost-writes\) in canary seed 3: acks=1/.test(l))).toBe(true);
    expect(accepted.junit).not.toContain('<failure');
    expect(accepted.junit).toContain('lost: accepted by the baseline');

    freshStore();
    const expired = await run(canaryFails, { baseline: baseline([{ ...ACCEPT_LOST, expires: '2026-01-31' }]), now: () => new Date('2026-02-01T08:00:00Z') });
    expect(expired.exitCode).toBe(1);
    expect(expired.record.baseline!.entries[0]!.status).toBe('expired');
    expect(expired.index).toContain('NOT accepted — the baseline entry expired on 2026-01-31');
    expect(expired.lines.some((l) => /baseline: entry for canary lost \(lost-writes\) expired on 2026-01-31; it no longer accepts canary seed 3/.test(l))).toBe(
      true,
    );

    freshStore();
    const lastDay = await run(canaryFails, { baseline: baseline([{ ...ACCEPT_LOST, expires: '2026-01-31' }]), now: () => new Date('2026-01-31T23:00:00Z') });
    expect(lastDay.exitCode).toBe(0);
  });

  it('allowed anomalies (recorded from Kafka) never fail the gate and are listed as allowed', async () => {
    const r = await run(() => ({ kind: 'valid' }));
    const queue = r.record.tests.find((t) => t.name.startsWith('queue'))!.cells[0]!;
    expect(queue.status).toBe('pass');
    expect(Object.keys(queue.checkers.kafka!.allowed).sort()).toEqual(['G0', 'G0-process', 'G1c', 'int-send-skip']);
    expect(r.index).toContain('allowed by Kafka&#39;s model:');
  });

  it('retries unknown verdicts up to --retry-unknown times, then counts them as failures (exit 2) unless accepted', async () => {
    const unknownOnce = (spec: TestSpec, attempt: number): FakeOutcome =>
      spec.name === 'safe' && spec.seed === 2 && attempt === 1 ? { kind: 'unknown' } : { kind: 'valid' };
    const retried = await run(unknownOnce, { retryUnknown: 1 });
    expect(retried.exitCode).toBe(0);
    const cell = retried.record.tests[0]!.cells[1]!;
    expect(cell.attempts.map((a) => a.verdict)).toEqual(['unknown', true]);
    expect(retried.lines.some((l) => /safe seed 2: unknown verdict; retrying \(attempt 2 of 2\)/.test(l))).toBe(true);

    freshStore();
    const alwaysUnknown = (spec: TestSpec): FakeOutcome => (spec.name === 'safe' ? { kind: 'unknown' } : { kind: 'valid' });
    const stuck = await run(alwaysUnknown, { retryUnknown: 2 });
    expect(stuck.exitCode).toBe(2);
    expect(stuck.record.tests[0]!.cells.map((c) => c.attempts.length)).toEqual([3, 3]);
    expect(stuck.junit).toMatch(/<error message="unknown: the lost-writes checker could not decide after 3 attempt\(s\); report /);

    freshStore();
    const acceptedUnknown = await run(alwaysUnknown, {
      baseline: baseline([{ test: 'safe', checker: 'lost-writes', class: 'unknown', reason: 'final reads time out under this fault' }]),
    });
    expect(acceptedUnknown.exitCode).toBe(0);
  });

  it('a harness failure of one run is recorded with its run directory, the suite goes on, and exits 255 — unless anomalies were found (1)', async () => {
    const r = await run((spec) => (spec.name === 'safe' && spec.seed === 1 ? { kind: 'harness-error' } : { kind: 'valid' }));
    expect(r.exitCode).toBe(255);
    const cell = r.record.tests[0]!.cells[0]!;
    expect(cell.status).toBe('error');
    expect(cell.attempts[0]).toMatchObject({ verdict: 'error', harnessError: 'node n2 did not start' });
    expect(existsSync(join(resolve(r.dir, cell.dir!), 'report.html'))).toBe(true);
    expect(r.specs).toHaveLength(5);
    expect(r.junit).toContain('<error message="the harness failed: node n2 did not start');

    freshStore();
    const both = await run((spec) => (spec.name === 'safe' && spec.seed === 1 ? { kind: 'harness-error' } : canaryFails(spec)));
    expect(both.exitCode).toBe(1);
  });

  it('bad input found by the first run (a build that does not resolve) is one UserError and nothing is written', async () => {
    await expect(run(() => ({ kind: 'bad-build' }))).rejects.toThrow(/--kafka-dist \/nowhere: no such file or directory/);
    expect(readdirSync(store)).toEqual([]);
  });

  it('compares with the previous run of the same suite: new and fixed anomaly classes, duration change', async () => {
    await run(canaryFails, { now: () => new Date('2026-03-01T00:00:00Z') });
    const second = await run((spec) => (spec.name === 'safe' && spec.seed === 2 ? { kind: 'invalid', classes: ['duplicated'] } : { kind: 'valid' }), {
      now: () => new Date('2026-03-02T00:00:00Z'),
    });
    expect(second.index).toMatch(/<h3>New anomaly classes<\/h3><ul class="plain"><li>safe: duplicated \(lost-writes\)<\/li><\/ul>/);
    expect(second.index).toMatch(/<h3>Fixed \(found before, not now\)<\/h3><ul class="plain"><li>canary: lost \(lost-writes\)<\/li><\/ul>/);
    expect(second.index).toMatch(/Run time of all runs: .* vs .*/);
    expect(second.index).toMatch(/href="\.\.\/2026-03-01T000000\.000Z\/index\.html"/);
  });

  it('junit.xml: one testsuite per test, one testcase per checker per run', async () => {
    const r = await run(canaryFails);
    const suites = [...r.junit.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(suites).toEqual([
      ['gate.safe', 2, 0],
      ['gate.canary', 1, 1],
      ['gate.queue+txn-kill+partition', 2, 0],
    ]);
    expect(r.junit).toContain('<testcase classname="gate.canary" name="lost-writes (seed 3)"');
    expect(r.junit).toMatch(/<testsuites name="gate" tests="5" failures="1" errors="0" skipped="0"/);
  });
});
