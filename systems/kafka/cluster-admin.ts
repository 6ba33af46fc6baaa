// Questions and orders scenarios send to the cluster: each partition's leader, leader epoch, ISR and ELR
// (DescribeTopicPartitions, asked of one broker), the coordinator of a transactional id or group (FindCoordinator), a
// topic's effective config (DescribeConfigs), and leader elections, run with Kafka's own tool inside a node so that
// the build under test decides how (the client library has no ElectLeaders).
import { Admin, Connection, describeTopicPartitionsV0, metadataV12 } from '@platformatic/kafka';
import type { BrokerView, ClusterNode, PartitionState } from '../../core/cluster.ts';
import { nodeShell } from '../../core/runtime.ts';
import { guardConnectionPool } from './client-guards.ts';
import { errorFacts, errorLabel } from './outcome.ts';

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
};

/** Every partition of `topic` as the broker at host:port sees it (its metadata cache). */
export async function describePartitions(host: string, port: number, topic: string, timeoutMs = 3000): Promise<PartitionState[]> {
  const conn = new Connection('faultline-scenario', { connectTimeout: timeoutMs, requestTimeout: timeoutMs });
  try {
    await withTimeout(conn.connect(host, port) as Promise<void>, timeoutMs, `connect ${host}:${port}`);
    const r = await withTimeout(describeTopicPartitionsV0.api.async(conn, [{ name: topic }], 10_000), timeoutMs, `DescribeTopicPartitions via ${host}:${port}`);
    const t = r.topics[0];
    if (!t || t.errorCode !== 0) throw new Error(`DescribeTopicPartitions ${topic}: error code ${t?.errorCode ?? 'none'}`);
    return t.partitions
      .map((p) => ({
        partition: p.partitionIndex,
        leader: p.leaderId,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicaNodes,
        isr: p.isrNodes,
        elr: p.eligibleLeaderReplicas,
        lastKnownElr: p.lastKnownElr,
      }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** Metadata as the broker at host:port answers it from its own cache: live brokers, and each partition's state. */
export async function brokerView(host: string, port: number, topics: string[], timeoutMs = 2000): Promise<BrokerView> {
  const conn = new Connection('faultline-monitor', { connectTimeout: timeoutMs, requestTimeout: timeoutMs });
  try {
    await withTimeout(conn.connect(host, port) as Promise<void>, timeoutMs, `connect ${host}:${port}`);
    const r = await withTimeout(metadataV12.api.async(conn, topics, false, false), timeoutMs, `Metadata via ${host}:${port}`);
    return {
      liveBrokers: r.brokers.map((b) => b.nodeId).sort((a, b) => a - b),
      partitions: r.topics.flatMap((t) =>
        t.errorCode === 0 && t.name
          ? t.partitions.map((p) => ({ topic: t.name!, partition: p.partitionIndex, leader: p.leaderId, leaderEpoch: p.leaderEpoch, isr: p.isrNodes }))
          : [],
      ),
    };
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** The node id coordinating a transactional id or a consumer group. */
export async function findCoordinator(bootstrap: string[], kind: 'transaction' | 'group', key: string): Promise<number> {
  const admin = guardConnectionPool(new Admin({ clientId: 'faultline-scenario', bootstrapBrokers: bootstrap, timeout: 3000, retries: 2 }));
  try {
    const [found] = await admin.findCoordinator({ keyType: kind === 'group' ? 0 : 1, keys: [key] });
    if (!found) throw new Error(`FindCoordinator ${kind} ${key}: no answer`);
    return found.nodeId;
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** A topic's effective value of one config (with broker defaults applied), as the cluster reports it. */
export async function topicConfig(bootstrap: string[], topic: string, key: string): Promise<string | undefined> {
  const admin = guardConnectionPool(new Admin({ clientId: 'faultline-scenario', bootstrapBrokers: bootstrap, timeout: 3000, retries: 2 }));
  try {
    const [described] = await admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: topic, configurationKeys: [key] }] });
    return described?.configs.find((c) => c.name === key)?.value ?? undefined;
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** The leader-election tool's class: moved from core (kafka.admin) to tools (org.apache.kafka.tools) in Kafka 3.7. */
const ELECTION_TOOLS = ['org.apache.kafka.tools.LeaderElectionCommand', 'kafka.admin.LeaderElectionCommand'];

/**
 * Asks the controller to elect leaders for the given partitions (ElectLeaders, election type `preferred` or
 * `unclean`), with the cluster's own tool run in `via` against its own broker. Returns the tool's answer.
 */
export async function electLeaders(via: ClusterNode, clientPort: number, topic: string, partitions: number[], type: 'preferred' | 'unclean'): Promise<string> {
  const json = JSON.stringify({ partitions: partitions.map((p) => ({ topic, partition: p })) });
  const file = `/tmp/faultline-elect-${Date.now()}.json`;
  await via.handle.writeFile(file, json);
  let last = '';
  for (const tool of ELECTION_TOOLS) {
    const r = await nodeShell(
      via.handle,
      `/opt/faultline/kafka-run-class ${tool} --bootstrap-server ${via.ip}:${clientPort} --election-type ${type} --path-to-json-file ${file} 2>&1`,
      60_000,
    );
    last = r.stdout.trim();
    if (!/ClassNotFoundException|Could not find or load main class/.test(last)) {
      if (r.exitCode !== 0 && !/Valid replica already elected|ELECTION_NOT_NEEDED/i.test(last))
        throw new Error(`leader election (${type}) failed: ${last.split('\n').slice(-3).join(' | ')}`);
      return last.split('\n').slice(-3).join(' | ');
    }
  }
  throw new Error(`no leader-election tool in this Kafka build: ${last.split('\n').slice(-1)[0]}`);
}

/** One label for an admin error (for ops' error fields). */
export const adminErrorLabel = (e: unknown): string => errorLabel(errorFacts(e));
