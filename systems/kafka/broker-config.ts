// server.properties for each node: KRaft combined mode, static quorum, safe defaults, user overrides on top.
import { UserError } from '../../core/errors.ts';
import { BROKER_PORT, CONTROLLER_PORT, brokersOf, controllersOf, type NodeSpec, type Topology } from './topology.ts';

export const DATA_DIR = '/var/lib/kafka/data';
/** JVM heap of each broker. */
export const DEFAULT_HEAP = '-Xms512m -Xmx512m';

/** Replication factor for topics: 3, or every node of a smaller cluster. */
export const replicationFactorFor = (nodeCount: number): number => Math.min(3, nodeCount);

/** Defaults chosen for testing durability: RF 3, min ISR 2, no unclean election, no auto-created topics. */
export function safeDefaults(nodeCount: number): Record<string, string> {
  const rf = String(replicationFactorFor(nodeCount));
  const minIsr = String(Math.min(2, nodeCount));
  return {
    'default.replication.factor': rf,
    'min.insync.replicas': minIsr,
    'unclean.leader.election.enable': 'false',
    'auto.create.topics.enable': 'false',
    'offsets.topic.replication.factor': rf,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    'num.partitions': '3',
    'group.initial.rebalance.delay.ms': '0',
    'log.segment.bytes': String(16 * 1024 * 1024),
  };
}

/** Properties that define the node's place in the cluster. */
/** Properties that define the node's place in the cluster: its roles, the quorum, its listeners. */
export function topologyProperties(t: Topology, node: NodeSpec): Record<string, string> {
  const broker = node.roles.includes('broker');
  const controller = node.roles.includes('controller');
  const listeners = [...(broker ? [`PLAINTEXT://${node.ip}:${BROKER_PORT}`] : []), ...(controller ? [`CONTROLLER://${node.ip}:${CONTROLLER_PORT}`] : [])];
  return {
    'process.roles': node.roles.join(','),
    'node.id': String(node.id),
    'controller.quorum.voters': controllersOf(t)
      .map((n) => `${n.id}@${n.ip}:${CONTROLLER_PORT}`)
      .join(','),
    listeners: listeners.join(','),
    ...(broker ? { 'advertised.listeners': `PLAINTEXT://${node.ip}:${BROKER_PORT}`, 'inter.broker.listener.name': 'PLAINTEXT' } : {}),
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': DATA_DIR,
  };
}

const KEY = /^[a-zA-Z][a-zA-Z0-9._-]*$/;

/** Parses repeated `--broker-config key=value`; one clear error for a malformed entry. */
export function parseBrokerOverrides(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (eq <= 0 || !KEY.test(key)) {
      throw new UserError(
        `--broker-config ${JSON.stringify(entry)}: expected key=value with a Kafka property name, e.g. --broker-config log.flush.interval.messages=1`,
      );
    }
    if (key === 'node.id' || key === 'process.roles') {
      throw new UserError(`--broker-config ${key}: set per node by faultline's topology and cannot be overridden`);
    }
    out[key] = entry.slice(eq + 1);
  }
  return out;
}

export function renderProperties(props: Record<string, string>): string {
  return (
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
}

export function serverProperties(t: Topology, node: NodeSpec, overrides: Record<string, string>): Record<string, string> {
  return { ...safeDefaults(brokersOf(t).length), ...topologyProperties(t, node), ...overrides };
}
