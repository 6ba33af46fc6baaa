// A stand-in for runSpec that makes real run directories (spec.json via the store, results.json, a small
// report.html) in $FAULTLINE_STORE without a cluster, with results built from recorded Kafka runs, so the suite flow
// — gate, retries, outputs, sharding, merge — is tested on the files it reads in production.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, EXIT, UserError } from '../../../core/errors.ts';
import { repoRoot } from '../../../core/paths.ts';
import type { RunResults } from '../../../core/result.ts';
import type { TestSpec } from '../../../core/spec.ts';
import type { RunOne } from '../../../harness/suite/runner.ts';
import { createRunDir } from '../../../harness/run/store.ts';

const FIXTURES = join(repoRoot, 'tests', 'fixtures', 'suite');
const recorded = (file: string): RunResults => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as RunResults;

export type FakeOutcome = { kind: 'valid' } | { kind: 'invalid'; classes: string[] } | { kind: 'unknown' } | { kind: 'harness-error' } | { kind: 'bad-build' };

const CHECKER_OF: Record<string, string> = { 'lost-writes': 'lost-writes', queue: 'kafka', eos: 'eos', log: 'linearizable' };

/** Results as the workload's checker would give them: recorded runs for lost-writes and queue (with Kafka-allowed anomalies). */
export function resultsFor(spec: TestSpec, outcome: FakeOutcome): RunResults {
  const checker = CHECKER_OF[spec.workload] ?? spec.workload;
  const base: RunResults =
    spec.workload === 'lost-writes'
      ? recorded('lost-writes-results.json')
      : spec.workload === 'queue'
        ? recorded('queue-txn-results.json')
        : { valid: true, checkers: { [checker]: { checker, valid: true, anomalies: [], stats: {} } } };
  const c = base.checkers[checker]!;
  if (outcome.kind === 'invalid') {
    c.valid = false;
    base.valid = false;
    for (const cls of outcome.classes) c.anomalies.push({ type: cls, explanation: `planted ${cls} <b>&amp;</b>`, ops: [1, 2] });
  }
  if (outcome.kind === 'unknown') {
    c.valid = 'unknown';
    base.valid = 'unknown';
  }
  return base;
}

export interface FakeRunner {
  runOne: RunOne;
  /** Every spec run, in order. */
  specs: TestSpec[];
}

/** A runner whose outcome per run is decided by `decide(spec, attemptOfThisSeed)` (1-based). */
export function fakeRunner(decide: (spec: TestSpec, attempt: number) => FakeOutcome): FakeRunner {
  const specs: TestSpec[] = [];
  const runOne: RunOne = async (spec) => {
    specs.push(spec);
    const attempt = specs.filter((s) => s.name === spec.name && s.seed === spec.seed).length;
    const outcome = decide(spec, attempt);
    if (outcome.kind === 'bad-build') throw new UserError('--kafka-dist /nowhere: no such file or directory');
    const dir = createRunDir(spec);
    writeFileSync(
      dir.report,
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${spec.name}</title></head><body><h1>${spec.name} seed ${spec.seed}</h1></body></html>\n`,
    );
    if (outcome.kind === 'harness-error') {
      writeFileSync(dir.results, JSON.stringify({ valid: 'unknown', checkers: {}, harnessError: 'node n2 did not start' }));
      throw new EnvironmentError('node n2 did not start');
    }
    const results = resultsFor(spec, outcome);
    writeFileSync(dir.results, JSON.stringify(results, null, 2));
    const exitCode = results.valid === true ? EXIT.valid : results.valid === false ? EXIT.invalid : EXIT.unknown;
    return { exitCode, dir, results };
  };
  return { runOne, specs };
}

/** A fresh store for a test, set as $FAULTLINE_STORE; returns its path. */
export function freshStore(): string {
  const store = mkdtempSync(join(tmpdir(), 'faultline-suite-store-'));
  process.env.FAULTLINE_STORE = store;
  return store;
}

/** Writes a suite file into a fresh folder and returns its path. */
export function suiteFile(text: string, name = 'suite.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-suite-file-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A suite with a safe test, an unsafe canary (acks=1 with unclean leader election) and a transactional queue test. */
export const CANARY_SUITE = `name: gate
description: a safe test, an unsafe canary and a queue test
defaults:
  time-limit: 20
tests:
  - name: safe
    workload: lost-writes
    nemesis: kill
    seeds: [1, 2]
  - name: canary
    workload: lost-writes
    acks: "1"
    broker-config:
      unclean.leader.election.enable: true
    nemesis: kill
    seeds: [3]
  - workload: queue
    txn: true
    nemesis: [kill, partition]
    count: 2
`;
