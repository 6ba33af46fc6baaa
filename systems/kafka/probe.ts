// Asks the cluster itself (real Kafka protocol requests) which brokers are registered and who leads the KRaft quorum.
import { Admin, Connection, describeQuorumV2 } from '@platformatic/kafka';

export interface QuorumState {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: string;
  voters: Array<{ id: number; logEndOffset: string }>;
  observers: number[];
}

export interface ClusterView {
  clusterId: string;
  brokers: Array<{ id: number; host: string; port: number }>;
  quorum?: QuorumState;
  /** Why the quorum could not be described, when it could not. */
  quorumError?: string;
}

const METADATA_TOPIC = '__cluster_metadata';

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** DescribeQuorum (API key 55), sent to one broker, which answers from the controller quorum. */
export async function describeQuorum(host: string, port: number, timeoutMs = 5000): Promise<QuorumState> {
  const conn = new Connection('faultline-probe', { connectTimeout: timeoutMs, requestTimeout: timeoutMs });
  try {
    await withTimeout(conn.connect(host, port) as Promise<void>, timeoutMs, `connect ${host}:${port}`);
    const r = await withTimeout(
      describeQuorumV2.api.async(conn, [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }]),
      timeoutMs,
      `DescribeQuorum via ${host}:${port}`,
    );
    const p = r.topics[0]?.partitions[0];
    if (!p) throw new Error('DescribeQuorum answered without the metadata partition');
    if (p.errorCode !== 0) throw new Error(`DescribeQuorum error code ${p.errorCode}`);
    return {
      leaderId: p.leaderId,
      leaderEpoch: p.leaderEpoch,
      highWatermark: String(p.highWatermark),
      voters: p.currentVoters.map((v) => ({ id: v.replicaId, logEndOffset: String(v.logEndOffset) })),
      observers: p.observers.map((o) => o.replicaId),
    };
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** Metadata from any reachable bootstrap broker, then the quorum from the first broker that answers. */
export async function probeCluster(bootstrap: string[], timeoutMs = 5000): Promise<ClusterView> {
  const admin = new Admin({ clientId: 'faultline-probe', bootstrapBrokers: bootstrap, timeout: timeoutMs, retries: 0, connectTimeout: timeoutMs });
  try {
    const md = await withTimeout(admin.metadata({ topics: [], forceUpdate: true }), timeoutMs * 2, 'Metadata');
    const brokers = [...md.brokers.entries()].map(([id, b]) => ({ id, host: b.host, port: b.port })).sort((a, b) => a.id - b.id);
    const view: ClusterView = { clusterId: md.id, brokers };
    const errors: string[] = [];
    for (const b of brokers) {
      try {
        view.quorum = await describeQuorum(b.host, b.port, timeoutMs);
        break;
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
    if (!view.quorum) view.quorumError = errors.join('; ') || 'no broker to ask';
    return view;
  } finally {
    await admin.close().catch(() => undefined);
  }
}
