// Creates the workload's topics (replication and min ISR from the cluster's safe defaults) and waits for leaders.
import { Admin } from '@platformatic/kafka';
import { guardConnectionPool } from './client-guards.ts';
import { errorFacts } from './outcome.ts';

export interface TopicRequest {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
}

export async function createTopic(cluster: { bootstrap: string[] }, req: TopicRequest, timeoutMs = 60_000): Promise<void> {
  const admin = new Admin({ clientId: 'faultline-setup', bootstrapBrokers: cluster.bootstrap, timeout: 10_000, retries: 3 });
  try {
    try {
      await admin.createTopics({
        topics: [req.name],
        partitions: req.partitions,
        replicas: req.replicationFactor,
        configs: Object.entries(req.configs ?? {}).map(([name, value]) => ({ name, value })),
      });
    } catch (e) {
      if (!errorFacts(e).apiIds.includes('TOPIC_ALREADY_EXISTS')) throw e;
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const md = await admin.metadata({ topics: [req.name], forceUpdate: true }).catch(() => undefined);
      const parts = md?.topics.get(req.name)?.partitions ?? [];
      if (parts.length === req.partitions && parts.every((p) => p && p.leader >= 0 && p.isr.length >= Math.min(req.replicationFactor, 2))) return;
      if (Date.now() > deadline) throw new Error(`topic ${req.name}: partitions have no leader/ISR after ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** Current leader node id of each partition of a topic (-1 when none). */
export async function partitionLeaders(bootstrap: string[], topic: string): Promise<number[]> {
  const admin = guardConnectionPool(new Admin({ clientId: 'faultline-nemesis', bootstrapBrokers: bootstrap, timeout: 3000, retries: 0 }));
  try {
    const md = await admin.metadata({ topics: [topic], forceUpdate: true });
    return (md.topics.get(topic)?.partitions ?? []).map((p) => p.leader);
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** Every topic that is not Kafka's own (those start with "__"); [] when no broker answers. */
export async function listUserTopics(bootstrap: string[]): Promise<string[]> {
  const admin = guardConnectionPool(new Admin({ clientId: 'faultline-nemesis', bootstrapBrokers: bootstrap, timeout: 5000, retries: 0 }));
  try {
    return (await admin.listTopics()).filter((t) => !t.startsWith('__'));
  } catch {
    return [];
  } finally {
    await admin.close().catch(() => undefined);
  }
}
