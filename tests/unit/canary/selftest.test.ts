// The canary self-test's judgement without a cluster: a fake runner plays Kafka (loses data only where the
// configuration is unsafe, or also where it should not), and the self-test must pass or fail faultline accordingly.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../../core/result.ts';
import type { TestSpec } from '../../../core/spec.ts';
import { silentProgress } from '../../../core/progress.ts';
import { CANARIES } from '../../../harness/canary/matrix.ts';
import { canaryTable, requiredCatches, runCanaries, type RunOne } from '../../../harness/canary/selftest.ts';

const root = mkdtempSync(join(tmpdir(), 'faultline-canary-'));

/** A fake run: unsafe specs (detected by their settings) lose value 1 when `loses(seed)` says so. */
let runs = 0;
function fakeRunner(loses: (spec: TestSpec) => boolean): RunOne {
  return async (spec) => {
    const dir = join(root, `run-${runs++}`);
    mkdirSync(dir);
    const history = join(dir, 'history.jsonl');
    writeFileSync(
      history,
      [
        { index: 0, type: 'invoke', process: 0, f: 'send', value: 1, time: 2e9 },
        { index: 1, type: 'ok', process: 0, f: 'send', value: 1, time: 5e9 },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n') + '\n',
    );
    const lost = loses(spec);
    const results: RunResults = {
      valid: !lost,
      checkers: {
        'lost-writes': { checker: 'lost-writes', valid: !lost, anomalies: lost ? [{ type: 'lost', explanation: 'gone', ops: [1] }] : [], stats: {} },
      },
    };
    return { exitCode: lost ? 1 : 0, dir: { path: dir, history }, results };
  };
}
const unsafeAcks1 = (spec: TestSpec): boolean => spec.workloadOptions.acks === '1';
const acks1 = CANARIES.filter((c) => c.name === 'acks1-leader-crash');

describe('canary self-test', () => {
  it('passes when every unsafe run is caught and every safe twin is valid; times the first anomaly', async () => {
    const rows = await runCanaries(acks1, {
      runs: 5,
      firstSeed: 10,
      build: {},
      progress: silentProgress,
      runOne: fakeRunner(unsafeAcks1),
      interrupted: () => false,
    });
    expect(rows.map((r) => [r.variant, r.runs, r.flagged, r.valid, r.passed])).toEqual([
      ['unsafe', 5, 5, 0, true],
      ['safe', 5, 0, 5, true],
    ]);
    expect(rows[0]!.firstAnomalyS).toEqual([3, 3, 3, 3, 3]);
    expect(canaryTable(rows)).toMatch(/^acks1-leader-crash +unsafe +5 +5 +0 +0 +3\.0 s \(median\) +pass$/m);
  });

  it('fails when an unsafe canary is caught in fewer than 4 of 5 runs, or a safe twin is flagged once', async () => {
    let unsafeRun = 0;
    const sometimes = fakeRunner((spec) => unsafeAcks1(spec) && unsafeRun++ % 2 === 0);
    const missed = await runCanaries(acks1, { runs: 5, firstSeed: 1, build: {}, progress: silentProgress, runOne: sometimes, interrupted: () => false });
    expect(missed[0]).toMatchObject({ flagged: 3, passed: false });
    expect(canaryTable(missed)).toContain('MISSED');
    const noisy = await runCanaries(acks1, {
      runs: 5,
      firstSeed: 1,
      build: {},
      progress: silentProgress,
      runOne: fakeRunner((spec) => unsafeAcks1(spec) || spec.seed === 3),
      interrupted: () => false,
    });
    expect(noisy[1]).toMatchObject({ variant: 'safe', valid: 4, passed: false });
    expect(requiredCatches(5)).toBe(4);
  });

  it('a twin the Kafka version is known to fail must be flagged there, and valid on versions with the fix', async () => {
    const powerLoss = CANARIES.filter((c) => c.name === 'min-isr-1-power-loss');
    const onKafka = (kafkaVersion: string, runOne: RunOne) =>
      runCanaries(powerLoss, { runs: 5, firstSeed: 1, build: {}, progress: silentProgress, runOne, interrupted: () => false, kafkaVersion });
    // This fake Kafka loses data under the twin's settings too (as 3.9.1 does without KIP-966).
    const oldKafka = fakeRunner(() => true);
    const old = await onKafka('3.9.1', oldKafka);
    expect(old.map((r) => [r.variant, r.flagged, r.passed, r.knownUnsafe !== undefined])).toEqual([
      ['unsafe', 5, true, false],
      ['safe', 5, true, true],
    ]);
    expect(canaryTable(old)).toMatch(
      /safe .* pass \(known unsafe\)\nknown unsafe: min-isr-1-power-loss \(safe\) — Kafka 3\.9\.1 < 4\.1\.0: no Eligible Leader Replicas/,
    );
    // The same losses on a version that has the fix fail the selftest.
    const fixed = await onKafka('4.4.0', oldKafka);
    expect(fixed[1]).toMatchObject({ variant: 'safe', flagged: 5, passed: false });
    expect(fixed[1]!.knownUnsafe).toBeUndefined();
    // A twin known unsafe that comes back valid is a miss.
    const missed = await onKafka(
      '3.9.1',
      fakeRunner((spec) => spec.cluster.brokerOverrides['min.insync.replicas'] === '1'),
    );
    expect(missed[1]).toMatchObject({ variant: 'safe', flagged: 0, passed: false });
    expect(canaryTable(missed)).toMatch(/min-isr-1-power-loss +safe .*MISSED/);
  });

  it('every canary resolves into valid specs with its twin on the same scenario', async () => {
    const seen: TestSpec[] = [];
    await runCanaries(CANARIES, {
      runs: 1,
      firstSeed: 1,
      build: { kafka: '4.4.0' },
      progress: silentProgress,
      runOne: (spec, p) => {
        seen.push(spec);
        return fakeRunner(() => false)(spec, p);
      },
      interrupted: () => false,
    });
    expect(seen).toHaveLength(CANARIES.length * 2);
    for (let i = 0; i < seen.length; i += 2) expect(seen[i]!.nemesis).toEqual(seen[i + 1]!.nemesis);
  });
});
