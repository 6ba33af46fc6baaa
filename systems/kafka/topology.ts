// Cluster topology: node names, ids, roles and static IPs, derived from the node count alone.
import type { NodeRole } from '../../core/cluster.ts';
import { UserError } from '../../core/errors.ts';

export const MIN_NODES = 1;
export const MAX_NODES = 9;
export const DEFAULT_NODES = 3;
/** Container/network name prefix; $FAULTLINE_CLUSTER lets two clusters (e.g. parallel test suites) coexist. */
export const DEFAULT_CLUSTER_NAME = process.env.FAULTLINE_CLUSTER ?? 'faultline';
/** A /24 the topology lives in ($FAULTLINE_SUBNET); node i gets .(10+i), the host side of the bridge is .1. */
export const DEFAULT_SUBNET = process.env.FAULTLINE_SUBNET ?? '10.88.7.0/24';
export const BROKER_PORT = 9092;
export const CONTROLLER_PORT = 9093;

export interface NodeSpec {
  /** n1..nN: hostname and the name faults and reports use. */
  name: string;
  /** Kafka node.id (1..N). */
  id: number;
  ip: string;
  roles: NodeRole[];
}

export interface Topology {
  cluster: string;
  network: string;
  subnet: string;
  gateway: string;
  nodes: NodeSpec[];
}

export function validateNodeCount(n: number): number {
  if (!Number.isInteger(n) || n < MIN_NODES || n > MAX_NODES) {
    throw new UserError(`--nodes ${n}: must be a whole number from ${MIN_NODES} to ${MAX_NODES}`);
  }
  return n;
}

function subnetBase(subnet: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.0\/24$/.exec(subnet);
  if (!m) throw new UserError(`--subnet ${subnet}: give a /24 ending in .0, e.g. ${DEFAULT_SUBNET}`);
  return `${m[1]}.${m[2]}.${m[3]}`;
}

export function topology(nodes: number, cluster = DEFAULT_CLUSTER_NAME, subnet = DEFAULT_SUBNET): Topology {
  validateNodeCount(nodes);
  const base = subnetBase(subnet);
  return {
    cluster,
    network: `${cluster}-net`,
    subnet,
    gateway: `${base}.1`,
    nodes: Array.from({ length: nodes }, (_, i) => ({
      name: `n${i + 1}`,
      id: i + 1,
      ip: `${base}.${11 + i}`,
      roles: ['broker', 'controller'] as NodeRole[],
    })),
  };
}

export const bootstrapServers = (t: Topology): string[] => t.nodes.map((n) => `${n.ip}:${BROKER_PORT}`);
