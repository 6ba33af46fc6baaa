// `--client`: stored in the spec (old spec.json files mean platformatic), and every way it can be wrong fails with one
// line and exit 254 (bad input) or 255 (the machine lacks Java or Maven) before anything is started or written.
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { repoRoot } from '../../../core/paths.ts';
import { readSpecFile, validateSpec } from '../../../core/spec.ts';
import { specFromFlags } from '../../../harness/cli/test.ts';
import { findOnPath } from '../../../systems/kafka/java-client/host-tools.ts';

const CLI = join(repoRoot, 'harness', 'cli', 'faultline.mjs');
const FIXTURE_SPEC = join(repoRoot, 'tests', 'fixtures', 'lost-writes-kill', 'spec.json');

async function run(args: string[], env: Record<string, string> = {}) {
  const store = mkdtempSync(join(tmpdir(), 'faultline-store-'));
  // process.execPath: the tests that take java or mvn off PATH must still find node.
  const r = await execa(process.execPath, [CLI, ...args], { reject: false, env: { ...process.env, FAULTLINE_STORE: store, ...env } });
  const stderr = r.stderr.trim();
  return {
    code: r.exitCode,
    stderr,
    lines: stderr.split('\n').filter((l) => l.startsWith('faultline:') || l.startsWith('error:')),
    storeUsed: existsSync(store) && readdirSync(store).length > 0,
  };
}

/** A directory that looks like a Kafka distribution: libs/ with these (empty) jars. */
function fakeDistribution(jars: string[]): string {
  const home = mkdtempSync(join(tmpdir(), 'fake-kafka-'));
  mkdirSync(join(home, 'libs'));
  for (const jar of jars) writeFileSync(join(home, 'libs', jar), '');
  return home;
}

/** A PATH directory holding only the named commands (as links to the real ones). */
function pathWith(commands: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-path-'));
  for (const c of commands) symlinkSync(findOnPath(c)!, join(dir, c));
  return dir;
}

const COMPLETE = ['kafka_2.13-9.9.9.jar', 'kafka-clients-9.9.9.jar'];

describe('the client in the spec', () => {
  it('a spec.json from before --client means platformatic', () => {
    expect(readSpecFile(FIXTURE_SPEC).client).toBe('platformatic');
  });

  it('`--client java` is stored as given', () => {
    const spec = specFromFlags({
      workload: 'lost-writes',
      nemesis: 'kill',
      timeLimit: 30,
      rate: 100,
      concurrency: 5,
      seed: 1,
      nemesisInterval: 10,
      killTarget: 'mixed',
      recovery: 5,
      finalReadTimeout: 60,
      opTimeout: 10_000,
      keepCluster: false,
      nodes: 3,
      brokerConfig: [],
      client: 'java',
    });
    expect(spec.client).toBe('java');
    // A default run name of its own, so that Java runs and the others land in different folders.
    expect(spec.name).toBe('lost-writes-kill-java');
  });

  it('a spec with an unknown client is refused with the known ones', () => {
    const raw = { ...readSpecFile(FIXTURE_SPEC), client: 'librdkafka' };
    expect(() => validateSpec(raw, 'spec.json')).toThrow(/^spec\.json: client: unknown client "librdkafka"; known: platformatic, java$/);
  });
});

describe('--client bad input: one line, nothing started or written', () => {
  it('an unknown client: 254', async () => {
    const r = await run(['test', '--client', 'nope']);
    expect(r.code).toBe(254);
    expect(r.lines).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown client "nope"; known: platformatic, java/);
    expect(r.storeUsed).toBe(false);
  });

  it('an unknown client in a spec.json given with --spec: 254', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-spec-'));
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ ...readSpecFile(FIXTURE_SPEC), client: 'nope' }));
    const r = await run(['test', '--spec', join(dir, 'spec.json')]);
    expect(r.code).toBe(254);
    expect(r.lines).toEqual([expect.stringMatching(/spec\.json: client: unknown client "nope"/)]);
    expect(r.storeUsed).toBe(false);
  });

  it('--client java with --image (no libs/ on this machine): 254, naming --kafka and --kafka-dist', async () => {
    const r = await run(['test', '--client', 'java', '--image', 'my/kafka:dev']);
    expect(r.code).toBe(254);
    expect(r.lines).toEqual([
      expect.stringMatching(/--client java needs the build under test's libs\/ .*--image my\/kafka:dev.*use --kafka <version> or --kafka-dist <dir>/),
    ]);
    expect(r.storeUsed).toBe(false);
  });

  it('--client java with a distribution whose libs/ has no kafka-clients: 254', async () => {
    const dist = fakeDistribution(['kafka_2.13-9.9.9.jar']);
    const r = await run(['test', '--client', 'java', '--kafka-dist', dist]);
    expect(r.code).toBe(254);
    expect(r.lines).toEqual([expect.stringMatching(/has none \(no kafka-clients-<version>\.jar\): give a complete Kafka distribution/)]);
    expect(r.storeUsed).toBe(false);
  });

  it('--client java without java on PATH: 255, naming the package to install', async () => {
    const r = await run(['test', '--client', 'java', '--kafka-dist', fakeDistribution(COMPLETE)], { PATH: pathWith([]) });
    expect(r.code).toBe(255);
    expect(r.lines).toEqual([expect.stringMatching(/java is not on PATH: install Java 17 or newer/)]);
    expect(r.storeUsed).toBe(false);
  });

  it('--client java when the driver must be built and mvn is missing: 255', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'faultline-empty-cache-'));
    const r = await run(['test', '--client', 'java', '--kafka-dist', fakeDistribution(COMPLETE)], { PATH: pathWith(['java']), FAULTLINE_CACHE: cache });
    expect(r.code).toBe(255);
    expect(r.lines).toEqual([expect.stringMatching(/builds its driver \(clients\/java\) with Maven on first use, and mvn is not on PATH/)]);
    expect(r.storeUsed).toBe(false);
    expect(readdirSync(cache)).toEqual([]);
  });
});
