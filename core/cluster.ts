// The System seam: the broker under test as plugins see it. A running cluster is a set of nodes (each with a handle
// from the runtime) and a System that knows the broker's facts — ports, data and log locations, its process, who
// leads what — so that nemeses and workloads hold no broker constants of their own.
import type { NodeHandle, Runtime } from './runtime.ts';
import type { Progress } from './progress.ts';

export type NodeRole = 'broker' | 'controller';

export interface ClusterNode {
  /** n1..nN: hostname and the name faults and reports use. */
  name: string;
  /** The broker's own id for the node (Kafka node.id). */
  id: number;
  ip: string;
  roles: NodeRole[];
  handle: NodeHandle;
}

/** A node the system found stopped while it waited for the cluster. */
export interface ExitedNode {
  node: ClusterNode;
  exitCode: number;
  logTail: string;
}

export interface WaitReadyOptions {
  /** Nodes that must serve (default: every node). */
  expect?: ClusterNode[];
  /** Called when a node has exited; return true once it was restarted to keep waiting, false to fail the wait. */
  onExited?: (exited: ExitedNode) => Promise<boolean>;
}

/** One partition as the cluster reports it. */
export interface PartitionState {
  partition: number;
  /** Node id of the leader, -1 when none. */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  /** Eligible leader replicas (KIP-966) and the last known ones, where the version has them. */
  elr: number[];
  lastKnownElr: number[];
}

/** What one broker answers about the cluster at one moment (its own metadata cache). */
export interface BrokerView {
  /** Brokers it lists as alive (unfenced). */
  liveBrokers: number[];
  partitions: Array<{ topic: string; partition: number; leader: number; leaderEpoch: number; isr: number[] }>;
}

/** Broker start-up features a fault needs, switched on per node by a marker file the node's start script reads. */
export type BrokerFeature = 'faketime' | 'faultfs';

/** One broker family's facts and questions, bound to one running cluster. */
export interface System {
  /** e.g. "kafka". */
  readonly name: string;
  /** Version of the build under test. */
  readonly version: string;
  /** Port clients and replication use, and the port of the controller quorum. */
  readonly ports: { client: number; controller: number };
  /** Where a node keeps its data (the replicated log) and its logs. */
  readonly dataDir: string;
  readonly logDir: string;
  /** A `pgrep -f` pattern for the broker process that does not match the shell running pgrep. */
  readonly processPattern: string;
  /** Matches the broker's command line among a node's processes. */
  readonly processMatcher: RegExp;
  /** Marker file and in-node probe (exit 0 = the running broker has it) per start-up feature. */
  readonly features: Record<BrokerFeature, { marker: string; probe: string }>;
  /** The topic partition a data-dir file (path relative to dataDir) holds log records of, if it is a log segment. */
  segmentOf(relativePath: string): { topic: string; partition: number } | undefined;
  /** Topics the broker keeps for itself (offsets, transactions, …), as opposed to the workload's. */
  isInternalTopic(topic: string): boolean;
  /** Leader node id per partition of a topic (-1 when none). */
  partitionLeaders(topic: string): Promise<number[]>;
  /** Every partition of a topic (leader, epoch, replicas, ISR, ELR), asked of `via` or any broker that answers. */
  partitionStates(topic: string, via?: ClusterNode): Promise<PartitionState[]>;
  /** What `node` itself answers about the topics' partitions and the live brokers (not routed to another broker). */
  brokerView(node: ClusterNode, topics: string[]): Promise<BrokerView>;
  /** The node coordinating a transactional id or a consumer group. */
  coordinator(kind: 'transaction' | 'group', key: string): Promise<number>;
  /** A topic's effective config value. */
  topicConfig(topic: string, key: string): Promise<string | undefined>;
  /** Asks for a leader election (`unclean` lets an out-of-sync replica lead); returns what the cluster answered. */
  electLeaders(topic: string, partitions: number[], type: 'preferred' | 'unclean'): Promise<string>;
  /** The node id of the active controller (quorum leader), as the first of `among` (default: any node) that answers says. */
  activeController(among?: ClusterNode[]): Promise<number | undefined>;
  /** Waits until every expected node serves and the controller quorum has a leader. */
  waitReady(progress: Progress, timeoutMs: number, opts?: WaitReadyOptions): Promise<void>;
}

/** A container on the cluster network whose network namespace the workload's clients run in (--client-host container). */
export interface ClientHostNode {
  name: string;
  ip: string;
  handle: NodeHandle;
}

/** A running cluster: what every plugin gets. */
export interface ClusterHandle {
  /** Cluster name (every node and network of it carries it). */
  name: string;
  subnet: string;
  /** The host's address on the cluster network: traffic from the harness's own clients comes from it. */
  gateway: string;
  nodes: ClusterNode[];
  /** Client bootstrap addresses, host:port. */
  bootstrap: string[];
  runtime: Runtime;
  system: System;
  /** The client host, while the run has one (--client-host container). */
  clientHost?: ClientHostNode;
}

export const nodeById = (cluster: Pick<ClusterHandle, 'nodes'>, id: number): ClusterNode | undefined => cluster.nodes.find((n) => n.id === id);

/** The nodes that serve clients and hold replicas. */
export const brokerNodes = (cluster: Pick<ClusterHandle, 'nodes'>): ClusterNode[] => cluster.nodes.filter((n) => n.roles.includes('broker'));
