// Kafka behind the System interface: its ports, data and log locations, its process, start-up features, who leads a
// partition and the controller quorum (asked over the Kafka protocol), and when a cluster is ready.
import type { BrokerFeature, BrokerView, ClusterNode, PartitionState, System, WaitReadyOptions } from '../../core/cluster.ts';
import { EnvironmentError, errorMessage } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { DATA_DIR } from './broker-config.ts';
import { describeQuorum, probeCluster } from './probe.ts';
import { partitionLeaders } from './topics.ts';
import { brokerView, describePartitions, electLeaders, findCoordinator, topicConfig } from './cluster-admin.ts';
import { BROKER_PORT, CONTROLLER_PORT } from './topology.ts';

export const LOG_DIR = '/var/log/kafka';

/**
 * pgrep/pkill pattern for the broker JVM. The brackets keep it from matching the `sh -c` running the command itself
 * (whose command line contains the pattern too), which would otherwise stop the shell along with the broker.
 */
export const BROKER_PROCESS = "'[k]afka[.]Kafka'";

/** Marker files the node's start script (node/start.sh) looks for, next to its env switches. */
const FEATURES: Record<BrokerFeature, { marker: string; probe: string }> = {
  faketime: {
    marker: '/var/lib/faultline/faketime.enabled',
    probe: `p=$(pgrep -f ${BROKER_PROCESS} | head -n1) && tr '\\0' '\\n' < /proc/$p/environ | grep -q '^LD_PRELOAD=.*faketime'`,
  },
  faultfs: {
    marker: '/var/lib/faultline/faultfs/enabled',
    probe: `grep -q ' ${DATA_DIR} fuse.faultfs ' /proc/mounts`,
  },
};

export class KafkaSystem implements System {
  readonly name = 'kafka';
  readonly ports = { client: BROKER_PORT, controller: CONTROLLER_PORT };
  readonly dataDir = DATA_DIR;
  readonly logDir = LOG_DIR;
  readonly processPattern = BROKER_PROCESS;
  readonly processMatcher = /\bjava\b.*kafka\.Kafka\b/;
  readonly features = FEATURES;

  constructor(
    readonly version: string,
    private readonly cluster: { name: string; nodes: ClusterNode[]; bootstrap: string[] },
  ) {}

  /** Kafka keeps each partition in `<topic>-<partition>/` with segments named `<base offset>.log`. */
  segmentOf(relativePath: string): { topic: string; partition: number } | undefined {
    const m = /^([^/]+)-(\d+)\/\d+\.log$/.exec(relativePath);
    return m ? { topic: m[1]!, partition: Number(m[2]) } : undefined;
  }

  isInternalTopic(topic: string): boolean {
    return topic.startsWith('__');
  }

  partitionLeaders(topic: string): Promise<number[]> {
    return partitionLeaders(this.cluster.bootstrap, topic);
  }

  async partitionStates(topic: string, via?: ClusterNode): Promise<PartitionState[]> {
    if (via) return describePartitions(via.ip, BROKER_PORT, topic);
    let last: unknown;
    for (const n of this.brokers()) {
      try {
        return await describePartitions(n.ip, BROKER_PORT, topic);
      } catch (e) {
        last = e;
      }
    }
    throw new Error(`no broker described ${topic}: ${errorMessage(last)}`);
  }

  brokerView(node: ClusterNode, topics: string[]): Promise<BrokerView> {
    return brokerView(node.ip, BROKER_PORT, topics);
  }

  coordinator(kind: 'transaction' | 'group', key: string): Promise<number> {
    return findCoordinator(this.cluster.bootstrap, kind, key);
  }

  topicConfig(topic: string, key: string): Promise<string | undefined> {
    return topicConfig(this.cluster.bootstrap, topic, key);
  }

  async electLeaders(topic: string, partitions: number[], type: 'preferred' | 'unclean'): Promise<string> {
    let last: unknown;
    for (const n of this.brokers()) {
      if ((await n.handle.status()).state !== 'running') continue;
      try {
        return await electLeaders(n, BROKER_PORT, topic, partitions, type);
      } catch (e) {
        last = e;
      }
    }
    throw new Error(`no running broker could run the leader election: ${errorMessage(last)}`);
  }

  private brokers(): ClusterNode[] {
    return this.cluster.nodes.filter((x) => x.roles.includes('broker'));
  }

  /**
   * The quorum leader's node id. Voters are asked first on the controller port: a voter answers DescribeQuorum only
   * while it leads (others return NOT_LEADER_OR_FOLLOWER), so the answer never comes from a stale view. Brokers come
   * second: they forward DescribeQuorum to the controller they know, which may be one cut off from them.
   */
  async activeController(among?: ClusterNode[]): Promise<number | undefined> {
    const nodes = among ?? this.cluster.nodes;
    const asks = [
      ...nodes.filter((x) => x.roles.includes('controller')).map((n) => ({ n, port: CONTROLLER_PORT })),
      ...nodes.filter((x) => x.roles.includes('broker')).map((n) => ({ n, port: BROKER_PORT })),
    ];
    for (const { n, port } of asks) {
      try {
        return (await describeQuorum(n.ip, port, 2000)).leaderId;
      } catch {
        // not the leader, or unreachable: ask the next one
      }
    }
    return undefined;
  }

  /** Ready = every expected broker registered and a quorum leader among the voters, both asked over the Kafka protocol. */
  async waitReady(progress: Progress, timeoutMs: number, opts: WaitReadyOptions = {}): Promise<void> {
    const want = opts.expect ?? this.cluster.nodes;
    const brokers = want.filter((n) => n.roles.includes('broker'));
    const deadline = Date.now() + timeoutMs;
    let last = 'not asked yet';
    let lastReport = 0;
    await progress.step(`waiting for ${brokers.length} brokers and a quorum leader`, async () => {
      while (Date.now() < deadline) {
        for (const n of want) {
          const s = await n.handle.status();
          if (s.state === 'running' || s.state === 'paused') continue;
          const logTail = await n.handle.logTail(8).catch((e: unknown) => `(no logs: ${errorMessage(e)})`);
          const exited = { node: n, exitCode: s.exitCode ?? -1, logTail: logTail.replace(/\n/g, ' | ') };
          if (opts.onExited && (await opts.onExited(exited))) continue;
          throw new EnvironmentError(
            `node ${n.name} ${s.state === 'missing' ? 'is missing' : `exited (code ${exited.exitCode})`} while starting: ${exited.logTail}`,
          );
        }
        try {
          const view = await probeCluster(
            brokers.map((n) => `${n.ip}:${BROKER_PORT}`),
            3000,
          );
          const ids = new Set(view.brokers.map((b) => b.id));
          const missing = brokers.filter((n) => !ids.has(n.id)).map((n) => n.name);
          if (missing.length === 0 && view.quorum && view.quorum.leaderId >= 0) return;
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
      const tails = await Promise.all(
        want.map(async (n) => `${n.name}: ${(await n.handle.logTail(2).catch(() => '(no output)')).replace(/\n/g, ' | ') || '(no output)'}`),
      );
      throw new EnvironmentError(`cluster ${this.cluster.name} not ready after ${timeoutMs / 1000} s: ${last}; last console lines — ${tails.join('; ')}`);
    });
  }
}
