// Cluster topology: node names, ids, roles and static IPs, derived from the node count alone.
import type { NodeRole } from '../../core/cluster.ts';
import { UserError } from '../../core/errors.ts';

export const MIN_NODES = 1;
export const MAX_NODES = 9;
export const DEFAULT_NODES = 3;
/** Dedicated controller nodes (c1..cK) beside the brokers; 0 = combined mode (every node is broker and controller). */
export const MAX_CONTROLLERS = 5;
/** Kafka node.id of controller c_i: apart from the brokers' 1..N. */
export const CONTROLLER_ID_BASE = 100;
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

export function validateControllerCount(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_CONTROLLERS) {
    throw new UserError(`--controllers ${n}: must be a whole number from 0 (combined mode: every node is also a controller) to ${MAX_CONTROLLERS}`);
  }
  return n;
}

export function validateNodeCount(n: number): number {
  if (!Number.isInteger(n) || n < MIN_NODES || n > MAX_NODES) {
    throw new UserError(`--nodes ${n}: must be a whole number from ${MIN_NODES} to ${MAX_NODES}`);
  }
  return n;
}

export function subnetBase(subnet: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.0\/24$/.exec(subnet);
  if (!m) throw new UserError(`--subnet ${subnet}: give a /24 ending in .0, e.g. ${DEFAULT_SUBNET}`);
  return `${m[1]}.${m[2]}.${m[3]}`;
}

/**
 * Brokers n1..nN at .11..; with `controllers` > 0, dedicated controllers c1..cK (node ids 101..) at .21.. form the
 * quorum and the brokers are brokers only — the topology production runs, where cutting a broker off from its
 * followers leaves its controller link alone.
 */
export function topology(nodes: number, cluster = DEFAULT_CLUSTER_NAME, subnet = DEFAULT_SUBNET, controllers = 0): Topology {
  validateNodeCount(nodes);
  validateControllerCount(controllers);
  const base = subnetBase(subnet);
  const brokerRoles: NodeRole[] = controllers === 0 ? ['broker', 'controller'] : ['broker'];
  return {
    cluster,
    network: `${cluster}-net`,
    subnet,
    gateway: `${base}.1`,
    nodes: [
      ...Array.from({ length: nodes }, (_, i) => ({ name: `n${i + 1}`, id: i + 1, ip: `${base}.${11 + i}`, roles: [...brokerRoles] })),
      ...Array.from({ length: controllers }, (_, i) => ({
        name: `c${i + 1}`,
        id: CONTROLLER_ID_BASE + i + 1,
        ip: `${base}.${21 + i}`,
        roles: ['controller'] as NodeRole[],
      })),
    ],
  };
}

export const brokersOf = (t: Topology): NodeSpec[] => t.nodes.filter((n) => n.roles.includes('broker'));
export const controllersOf = (t: Topology): NodeSpec[] => t.nodes.filter((n) => n.roles.includes('controller'));

export const bootstrapServers = (t: Topology): string[] => brokersOf(t).map((n) => `${n.ip}:${BROKER_PORT}`);
