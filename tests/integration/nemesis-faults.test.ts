// Integration: each fault family against one real 3-node cluster (libfaketime on): partition, pause, clock skew,
// packet delay/rate, disk eio and lose-unsynced; heal from a fresh `faultline nemesis heal` process.
import { describe, expect, it, beforeAll, afterAll, vi } from 'vitest';

// Own cluster name and subnet, so this file never collides with the other integration files or a developer's cluster.
const NAMES = vi.hoisted(() => {
  process.env.FAULTLINE_CLUSTER = 'flnem';
  process.env.FAULTLINE_SUBNET = '10.88.9.0/24';
  return { cluster: 'flnem', subnet: '10.88.9.0/24' };
});

import { Admin, Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { clusterDown, clusterUp, type Cluster } from '../../systems/kafka/cluster.ts';
import { chooseSource } from '../../systems/kafka/source.ts';
import { LogReader } from '../../systems/kafka/log-reader.ts';
import type { ClusterNode } from '../../core/cluster.ts';
import { dockerRuntime } from '../../runtime/docker/runtime.ts';
import { Random } from '../../core/generator/random.ts';
import { Options } from '../../core/options.ts';
import { createProgress } from '../../core/progress.ts';
import type { FaultEnv, ManualRequest } from '../../nemeses/family.ts';
import { NEMESES } from '../../nemeses/index.ts';
import { nodeShell } from '../../core/runtime.ts';
import { probeCluster } from '../../systems/kafka/probe.ts';
import { errorFacts, errorLabel } from '../../systems/kafka/outcome.ts';
import { nodeState } from '../../nemeses/node/state.ts';
import { faultline } from './cli.ts';

const progress = createProgress({ quiet: !process.env.FAULTLINE_TEST_VERBOSE });
let cluster: Cluster;
let env: FaultEnv;
let n1: ClusterNode, n2: ClusterNode, n3: ClusterNode;

const family = (name: string) => NEMESES[name]!;
/** Runs a manual action as `faultline nemesis <family> <action>` would, its options validated against the action's schema. */
const manual = (familyName: string, action: string, targets: ClusterNode[], raw: Record<string, string> = {}) => {
  const m = family(familyName).manual[action]!;
  const request: ManualRequest = { targets, options: Options.parse(m.options ?? [], raw, `nemesis ${familyName} ${action}`), rng: new Random(7) };
  return m.run(env, request);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Can `from` open a TCP connection to `to`:9092 within 2 s? (asked with nc inside `from`) */
async function canConnect(from: ClusterNode, to: ClusterNode): Promise<boolean> {
  const r = await nodeShell(from.handle, `nc -z -w 2 ${to.ip} 9092`);
  return r.exitCode === 0;
}

/** Milliseconds `from` needs to open a TCP connection to `to`:9092 (one round trip). */
async function connectMs(from: ClusterNode, to: ClusterNode): Promise<number> {
  const r = await nodeShell(from.handle, `s=$(date +%s%N); nc -z -w 5 ${to.ip} 9092; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))`);
  return Number(r.stdout.trim());
}

/** A topic whose single partition lives only on `broker` (replication factor 1). */
async function topicOn(name: string, broker: number, configs: Record<string, string> = {}): Promise<void> {
  const admin = new Admin({ clientId: 'nemesis-it', bootstrapBrokers: cluster.bootstrap, timeout: 10_000 });
  try {
    await admin.createTopics({
      topics: [name],
      assignments: [{ partition: 0, brokers: [broker] }],
      configs: Object.entries(configs).map(([k, v]) => ({ name: k, value: v })),
    });
    for (let i = 0; i < 60; i++) {
      const md = await admin.metadata({ topics: [name], forceUpdate: true }).catch(() => undefined);
      if ((md?.topics.get(name)?.partitions[0]?.leader ?? -1) === broker) return;
      await sleep(500);
    }
    throw new Error(`topic ${name} has no leader`);
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** Sends values to partition 0; resolves 'ok' or the error text (a send not answered in `timeoutMs` is 'timeout'). */
async function produce(topic: string, values: string[], timeoutMs = 10_000, acks = 1): Promise<string> {
  const producer = new Producer({
    clientId: 'nemesis-it',
    bootstrapBrokers: cluster.bootstrap,
    serializers: stringSerializers,
    timeout: timeoutMs,
    retries: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const send = producer.send({ messages: values.map((value) => ({ topic, partition: 0, value })), acks }).then(
      () => 'ok',
      (e: unknown) => `${String(e)} (${errorLabel(errorFacts(e))})`,
    );
    const timeout = new Promise<string>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    return await Promise.race([send, timeout]);
  } finally {
    clearTimeout(timer);
    void (producer.close(true) as unknown as Promise<void>).catch(() => undefined);
  }
}

/** produce, retried while the partition's leader is still being found (right after topic creation or a restart). */
async function produceOk(topic: string, values: string[]): Promise<string> {
  let last = '';
  // Up to 30 s: a broker that has just restarted (the eio test before restarts n1) may answer with errors for a while.
  for (let i = 0; i < 60; i++) {
    last = await produce(topic, values);
    if (last === 'ok') return last;
    await sleep(500);
  }
  return last;
}

/** Broker timestamp (ms) of the last batch of partition 0, read with a real fetch from its leader. */
async function lastBatchTimestamp(topic: string, leader: number): Promise<number> {
  const consumer = new Consumer({ clientId: 'nemesis-it', groupId: `nemesis-it-${Date.now()}`, bootstrapBrokers: cluster.bootstrap, timeout: 5000 });
  try {
    const md = await consumer.metadata({ topics: [topic], forceUpdate: true });
    const r = await consumer.fetch({
      node: leader,
      isolationLevel: 0,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 1 << 20,
      topics: [
        {
          topicId: md.topics.get(topic)!.id,
          partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, partitionMaxBytes: 1 << 20 }],
        },
      ],
    });
    const batches = r.responses[0]?.partitions[0]?.records ?? [];
    if (batches.length === 0) throw new Error(`no records in ${topic}`);
    return Number(batches.at(-1)!.maxTimestamp);
  } finally {
    await (consumer.close(true) as unknown as Promise<void>).catch(() => undefined);
  }
}

async function endOffset(topic: string): Promise<number> {
  const reader = new LogReader({ bootstrap: cluster.bootstrap, topic });
  try {
    for (let i = 0; ; i++) {
      try {
        return (await reader.endOffsets())[0] ?? 0;
      } catch (e) {
        if (i > 60) throw e;
        await sleep(500);
      }
    }
  } finally {
    await reader.close();
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

beforeAll(async () => {
  cluster = await clusterUp(
    await dockerRuntime(progress),
    { nodes: 3, source: chooseSource({}), brokerOverrides: {}, faketime: true, fresh: true, cluster: NAMES.cluster, subnet: NAMES.subnet },
    progress,
  );
  env = { cluster, progress, topics: [] };
  [n1, n2, n3] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
});

afterAll(async () => {
  if (!cluster) return;
  for (const f of Object.values(NEMESES)) await f.heal(env).catch(() => undefined);
  await clusterDown(cluster.runtime, progress, NAMES.cluster);
});

describe('nemesis families on a real cluster', () => {
  it('partition one: n1 is cut off from n2 while n2-n3 works; a fresh `faultline nemesis heal` process restores every pair', async () => {
    const r = await manual('partition', 'one', [n1]);
    expect(r.type, r.error).toBe('ok');
    expect(await canConnect(n2, n1)).toBe(false);
    expect(await canConnect(n1, n3)).toBe(false);
    expect(await canConnect(n2, n3)).toBe(true);
    expect((await faultline(['nemesis', 'status'])).stdout).toContain('partition(n1');

    const heal = await faultline(['nemesis', 'heal']);
    expect(heal.exitCode, heal.stderr).toBe(0);
    expect(heal.stdout).toMatch(/partition heal: ok on n1,n2,n3/);
    for (const [a, b] of [
      [n1, n2],
      [n2, n1],
      [n1, n3],
      [n3, n1],
      [n2, n3],
      [n3, n2],
    ] as const)
      expect(await canConnect(a, b), `${a.name}->${b.name}`).toBe(true);
    expect((await faultline(['nemesis', 'status'])).stdout.trim()).toBe('no faults found');
  });

  it('pause n1: a produce to a partition only n1 holds times out; after resume it succeeds', async () => {
    await topicOn('nemesis-pause', 1);
    expect(await produceOk('nemesis-pause', ['before'])).toBe('ok');
    const r = await manual('pause', 'pause', [n1]);
    expect(r.type, r.error).toBe('ok');
    expect(await nodeState(n1)).toBe('paused');
    expect(await produce('nemesis-pause', ['during'], 5000)).not.toBe('ok');
    const resumed = await manual('pause', 'resume', []);
    expect(resumed.value.targets).toEqual(['n1']);
    expect(await produceOk('nemesis-pause', ['after'])).toBe('ok');
  });

  it('clock skew +120 s on the leader: LogAppendTime is ~120 s ahead of the host clock; after reset it is not', async () => {
    await topicOn('nemesis-clock', 2, { 'message.timestamp.type': 'LogAppendTime' });
    const skew = await manual('clock', 'skew', [n2], { offset: '120' });
    expect(skew.type, skew.error).toBe('ok');
    const offsets = await manual('clock', 'check-offsets', []);
    const seen = (offsets.value.detail as { offsetsMs: Record<string, number> }).offsetsMs;
    expect(seen.n2).toBeGreaterThan(115_000);
    expect(Math.abs(seen.n1!)).toBeLessThan(5_000);
    await sleep(2500); // the broker re-reads the offset file about once a second
    expect(await produceOk('nemesis-clock', ['skewed'])).toBe('ok');
    const ahead = (await lastBatchTimestamp('nemesis-clock', 2)) - Date.now();
    expect(ahead).toBeGreaterThan(110_000);
    expect(ahead).toBeLessThan(130_000);

    await manual('clock', 'reset', []);
    await sleep(2500);
    expect(await produceOk('nemesis-clock', ['reset'])).toBe('ok');
    expect(Math.abs((await lastBatchTimestamp('nemesis-clock', 2)) - Date.now())).toBeLessThan(10_000);
  });

  it('packet delay 100 ms between n1 and n2 (netem or NFQUEUE) and a 1 mbit rate cap; heal removes both', async () => {
    expect(await connectMs(n2, n1)).toBeLessThan(100);
    const delay = await manual('packet', 'delay', [n1, n2], { 'delay-ms': '100' });
    expect(delay.type, delay.error).toBe('ok');
    expect(await connectMs(n2, n1)).toBeGreaterThanOrEqual(190); // SYN delayed at n1, SYN-ACK at n2
    expect(await connectMs(n3, n1)).toBeLessThan(100);

    const rate = await manual('packet', 'rate', [n1, n2], { rate: '1mbit' });
    expect(rate.type, rate.error).toBe('ok');
    await nodeShell(n1.handle, 'nc -l -p 9999 > /dev/null & sleep 0.2');
    const t = await nodeShell(
      n2.handle,
      `s=$(date +%s%N); head -c 250000 /dev/zero | nc -N -w 10 ${n1.ip} 9999; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))`,
    );
    expect(Number(t.stdout.trim())).toBeGreaterThan(1500); // 2 Mbit at 1 Mbit/s

    const heal = await family('packet').heal(env);
    expect(heal.type, heal.error).toBe('ok');
    expect(await connectMs(n2, n1)).toBeLessThan(100);
  });

  it('disk eio on n1: the broker hits the I/O error and stops; heal restarts it and it rejoins', async () => {
    const r = await manual('disk', 'eio', [n1]);
    expect(r.type, r.error).toBe('ok');
    await waitFor('n1 to stop on the I/O error', async () => (await nodeState(n1)) === 'stopped', 90_000);
    const logs = await n1.handle.logTail(400);
    expect(logs).toMatch(/KafkaStorageException|IOException: Input\/output error/);

    const heal = await family('disk').heal(env);
    expect(heal.value.targets).toEqual(['n1']);
    await cluster.system.waitReady(progress, 120_000);
    expect(await nodeState(n1)).toBe('running');
  });

  it('lose-unsynced: acks=1 records only on n1 survive a SIGKILL, but are lost when the crash drops un-fsynced writes', async () => {
    await topicOn('nemesis-unsynced', 1);
    const batch = (from: number) => Array.from({ length: 200 }, (_, i) => String(from + i));
    const first = await produceOk('nemesis-unsynced', batch(0));
    expect(first, first).toBe('ok');
    expect(await endOffset('nemesis-unsynced')).toBe(200);

    await manual('kill', 'kill', [n1]);
    await manual('kill', 'restart', [n1]);
    await cluster.system.waitReady(progress, 120_000);
    expect(await endOffset('nemesis-unsynced')).toBe(200); // SIGKILL alone: the page cache kept everything

    const second = await produceOk('nemesis-unsynced', batch(200));
    expect(second, second).toBe('ok');
    expect(await endOffset('nemesis-unsynced')).toBe(400);
    const crash = await manual('disk', 'lose-unsynced', [n1]);
    expect(crash.type, crash.error).toBe('ok');
    expect((crash.value.detail as { rolledBackBytes: number }).rolledBackBytes).toBeGreaterThan(0);
    await family('disk').heal(env);
    await cluster.system.waitReady(progress, 120_000);
    expect(await endOffset('nemesis-unsynced')).toBeLessThan(400); // acknowledged records are gone
  });

  it('recovery: a node that exited by itself fails the readiness wait, unless the wait may restart it', async () => {
    await n2.handle.stop(30); // a broker that shut itself down
    await expect(cluster.system.waitReady(progress, 30_000)).rejects.toThrow(/node n2 exited \(code \d+\) while starting/);
    const restarted: string[] = [];
    await cluster.system.waitReady(progress, 120_000, {
      onExited: async ({ node }) => {
        restarted.push(node.name);
        await node.handle.start();
        return true;
      },
    });
    expect(restarted).toEqual(['n2']);
    const view = await probeCluster(cluster.bootstrap);
    expect(view.brokers.map((b) => b.id)).toEqual([1, 2, 3]);
  });
});
