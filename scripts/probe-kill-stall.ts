// Investigation (not a test): how long do acks=all writes stall when one of three brokers is SIGKILLed, and why?
// Starts the default cluster, writes continuously to an RF-3 topic from 6 concurrent senders, kills one broker that
// is neither the quorum leader nor a partition leader, keeps it dead for 30 s, and prints ok sends per second next
// to the ISR of every partition as the cluster reports it. Usage: npx tsx scripts/probe-kill-stall.ts
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { dockerRuntime } from '../runtime/docker/runtime.ts';
import { clusterUp, clusterDown } from '../systems/kafka/cluster.ts';
import { describeQuorum } from '../systems/kafka/probe.ts';
import { createTopic } from '../systems/kafka/topics.ts';
import { createProgress } from '../core/progress.ts';
import { DEFAULT_KAFKA_VERSION } from '../systems/kafka/versions.ts';

const TOPIC = 'probe-stall';
const progress = createProgress();
const runtime = await dockerRuntime(progress);
const cluster = await clusterUp(runtime, { nodes: 3, source: { kind: 'maven', version: DEFAULT_KAFKA_VERSION }, brokerOverrides: {}, fresh: true }, progress);
try {
  await createTopic(cluster, { name: TOPIC, partitions: 6, replicationFactor: 3 });
  const admin = new Admin({ clientId: 'probe', bootstrapBrokers: cluster.bootstrap, timeout: 2000, retries: 0 });
  const md = await admin.metadata({ topics: [TOPIC], forceUpdate: true });
  const leaders = new Set(md.topics.get(TOPIC)!.partitions.map((p) => p.leader));
  const controller = (await describeQuorum(cluster.nodes[0]!.ip, 9092)).leaderId;
  const victim = cluster.nodes.find((n) => !leaders.has(n.id) && n.id !== controller) ?? cluster.nodes.find((n) => n.id !== controller)!;
  console.log(
    `leaders ${[...leaders].join(',')}, controller ${controller}, victim ${victim.name} (leads ${leaders.has(victim.id) ? 'some' : 'no'} partitions)`,
  );

  let stop = false;
  const okAt: number[] = [];
  const t0 = Date.now();
  const sender = async (i: number): Promise<void> => {
    const p = new Producer({ clientId: `s${i}`, bootstrapBrokers: cluster.bootstrap, serializers: stringSerializers, retries: 0, timeout: 60_000 });
    let n = 0;
    while (!stop) {
      try {
        await p.send({ messages: [{ topic: TOPIC, partition: (i + n++) % 6, value: 'x' }], acks: -1 });
        okAt.push(Date.now() - t0);
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await p.close(true);
  };
  const senders = Array.from({ length: 6 }, (_, i) => sender(i));
  const isr = async (): Promise<string> => {
    try {
      const m = await admin.metadata({ topics: [TOPIC], forceUpdate: true });
      return m.topics
        .get(TOPIC)!
        .partitions.map((p, i) => `${i}:L${p.leader}[${p.isr.join('')}]`)
        .join(' ');
    } catch (e) {
      return `(metadata failed: ${e instanceof Error ? e.message : e})`;
    }
  };
  let killedAt = 0;
  for (let s = 0; s < 45; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    const sec = Math.floor((Date.now() - t0) / 1000);
    if (s === 5) {
      await victim.handle.kill('SIGKILL');
      killedAt = Date.now() - t0;
      console.log(`t=${(killedAt / 1000).toFixed(1)}s SIGKILL ${victim.name}`);
    }
    if (s === 35) {
      await victim.handle.start();
      console.log(`t=${((Date.now() - t0) / 1000).toFixed(1)}s restarted ${victim.name}`);
    }
    const inLastSecond = okAt.filter((t) => t >= (sec - 1) * 1000 && t < sec * 1000).length;
    console.log(`t=${sec}s ok/s=${String(inLastSecond).padStart(4)}  ${await isr()}`);
  }
  stop = true;
  await Promise.race([Promise.all(senders), new Promise((r) => setTimeout(r, 65_000))]);
  const firstAfter = okAt.find((t) => t > killedAt + 200);
  console.log(`first ok send after the kill: ${firstAfter ? ((firstAfter - killedAt) / 1000).toFixed(1) + ' s' : 'none'}`);
  await admin.close();
} finally {
  await clusterDown(runtime, progress);
}
