// Kafka cluster lifecycle on a Runtime: up (create or reuse), attach to a running one, status, log collection, down.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterHandle, ClusterNode } from '../../core/cluster.ts';
import { repoRoot } from '../../core/paths.ts';
import { registerCleanup } from '../../core/cleanup.ts';
import { UserError, errorMessage } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import type { NodeRecord, Runtime } from '../../core/runtime.ts';
import { DEFAULT_HEAP, renderProperties, serverProperties } from './broker-config.ts';
import { resolveDistribution, type KafkaDistribution, type KafkaSource } from './distribution.ts';
import { probeCluster } from './probe.ts';
import { KafkaSystem } from './system.ts';
import { bootstrapServers, topology, type Topology, DEFAULT_CLUSTER_NAME, DEFAULT_SUBNET, BROKER_PORT } from './topology.ts';

export const NODE_FILES_DIR = join(repoRoot, 'systems', 'kafka', 'node');

export interface ClusterOptions {
  nodes: number;
  /** Dedicated controllers beside the brokers; 0 or absent = combined mode. */
  controllers?: number;
  source: KafkaSource;
  /** Own base image instead of the debootstrapped one (must already be in the engine). */
  baseImage?: string;
  brokerOverrides: Record<string, string>;
  heap?: string;
  /** Preload libfaketime into brokers (needed by the clock nemesis). */
  faketime?: boolean;
  cluster?: string;
  subnet?: string;
  /** Replace an existing cluster even when it matches. */
  fresh?: boolean;
}

/** A running Kafka cluster: what every plugin sees (ClusterHandle), plus the Kafka facts it was made from. */
export interface Cluster extends ClusterHandle {
  topology: Topology;
  image: string;
  distribution: KafkaDistribution;
  clusterId: string;
  brokerOverrides: Record<string, string>;
  system: KafkaSystem;
  /** true when an existing matching cluster was reused. */
  reused: boolean;
}

/** Labels on every node: the settings it was made with, and their hash (a later `up` reuses only an exact match). */
const SPEC_LABEL = 'faultline.spec';
const HASH_LABEL = 'faultline.spec.hash';

/** The cluster as plugins see it, from its topology and build. */
function clusterHandle(runtime: Runtime, t: Topology, facts: Pick<Cluster, 'image' | 'distribution' | 'clusterId' | 'brokerOverrides' | 'reused'>): Cluster {
  const nodes: ClusterNode[] = t.nodes.map((n) => ({ ...n, handle: runtime.node(t.cluster, n.name) }));
  const bootstrap = bootstrapServers(t);
  return {
    name: t.cluster,
    subnet: t.subnet,
    gateway: t.gateway,
    nodes,
    bootstrap,
    runtime,
    system: new KafkaSystem(facts.distribution.version, { name: t.cluster, nodes, bootstrap }),
    topology: t,
    ...facts,
  };
}

/** The description stored as a label on every node; a later `up` reuses a cluster only if this matches exactly. */
export interface StoredSpec {
  nodes: number;
  controllers?: number;
  subnet: string;
  image: string;
  source: KafkaSource;
  version: string;
  home?: string;
  overrides: Record<string, string>;
  heap: string;
  faketime: boolean;
  clusterId: string;
}

const specHash = (s: Omit<StoredSpec, 'clusterId'>): string => createHash('sha256').update(JSON.stringify(s)).digest('hex').slice(0, 16);

/** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (22 characters), not starting with '-'. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Creates (or reuses) the cluster and waits until every broker is registered and the quorum has a leader. */
export async function clusterUp(runtime: Runtime, opts: ClusterOptions, progress: Progress): Promise<Cluster> {
  const t = topology(opts.nodes, opts.cluster ?? DEFAULT_CLUSTER_NAME, opts.subnet ?? DEFAULT_SUBNET, opts.controllers ?? 0);
  const distribution = await resolveDistribution(opts.source, progress);
  const image = await runtime.ensureImage(opts.source.kind === 'image' ? opts.source.image : opts.baseImage);
  const base = {
    nodes: opts.nodes,
    ...(opts.controllers ? { controllers: opts.controllers } : {}),
    subnet: t.subnet,
    image,
    source: opts.source,
    version: distribution.version,
    home: distribution.home,
    overrides: opts.brokerOverrides,
    heap: opts.heap ?? DEFAULT_HEAP,
    faketime: !!opts.faketime,
  };
  const hash = specHash(base);

  const existing = await runtime.list(t.cluster);
  if (existing.length > 0 && !opts.fresh) {
    const reusable = existing.length === t.nodes.length && existing.every((c) => c.labels[HASH_LABEL] === hash && c.state === 'running');
    if (reusable) {
      const stored = JSON.parse(existing[0]!.labels[SPEC_LABEL] ?? '{}') as StoredSpec;
      const cluster = clusterHandle(runtime, t, { image, distribution, clusterId: stored.clusterId, brokerOverrides: opts.brokerOverrides, reused: true });
      try {
        await cluster.system.waitReady(progress, 30_000);
        progress.info(`reusing running cluster ${t.cluster} (${t.nodes.length} nodes, same build and settings)`);
        return cluster;
      } catch (e) {
        progress.info(`existing cluster ${t.cluster} is not healthy (${errorMessage(e)}); replacing it`);
      }
    } else {
      progress.info(`replacing existing cluster ${t.cluster} (${existing.length} containers with other settings or not running)`);
    }
  }
  await progress.step(`removing leftovers of cluster ${t.cluster}`, async () => {
    await runtime.remove(t.cluster);
  });

  const clusterId = newClusterId();
  const stored: StoredSpec = { ...base, clusterId };
  const cluster = clusterHandle(runtime, t, { image, distribution, clusterId, brokerOverrides: opts.brokerOverrides, reused: false });
  const unregister = registerCleanup(`remove half-made cluster ${t.cluster}`, async () => {
    await runtime.remove(t.cluster);
  });
  try {
    await runtime.createNetwork({ cluster: t.cluster, name: t.network, subnet: t.subnet, gateway: t.gateway });
    const hasFuse = existsSync('/dev/fuse');
    await progress.step(`creating ${t.nodes.length} Kafka ${distribution.version} nodes on ${t.network} (${t.subnet})`, async () => {
      for (const node of t.nodes) {
        const props = renderProperties(serverProperties(t, node, opts.brokerOverrides));
        await runtime.createNode({
          cluster: t.cluster,
          name: node.name,
          hostname: node.name,
          image,
          network: t.network,
          ip: node.ip,
          aliases: [node.name],
          env: {
            FAULTLINE_NODE_ID: String(node.id),
            FAULTLINE_CLUSTER_ID: clusterId,
            FAULTLINE_SERVER_PROPERTIES: props,
            FAULTLINE_HEAP: base.heap,
            FAULTLINE_FAKETIME: base.faketime ? '1' : '0',
          },
          cmd: ['/usr/bin/tini', '-g', '--', '/opt/faultline/start.sh'],
          mounts: [...(distribution.home ? [{ host: distribution.home, node: '/opt/kafka' }] : []), { host: NODE_FILES_DIR, node: '/opt/faultline' }],
          labels: { [SPEC_LABEL]: JSON.stringify(stored), [HASH_LABEL]: hash },
          capabilities: ['NET_ADMIN', ...(hasFuse ? ['SYS_ADMIN'] : [])],
          devices: hasFuse ? ['/dev/fuse'] : [],
          extraHosts: t.nodes.map((n) => `${n.name}:${n.ip}`),
        });
      }
      await Promise.all(cluster.nodes.map((n) => n.handle.start()));
    });
    await cluster.system.waitReady(progress, 180_000);
    unregister();
    return cluster;
  } catch (e) {
    unregister();
    await runtime.remove(t.cluster).catch(() => undefined);
    throw e;
  }
}

/** The running cluster, described from its nodes' labels (no settings needed). */
export async function attachCluster(runtime: Runtime, name = DEFAULT_CLUSTER_NAME): Promise<Cluster> {
  const records = await runtime.list(name);
  if (records.length === 0) throw new UserError(`no cluster ${name} (start one with faultline cluster up, or set FAULTLINE_CLUSTER)`);
  const stored = storedSpecOf(records);
  const t = topology(stored.nodes, name, stored.subnet, stored.controllers ?? 0);
  return clusterHandle(runtime, t, {
    image: stored.image,
    distribution: { source: stored.source, version: stored.version, home: stored.home },
    clusterId: stored.clusterId,
    brokerOverrides: stored.overrides ?? {},
    reused: true,
  });
}

const storedSpecOf = (records: NodeRecord[]): StoredSpec => JSON.parse(records[0]?.labels[SPEC_LABEL] ?? '{}') as StoredSpec;

/** Copies the broker's log directory and the console log of every node into <dir>/<node>/. */
export async function collectNodeLogs(cluster: Pick<ClusterHandle, 'nodes' | 'system'>, dir: string, progress: Progress): Promise<void> {
  await progress.step(`collecting node logs into ${dir}`, async () => {
    await Promise.all(
      cluster.nodes.map(async (n) => {
        try {
          await n.handle.copyOut(cluster.system.logDir, join(dir, n.name));
        } catch (e) {
          progress.warn(`could not collect logs of ${n.name}: ${errorMessage(e)}`);
        }
      }),
    );
  });
}

export async function clusterDown(runtime: Runtime, progress: Progress, cluster = DEFAULT_CLUSTER_NAME): Promise<{ nodes: number; networks: number }> {
  return progress.step(`removing cluster ${cluster}`, () => runtime.remove(cluster));
}

export interface NodeStatus {
  name: string;
  state: string;
  ip?: string;
  /** Kafka node.id. */
  nodeId: number;
  roles: string[];
}

export interface ClusterStatus {
  cluster: string;
  exists: boolean;
  version?: string;
  source?: KafkaSource;
  image?: string;
  clusterId?: string;
  /** Every node: brokers n1.., then dedicated controllers c1.. when there are any. */
  nodes: NodeStatus[];
  brokers: number[];
  quorumLeader?: number;
  quorumVoters?: number[];
  quorumEpoch?: number;
  problem?: string;
}

export async function clusterStatus(runtime: Runtime, cluster = DEFAULT_CLUSTER_NAME): Promise<ClusterStatus> {
  const records = await runtime.list(cluster);
  if (records.length === 0) return { cluster, exists: false, nodes: [], brokers: [] };
  const stored: Partial<StoredSpec> = storedSpecOf(records);
  const t = topology(stored.nodes ?? records.length, cluster, stored.subnet ?? DEFAULT_SUBNET, stored.controllers ?? 0);
  const nodes: NodeStatus[] = t.nodes.flatMap((spec) => {
    const r = records.find((x) => x.name === spec.name);
    return r ? [{ name: r.name, state: r.state, ip: r.ip, nodeId: spec.id, roles: spec.roles }] : [];
  });
  const status: ClusterStatus = {
    cluster,
    exists: true,
    version: stored.version,
    source: stored.source,
    image: stored.image,
    clusterId: stored.clusterId,
    nodes,
    brokers: [],
  };
  const running = nodes.filter((n) => n.state === 'running' && n.ip && n.roles.includes('broker'));
  if (running.length === 0) {
    status.problem = 'no node is running';
    return status;
  }
  try {
    const view = await probeCluster(
      running.map((n) => `${n.ip}:${BROKER_PORT}`),
      3000,
    );
    status.brokers = view.brokers.map((b) => b.id);
    if (view.quorum) {
      status.quorumLeader = view.quorum.leaderId;
      status.quorumVoters = view.quorum.voters.map((v) => v.id);
      status.quorumEpoch = view.quorum.leaderEpoch;
    } else status.problem = view.quorumError;
  } catch (e) {
    status.problem = errorMessage(e);
  }
  return status;
}
