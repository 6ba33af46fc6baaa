// Suite files: JSON or YAML, every key checked against `faultline test`'s options and the plugins' own option
// schemas, each problem one line naming the file and the path inside it; the shipped suites load and keep their
// promises (smoke ≤ 10 min, release ≤ 60 min, release pairs every workload with every fault family).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../core/paths.ts';
import { validateSpec } from '../../../core/spec.ts';
import { NEMESES } from '../../../nemeses/index.ts';
import { WORKLOADS } from '../../../workloads/index.ts';
import { estimatedSuiteS, loadSuite } from '../../../harness/suite/plan.ts';
import { shippedSuites } from '../../../harness/suite/shipped.ts';
import { suiteFile } from './fake-run.ts';

const load = (text: string, name = 'x.yaml') => loadSuite(suiteFile(text, name), {});
const errorOf = async (text: string, name = 'x.yaml'): Promise<string> => {
  const path = suiteFile(text, name);
  try {
    await loadSuite(path, {});
  } catch (e) {
    return (e as Error).message.replace(path, name);
  }
  throw new Error('no error');
};

describe('suite files', () => {
  it('a test entry becomes exactly the spec faultline test made from the same settings as flags (a recorded run)', async () => {
    // Read as any stored spec.json is: fields added since it was recorded take their defaults.
    const recorded = validateSpec(JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'suite', 'queue-txn-spec.json'), 'utf8')), 'fixture');
    const plan = await load(`name: recorded
tests:
  - { name: it-queue-txn, workload: queue, txn: true, time-limit: 40, nemesis-interval: 8, final-read-timeout: 60, seeds: [7] }
`);
    expect({ ...plan.tests[0]!.spec, seed: plan.tests[0]!.seeds![0] }).toEqual(recorded);
  });

  it('reads JSON as well as YAML; defaults apply and a test overrides them', async () => {
    const plan = await load(
      JSON.stringify({
        name: 'j',
        defaults: { 'time-limit': 30, rate: 50 },
        tests: [
          { workload: 'log', rate: 40, count: 3 },
          { workload: 'eos', seeds: [5, 6] },
        ],
      }),
      'x.json',
    );
    expect(plan.tests.map((t) => [t.name, t.spec.timeLimitS, t.spec.rate, t.count, t.seeds])).toEqual([
      ['log-kill', 30, 40, 3, undefined],
      ['eos-kill', 30, 50, 2, [5, 6]],
    ]);
    expect(plan.tests[0]!.estimatedS).toBe(30 + 90);
  });

  const bad: Array<[string, string, string]> = [
    [
      'a typo in a key, with a suggestion',
      'name: x\ntests:\n  - { workload: queue, time_limit: 30 }\n',
      'x.yaml: tests[0].time_limit: unknown key; did you mean time-limit?',
    ],
    [
      'a typo at the top level',
      'name: x\ntest:\n  - { workload: queue }\n',
      'x.yaml: test: unknown key (a suite file has name, description, defaults and tests)',
    ],
    ['a test without a workload', 'name: x\ntests:\n  - { nemesis: kill }\n', 'x.yaml: tests[0]: no workload (give workload: lost-writes | log | queue | eos)'],
    [
      'an option of another workload',
      'name: x\ntests:\n  - { workload: lost-writes }\n  - { workload: log }\n  - { workload: queue, acks: all }\n',
      'x.yaml: tests[2].acks: not an option of workload queue',
    ],
    [
      'a default that does not fit one test',
      'name: x\ndefaults: { keys: 4 }\ntests:\n  - { workload: queue }\n  - { workload: log }\n',
      'x.yaml: defaults.keys (for tests[1]): not an option of workload log',
    ],
    [
      'a fault option of a family not selected',
      'name: x\ntests:\n  - { workload: log, nemesis: kill, partition-mode: reject }\n',
      'x.yaml: tests[0].partition-mode: the partition nemesis is not selected (add it to nemesis)',
    ],
    [
      'an unknown nemesis',
      'name: x\ntests:\n  - { workload: log, nemesis: [kill, meteor] }\n',
      'x.yaml: tests[0].nemesis: unknown nemesis "meteor"; known: kill, stop, pause, partition, packet, clock, disk, isr-shrink, leader-crash-window, power-loss, coordinator-pause, controller-isolate (or none)',
    ],
    [
      "a bad value, checked by test's own parser",
      'name: x\ntests:\n  - { workload: log, rate: 0 }\n',
      "x.yaml: tests[0].rate: option '--rate <ops/s>' argument '0' is invalid. --rate must be a number greater than 0",
    ],
    ['a bad workload option value', 'name: x\ntests:\n  - { workload: lost-writes, acks: "2" }\n', 'x.yaml: tests[0].acks: --acks 2: must be one of all, 1, 0'],
    ['a switch given a value', 'name: x\ntests:\n  - { workload: queue, txn: "yes" }\n', 'x.yaml: tests[0].txn: a switch: give true or false'],
    [
      'the build in the file',
      'name: x\ntests:\n  - { workload: log, kafka: 4.4.0 }\n',
      'x.yaml: tests[0].kafka: not set in a suite file (the build under test is given once on the command line: faultline suite <suite> --kafka <version>)',
    ],
    ['a single seed', 'name: x\ntests:\n  - { workload: log, seed: 3 }\n', 'x.yaml: tests[0].seed: not set in a suite file (give seeds: [..] or count: N)'],
    ['seeds and count', 'name: x\ntests:\n  - { workload: log, seeds: [1], count: 2 }\n', 'x.yaml: tests[0].seeds: give seeds or count, not both'],
    ['a seed twice', 'name: x\ntests:\n  - { workload: log, seeds: [1, 1] }\n', 'x.yaml: tests[0].seeds: a seed is listed twice'],
    [
      'duplicate test names',
      'name: x\ntests:\n  - { name: a, workload: log }\n  - { name: a, workload: queue }\n',
      'x.yaml: tests[1].name: test name a is also the name of tests[0]; give one of them another name',
    ],
    [
      'duplicate default names',
      'name: x\ntests:\n  - { workload: log }\n  - { workload: log, rate: 5 }\n',
      'x.yaml: tests[1]: test name log-kill (the default for its settings) is also the name of tests[0]; give one of them a name',
    ],
    [
      'a reserved name',
      'name: x\ntests:\n  - { name: suites, workload: log }\n',
      'x.yaml: tests[0].name: the test name suites is reserved in the store; give another name',
    ],
    ['no tests', 'name: x\ntests: []\n', 'x.yaml: tests: a suite needs at least one test'],
    ['a suite name with a slash', 'name: a/b\ntests:\n  - { workload: log }\n', 'x.yaml: name: letters, digits, dot, dash, plus and underscore only'],
    ['duplicate YAML keys', 'name: x\ntests:\n  - { workload: log, workload: queue }\n', 'x.yaml:3:22: not valid YAML (Map keys must be unique)'],
  ];
  it.each(bad)('bad input: %s', async (_what, text, message) => {
    expect(await errorOf(text)).toBe(message);
  });

  it("the README's suite file example is a valid suite", async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const example = /### Suite files[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const plan = await load(example);
    expect(plan.tests.map((t) => [t.name, t.count])).toEqual([
      ['lost-writes-kill+partition', 3],
      ['queue-txn-clock', 2],
      ['log-partition+partition-shape_halves.leader', 1],
    ]);
  });

  it('bad JSON and unknown extensions are one line naming the file', async () => {
    expect(await errorOf('{"name": "x", tests: []}', 'x.json')).toMatch(/^x\.json: not valid JSON \(/);
    expect(await errorOf('name: x', 'x.toml')).toBe('x.toml: a suite file is .json, .yaml or .yml');
  });
});

describe('shipped suites', () => {
  it('smoke and release are shipped and load', async () => {
    expect([...shippedSuites().keys()]).toEqual(expect.arrayContaining(['smoke', 'release']));
    for (const name of shippedSuites().keys()) expect((await loadSuite(name, {})).name).toBe(name);
  });

  it('smoke is estimated within 10 minutes, release within 60', async () => {
    expect(estimatedSuiteS(await loadSuite('smoke', {}))).toBeLessThanOrEqual(600);
    expect(estimatedSuiteS(await loadSuite('release', {}))).toBeLessThanOrEqual(3600);
  });

  it('release runs every registered workload against every fault family, and every scenario at least once', async () => {
    const plan = await loadSuite('release', {});
    for (const [family, f] of Object.entries(NEMESES)) {
      if (f.scenario) {
        expect(
          plan.tests.some((t) => t.spec.nemesis.includes(family)),
          `scenario ${family}`,
        ).toBe(true);
        continue;
      }
      for (const workload of Object.keys(WORKLOADS)) {
        expect(
          plan.tests.some((t) => t.spec.workload === workload && t.spec.nemesis.includes(family)),
          `${workload} × ${family}`,
        ).toBe(true);
      }
    }
  });

  it('the build under test comes from the command line and applies to every test', async () => {
    const plan = await loadSuite('smoke', { kafka: '3.9.1' });
    expect(plan.tests.every((t) => t.spec.cluster.source.kind === 'maven' && t.spec.cluster.source.version === '3.9.1')).toBe(true);
    expect(plan.build).toEqual({ id: 'maven:3.9.1', label: 'Kafka 3.9.1' });
    const image = await loadSuite('smoke', { image: 'my/kafka:dev' });
    expect(image.build.id).toBe('image:my/kafka:dev');
    expect(image.fingerprint).toBe(plan.fingerprint);
  });
});
