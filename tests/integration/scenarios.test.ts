// Integration: Kafka-aware scenarios on a real 3-node cluster — the mechanism each relies on, observed from the
// brokers themselves — and one short unsafe canary end to end (acks=1 under leader-crash-window loses writes and
// faultline says so), next to its safe twin.
import { Producer, stringSerializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterNode } from '../../core/cluster.ts';
import { Random } from '../../core/generator/random.ts';
import { Options } from '../../core/options.ts';
import { createProgress } from '../../core/progress.ts';
import type { RunResults } from '../../core/result.ts';
import type { FaultEnv, ManualRequest } from '../../nemeses/family.ts';
import { NEMESES } from '../../nemeses/index.ts';
import { awaitPartition } from '../../nemeses/scenario/partition-choice.ts';
import { dockerRuntime } from '../../runtime/docker/runtime.ts';
import { clusterDown, clusterUp, type Cluster } from '../../systems/kafka/cluster.ts';
import { chooseSource } from '../../systems/kafka/source.ts';
import { createTopic } from '../../systems/kafka/topics.ts';
import { faultline, runDirOf } from './cli.ts';

const NAMES = { cluster: 'flsc', subnet: '10.88.10.0/24' };
const TOPIC = 'scenario-it';
const progress = createProgress();
let cluster: Cluster;
let env: FaultEnv;

const manual = (family: string, action: string, raw: Record<string, string> = {}) => {
  const m = NEMESES[family]!.manual[action]!;
  const request: ManualRequest = { targets: [], options: Options.parse(m.options ?? [], raw, `nemesis ${family} ${action}`), rng: new Random(3) };
  return m.run(env, request);
};

/** Writes keep flowing (acks=1) while a scenario runs: Kafka notices lagging followers only while the leader appends. */
function keepWriting(): { stop(): Promise<void> } {
  let stopped = false;
  const producer = new Producer({ clientId: 'scenario-it', bootstrapBrokers: cluster.bootstrap, serializers: stringSerializers, retries: 0, timeout: 3000 });
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      await producer.send({ messages: [{ topic: TOPIC, partition: i % 3, value: String(i) }], acks: 1 }).catch(() => new Promise((r) => setTimeout(r, 200)));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await Promise.resolve(producer.close(true)).catch(() => undefined);
    },
  };
}

beforeAll(async () => {
  const preset = NEMESES['isr-shrink']!.preset!.settings;
  cluster = await clusterUp(
    await dockerRuntime(progress),
    { nodes: 3, source: chooseSource({}), brokerOverrides: preset, fresh: true, cluster: NAMES.cluster, subnet: NAMES.subnet },
    progress,
  );
  await createTopic(cluster, { name: TOPIC, partitions: 3, replicationFactor: 3 });
  env = { cluster, progress, topics: [TOPIC] };
});

afterAll(async () => {
  if (!cluster) return;
  for (const f of Object.values(NEMESES)) await f.heal(env).catch(() => undefined);
  await clusterDown(cluster.runtime, progress, NAMES.cluster);
});

describe('scenarios on a real cluster', () => {
  it('isr-shrink: with replication cut, the brokers report the leader alone in the ISR; after heal the ISR is full again', async () => {
    const writer = keepWriting();
    try {
      const r = await manual('isr-shrink', 'run', { then: 'none', wait: '60', observe: '1' });
      const steps = r.value;
      expect(r.type, r.error).not.toBe('fail');
      const states = await cluster.system.partitionStates(TOPIC);
      // The scenario's own record says which partition and leader it aimed at; the brokers must agree.
      const shrunk = states.filter((s) => s.isr.length === 1 && s.isr[0] === s.leader);
      expect(shrunk.length, `ISRs now: ${JSON.stringify(states.map((s) => s.isr))} (${JSON.stringify(steps)})`).toBeGreaterThanOrEqual(1);
      const target = shrunk[0]!;
      const leader = cluster.nodes.find((n) => n.id === target.leader) as ClusterNode;
      // The leader still serves clients and keeps its controller link: it was not fenced, leadership did not move.
      expect((await cluster.system.brokerView(leader, [TOPIC])).liveBrokers).toContain(leader.id);
      await NEMESES['isr-shrink']!.heal(env);
      const full = await awaitPartition(env, TOPIC, target.partition, (s) => s.isr.length === 3, 60_000);
      expect(full.reached, JSON.stringify(full.state)).toBe(true);
    } finally {
      await writer.stop();
    }
  });

  it('controller-isolate: another node becomes the quorum leader while the isolated one still answers clients', async () => {
    const before = await cluster.system.activeController();
    const r = await manual('controller-isolate', 'run');
    expect(r.type, r.error).toBe('ok');
    const after = await cluster.system.activeController(cluster.nodes.filter((n) => n.id !== before));
    expect(after).not.toBe(before);
    const old = cluster.nodes.find((n) => n.id === before)!;
    await expect(cluster.system.brokerView(old, [TOPIC])).resolves.toBeDefined();
    await NEMESES['controller-isolate']!.heal(env);
  });
});

describe('an unsafe canary end to end', () => {
  const run = async (acks: string): Promise<RunResults> => {
    const r = await faultline([
      'test',
      '--acks',
      acks,
      '--nemesis',
      'leader-crash-window',
      '--time-limit',
      '30',
      '--nemesis-interval',
      '8',
      '--seed',
      '21',
      '--name',
      `it-canary-acks${acks}`,
    ]);
    const dir = runDirOf(r, [0, 1]);
    return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
  };

  it('acks=1 under leader-crash-window loses acknowledged writes, and faultline reports them; acks=all does not', async () => {
    const unsafe = await run('1');
    expect(unsafe.valid).toBe(false);
    expect(unsafe.checkers['lost-writes']!.anomalies.some((a) => a.type === 'lost')).toBe(true);
    const safe = await run('all');
    expect(safe.valid).toBe(true);
  });
});
