// iptables rules that realise a grudge in each node: drop (packets vanish, peers hang until timeouts) or reject
// (TCP reset both ways, peers fail fast); one-way blocks only new connections (replies of existing ones still flow).
import type { NetLayout } from '../netns/layout.ts';
import type { ChainRules } from '../netns/iptables.ts';
import { CLIENT, type Grudge } from './shapes.ts';

export const PARTITION_MODES = ['drop', 'reject'] as const;
export type PartitionMode = (typeof PARTITION_MODES)[number];

export const PARTITION_IN = 'FAULTLINE-PART-IN';
export const PARTITION_OUT = 'FAULTLINE-PART-OUT';

/**
 * IPs of a grudge source: a node's name, or the clients (the bridge gateway, where the harness talks from, and the
 * client host container's address when the clients run there).
 */
export function sourceIps(t: NetLayout, source: string): string[] {
  if (source === CLIENT) return t.clientHost ? [t.gateway, t.clientHost.ip] : [t.gateway];
  const node = t.nodes.find((n) => n.name === source);
  if (!node) throw new Error(`partition: unknown node ${source}`);
  return [node.ip];
}

/**
 * The chains of one node that drops packets from `sources`. A plain INPUT drop blocks both directions in practice
 * (TCP needs both), so drop mode needs no OUTPUT rules; reject mode also resets our own sends so both ends fail fast.
 */
export function partitionChains(t: NetLayout, sources: string[], mode: PartitionMode, oneWay: boolean): ChainRules[] {
  const ips = sources.flatMap((s) => sourceIps(t, s));
  const newOnly = oneWay ? ['-m', 'conntrack', '--ctstate', 'NEW'] : [];
  const input: string[][] = [];
  const output: string[][] = [];
  for (const ip of ips) {
    if (mode === 'drop') {
      input.push(['-s', ip, ...newOnly, '-j', 'DROP']);
    } else {
      input.push(['-s', ip, '-p', 'tcp', ...newOnly, '-j', 'REJECT', '--reject-with', 'tcp-reset']);
      if (!oneWay) {
        input.push(['-s', ip, '-j', 'REJECT']);
        output.push(['-d', ip, '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset'], ['-d', ip, '-j', 'REJECT']);
      }
    }
  }
  return [
    { chain: PARTITION_IN, hook: 'INPUT', rules: input },
    { chain: PARTITION_OUT, hook: 'OUTPUT', rules: output },
  ];
}

/** Per node name, the chains to install; nodes without a grudge get empty chains (i.e. are healed). */
export function partitionPlanRules(t: NetLayout, grudge: Grudge, mode: PartitionMode, oneWay: boolean): Map<string, ChainRules[]> {
  return new Map(t.nodes.map((n) => [n.name, partitionChains(t, grudge[n.name] ?? [], mode, oneWay)]));
}
