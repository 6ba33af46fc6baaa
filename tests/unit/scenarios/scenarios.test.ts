// Kafka-aware scenarios without a cluster: the link cuts they install, the refusals of specs they cannot work in, and
// the named presets a spec records for them.
import { describe, expect, it } from 'vitest';
import type { ClusterNode } from '../../../core/cluster.ts';
import type { NodeHandle } from '../../../core/runtime.ts';
import type { TestSpec } from '../../../core/spec.ts';
import { buildProgram } from '../../../harness/cli/main.ts';
import { specFromFlags } from '../../../harness/cli/test.ts';
import { effectiveBrokerSettings } from '../../../harness/run/runner.ts';
import { nemesesFor, NEMESES } from '../../../nemeses/index.ts';
import { linkRules } from '../../../nemeses/netns/links.ts';

const node = (i: number): ClusterNode => ({ name: `n${i}`, id: i, ip: `10.0.0.${10 + i}`, roles: ['broker', 'controller'], handle: {} as NodeHandle });
const [n1, n2, n3] = [node(1), node(2), node(3)];

function specOf(args: string[]): TestSpec {
  const program = buildProgram();
  let spec: TestSpec | undefined;
  program.commands
    .find((c) => c.name() === 'test')!
    .action((flags: Parameters<typeof specFromFlags>[0]) => {
      spec = specFromFlags(flags);
    });
  program.parse(['node', 'faultline', 'test', '--seed', '1', ...args]);
  return spec!;
}

describe('link cuts', () => {
  it('cut the named port both ways and nothing else; without a port, every packet between the pair', () => {
    const rules = linkRules([
      { a: n1, b: n2, port: 9092 },
      { a: n1, b: n3, port: 9092 },
    ]);
    expect(rules.get(n1)!.rules).toEqual([
      ['-s', '10.0.0.12', '-p', 'tcp', '--dport', '9092', '-j', 'DROP'],
      ['-s', '10.0.0.13', '-p', 'tcp', '--dport', '9092', '-j', 'DROP'],
    ]);
    expect(rules.get(n2)!.rules).toEqual([['-s', '10.0.0.11', '-p', 'tcp', '--dport', '9092', '-j', 'DROP']]);
    expect(linkRules([{ a: n1, b: n3 }]).get(n3)!.rules).toEqual([['-s', '10.0.0.11', '-j', 'DROP']]);
  });
});

describe('scenarios as fault families', () => {
  it('are registered and state what they attack and rely on', () => {
    for (const name of ['isr-shrink', 'leader-crash-window', 'power-loss', 'coordinator-pause', 'controller-isolate']) {
      expect(NEMESES[name]?.description).toMatch(/Attacks: .+\. Relies on: .+/);
    }
  });

  it('refuse a cluster they cannot work in, before anything starts', () => {
    expect(() => nemesesFor(specOf(['--nemesis', 'isr-shrink', '--nodes', '1']))).toThrow(/isr-shrink: needs a cluster of at least 2 nodes/);
    expect(() => nemesesFor(specOf(['--nemesis', 'controller-isolate', '--nodes', '2']))).toThrow(
      /controller-isolate: needs at least 3 controller-quorum members/,
    );
    expect(() =>
      nemesesFor(specOf(['--nemesis', 'leader-crash-window', '--leader-crash-window-window-min', '5', '--leader-crash-window-window-max', '2'])),
    ).toThrow(/window-min 5 is larger than/);
  });

  it('record their named broker-setting preset in the spec; --broker-config wins over it', () => {
    const spec = specOf(['--nemesis', 'isr-shrink', '--broker-config', 'replica.lag.time.max.ms=8000']);
    expect(spec.cluster.presets).toEqual([
      expect.objectContaining({ name: 'fast-isr', settings: { 'replica.lag.time.max.ms': '5000', 'unclean.leader.election.interval.ms': '2000' } }),
    ]);
    expect(effectiveBrokerSettings(spec)).toEqual({ 'replica.lag.time.max.ms': '8000', 'unclean.leader.election.interval.ms': '2000' });
    expect(specOf(['--nemesis', 'kill']).cluster.presets).toBeUndefined();
  });

  it('record each step as its own op', () => {
    expect(nemesesFor(specOf(['--nemesis', 'isr-shrink,leader-crash-window,kill'])).map((n) => [n.family, !!n.recordsSteps])).toEqual([
      ['isr-shrink', true],
      ['leader-crash-window', true],
      ['kill', false],
    ]);
  });
});
