// Cluster lifecycle through dockerode: up (create or reuse), wait until ready, status, log collection, down.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { repoRoot } from '../../core/paths.ts';
import { registerCleanup } from '../../core/cleanup.ts';
import { EnvironmentError, errorMessage } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { ensureNodeImage } from '../../runtime/docker/image.ts';
import {
  LABELS,
  collectFiles,
  createContainer,
  createNetwork,
  demuxBuffer,
  listManagedContainers,
  removeManaged,
} from '../../runtime/docker/containers.ts';
import { renderProperties, serverProperties } from './broker-config.ts';
import { resolveDistribution, type KafkaDistribution, type KafkaSource } from './distribution.ts';
import { probeCluster, type ClusterView } from './probe.ts';
import { bootstrapServers, topology, type NodeSpec, type Topology, DEFAULT_CLUSTER_NAME, DEFAULT_SUBNET } from './topology.ts';

export const NODE_FILES_DIR = join(repoRoot, 'systems', 'kafka', 'node');
export const DEFAULT_HEAP = '-Xms512m -Xmx512m';

export interface ClusterOptions {
  nodes: number;
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

export interface Cluster {
  docker: Docker;
  topology: Topology;
  image: string;
  distribution: KafkaDistribution;
  clusterId: string;
  bootstrap: string[];
  brokerOverrides: Record<string, string>;
  /** true when an existing matching cluster was reused. */
  reused: boolean;
}

/** The description stored as a label on every node; a later `up` reuses a cluster only if this matches exactly. */
export interface StoredSpec {
  nodes: number;
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

const specHash = (s: Omit<StoredSpec, 'clusterId'>): string =>
  createHash('sha256').update(JSON.stringify(s)).digest('hex').slice(0, 16);

/** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (22 characters), not starting with '-'. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Creates (or reuses) the cluster and waits until every broker is registered and the quorum has a leader. */
export async function clusterUp(docker: Docker, opts: ClusterOptions, progress: Progress): Promise<Cluster> {
  const t = topology(opts.nodes, opts.cluster ?? DEFAULT_CLUSTER_NAME, opts.subnet ?? DEFAULT_SUBNET);
  const distribution = await resolveDistribution(opts.source, progress);
  const image = opts.source.kind === 'image' ? await ensureNodeImage(docker, progress, opts.source.image) : await ensureNodeImage(docker, progress, opts.baseImage);
  const base = {
    nodes: opts.nodes,
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

  const existing = await listManagedContainers(docker, t.cluster);
  if (existing.length > 0 && !opts.fresh) {
    const reusable = existing.length === t.nodes.length && existing.every((c) => c.Labels[LABELS.spec + '.hash'] === hash && c.State === 'running');
    if (reusable) {
      const stored = JSON.parse(existing[0]!.Labels[LABELS.spec] ?? '{}') as StoredSpec;
      const cluster: Cluster = { docker, topology: t, image, distribution, clusterId: stored.clusterId, bootstrap: bootstrapServers(t), brokerOverrides: opts.brokerOverrides, reused: true };
      try {
        await waitReady(cluster, progress, 30_000);
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
    await removeManaged(docker, t.cluster);
  });

  const clusterId = newClusterId();
  const stored: StoredSpec = { ...base, clusterId };
  const cluster: Cluster = { docker, topology: t, image, distribution, clusterId, bootstrap: bootstrapServers(t), brokerOverrides: opts.brokerOverrides, reused: false };
  const unregister = registerCleanup(`remove half-made cluster ${t.cluster}`, async () => {
    await removeManaged(docker, t.cluster);
  });
  try {
    const labels = { [LABELS.managed]: 'true', [LABELS.cluster]: t.cluster, [LABELS.createdAt]: new Date().toISOString() };
    await createNetwork(docker, { name: t.network, subnet: t.subnet, gateway: t.gateway, labels });
    const hasFuse = existsSync('/dev/fuse');
    await progress.step(`creating ${t.nodes.length} Kafka ${distribution.version} nodes on ${t.network} (${t.subnet})`, async () => {
      for (const node of t.nodes) {
        const props = renderProperties(serverProperties(t, node, opts.brokerOverrides));
        await createContainer(docker, {
          name: node.container,
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
          binds: [...(distribution.home ? [`${distribution.home}:/opt/kafka:ro`] : []), `${NODE_FILES_DIR}:/opt/faultline:ro`],
          labels: { ...labels, [LABELS.node]: node.name, [LABELS.spec]: JSON.stringify(stored), [LABELS.spec + '.hash']: hash },
          capAdd: ['NET_ADMIN', ...(hasFuse ? ['SYS_ADMIN'] : [])],
          devices: hasFuse ? ['/dev/fuse'] : [],
          extraHosts: t.nodes.map((n) => `${n.name}:${n.ip}`),
        });
      }
      await Promise.all(t.nodes.map((n) => docker.getContainer(n.container).start()));
    });
    await waitReady(cluster, progress, 180_000);
    unregister();
    return cluster;
  } catch (e) {
    unregister();
    await removeManaged(docker, t.cluster).catch(() => undefined);
    throw e;
  }
}

/** Last lines of a node's stdout, to explain why it died. */
export async function nodeLogTail(docker: Docker, container: string, lines = 15): Promise<string> {
  try {
    const buf = (await docker.getContainer(container).logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demuxBuffer(buf).toString('utf8').trim();
  } catch (e) {
    return `(no logs: ${errorMessage(e)})`;
  }
}

/** A node whose process ended on its own while the cluster was expected to come up. */
export interface ExitedNode {
  node: NodeSpec;
  exitCode: number;
  logTail: string;
}

export interface WaitReadyOptions {
  expectBrokers?: NodeSpec[];
  /**
   * Called when a node's container has exited; return true once it was restarted to keep waiting. Without it (or when
   * it returns false) the wait fails with the node's exit code and last log lines.
   */
  onExited?: (exited: ExitedNode) => Promise<boolean>;
}

/** Ready = every expected broker registered and a quorum leader among the voters, both asked over the Kafka protocol. */
export async function waitReady(cluster: Cluster, progress: Progress, timeoutMs: number, opts: WaitReadyOptions = {}): Promise<ClusterView> {
  const want = opts.expectBrokers ?? cluster.topology.nodes;
  const deadline = Date.now() + timeoutMs;
  let last = 'not asked yet';
  let lastReport = 0;
  return progress.step(`waiting for ${want.length} brokers and a quorum leader`, async () => {
    while (Date.now() < deadline) {
      for (const n of want) {
        const info = await cluster.docker.getContainer(n.container).inspect();
        if (!info.State.Running) {
          const exited = { node: n, exitCode: info.State.ExitCode, logTail: (await nodeLogTail(cluster.docker, n.container, 8)).replace(/\n/g, ' | ') };
          if (opts.onExited && (await opts.onExited(exited))) continue;
          throw new EnvironmentError(`node ${n.name} exited (code ${exited.exitCode}) while starting: ${exited.logTail}`);
        }
      }
      try {
        const view = await probeCluster(want.map((n) => `${n.ip}:9092`), 3000);
        const ids = new Set(view.brokers.map((b) => b.id));
        const missing = want.filter((n) => !ids.has(n.id)).map((n) => n.name);
        if (missing.length === 0 && view.quorum && view.quorum.leaderId >= 0) return view;
        last = missing.length > 0 ? `brokers not registered yet: ${missing.join(', ')}` : `no quorum leader (${view.quorumError ?? 'leader -1'})`;
      } catch (e) {
        last = errorMessage(e);
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        progress.info(`  still waiting: ${last}`);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new EnvironmentError(`cluster ${cluster.topology.cluster} not ready after ${timeoutMs / 1000} s: ${last}`);
  });
}

/** Copies /var/log/kafka and the stdout log of every node into <dir>/<node>/. */
export async function collectNodeLogs(cluster: Pick<Cluster, 'docker' | 'topology'>, dir: string, progress: Progress): Promise<void> {
  await progress.step(`collecting node logs into ${dir}`, async () => {
    await Promise.all(
      cluster.topology.nodes.map(async (n) => {
        try {
          await collectFiles(cluster.docker, n.container, '/var/log/kafka', join(dir, n.name));
        } catch (e) {
          progress.warn(`could not collect logs of ${n.name}: ${errorMessage(e)}`);
        }
      }),
    );
  });
}

export async function clusterDown(docker: Docker, progress: Progress, cluster = DEFAULT_CLUSTER_NAME): Promise<{ containers: number; networks: number }> {
  return progress.step(`removing cluster ${cluster}`, () => removeManaged(docker, cluster));
}

export interface NodeStatus {
  name: string;
  container: string;
  state: string;
  ip?: string;
  brokerId?: number;
}

export interface ClusterStatus {
  cluster: string;
  exists: boolean;
  version?: string;
  source?: KafkaSource;
  image?: string;
  clusterId?: string;
  nodes: NodeStatus[];
  brokers: number[];
  quorumLeader?: number;
  quorumVoters?: number[];
  quorumEpoch?: number;
  problem?: string;
}

export async function clusterStatus(docker: Docker, cluster = DEFAULT_CLUSTER_NAME): Promise<ClusterStatus> {
  const containers = await listManagedContainers(docker, cluster);
  if (containers.length === 0) return { cluster, exists: false, nodes: [], brokers: [] };
  const stored = JSON.parse(containers[0]!.Labels[LABELS.spec] ?? '{}') as Partial<StoredSpec>;
  const nodes: NodeStatus[] = containers
    .map((c) => {
      const name = c.Labels[LABELS.node] ?? c.Names[0] ?? '?';
      const ip = Object.values(c.NetworkSettings?.Networks ?? {})[0]?.IPAMConfig?.IPv4Address ?? Object.values(c.NetworkSettings?.Networks ?? {})[0]?.IPAddress;
      return { name, container: (c.Names[0] ?? '').replace(/^\//, ''), state: c.State, ip: ip || undefined, brokerId: Number(name.replace(/^n/, '')) };
    })
    .sort((a, b) => (a.brokerId ?? 0) - (b.brokerId ?? 0));
  const status: ClusterStatus = { cluster, exists: true, version: stored.version, source: stored.source, image: stored.image, clusterId: stored.clusterId, nodes, brokers: [] };
  const running = nodes.filter((n) => n.state === 'running' && n.ip);
  if (running.length === 0) {
    status.problem = 'no node is running';
    return status;
  }
  try {
    const view = await probeCluster(running.map((n) => `${n.ip}:9092`), 3000);
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
