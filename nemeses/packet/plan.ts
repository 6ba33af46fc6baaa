// Packet faults between pairs of nodes, as iptables rules on the receiver and tc qdiscs on the sender. Pure.
import type { NetLayout } from '../netns/layout.ts';
import type { ChainRules } from '../netns/iptables.ts';

export const PACKET_FAULTS = ['loss', 'rate', 'delay'] as const;
export type PacketFaultKind = (typeof PACKET_FAULTS)[number];

export type PacketFault = { kind: 'loss'; probability: number } | { kind: 'rate'; rate: string } | { kind: 'delay'; ms: number; jitterMs: number };

/** How delay is made: netem where the kernel has it, else NFQUEUE and the nfq-delay helper on the receiver. */
export type DelayMechanism = 'netem' | 'nfqueue';

export const PACKET_IN = 'FAULTLINE-PKT-IN';
export const NFQUEUE_NUMBER = 4242;
export const IFACE = 'eth0';

const RATE = /^\d+(\.\d+)?(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$/;
export const isRate = (s: string): boolean => RATE.test(s);

/** What one node must install so that `fault` applies to traffic between it and each of `peers` (names). */
export interface NodePacketSetup {
  chain: ChainRules;
  /** tc commands for the node's egress, [] for none. */
  tc: string[];
  /** Run nfq-delay in this node with these settings. */
  delayHelper?: { queue: number; ms: number; jitterMs: number };
}

/** Each pair gets the fault in both directions: every node of a pair treats the other as a peer. */
export function peersOf(pairs: Array<[string, string]>): Map<string, string[]> {
  const peers = new Map<string, string[]>();
  const add = (a: string, b: string): void => {
    const list = peers.get(a) ?? [];
    if (!list.includes(b)) list.push(b);
    peers.set(a, list);
  };
  for (const [a, b] of pairs) {
    add(a, b);
    add(b, a);
  }
  return peers;
}

/** `node` against every other node. */
export const isolatePairs = (node: string, all: string[]): Array<[string, string]> => all.filter((n) => n !== node).map((n) => [node, n]);

export function nodePacketSetup(t: NetLayout, peers: string[], fault: PacketFault, delay: DelayMechanism): NodePacketSetup {
  const ips = peers.map((p) => {
    const n = t.nodes.find((x) => x.name === p);
    if (!n) throw new Error(`packet: unknown node ${p}`);
    return n.ip;
  });
  const chain: ChainRules = { chain: PACKET_IN, hook: 'INPUT', rules: [] };
  if (fault.kind === 'loss') {
    chain.rules = ips.map((ip) => ['-s', ip, '-m', 'statistic', '--mode', 'random', '--probability', String(fault.probability), '-j', 'DROP']);
    return { chain, tc: [] };
  }
  if (fault.kind === 'delay' && delay === 'nfqueue') {
    // On the receiver's INPUT: on the sender's OUTPUT, TCP small queues would throttle the flow to a crawl.
    chain.rules = ips.map((ip) => ['-s', ip, '-j', 'NFQUEUE', '--queue-num', String(NFQUEUE_NUMBER), '--queue-bypass']);
    return { chain, tc: [], delayHelper: { queue: NFQUEUE_NUMBER, ms: fault.ms, jitterMs: fault.jitterMs } };
  }
  return { chain, tc: egressShaping(ips, fault) };
}

/** htb at the root sends traffic for each destination to its own class (everything else passes unshaped). */
export function egressShaping(ips: string[], fault: Exclude<PacketFault, { kind: 'loss' }>): string[] {
  const cmds = [`tc qdisc replace dev ${IFACE} root handle 1: htb`];
  ips.forEach((ip, i) => {
    const cls = `1:${10 + i}`;
    if (fault.kind === 'rate') {
      cmds.push(`tc class add dev ${IFACE} parent 1: classid ${cls} htb rate ${fault.rate} ceil ${fault.rate}`);
    } else {
      cmds.push(`tc class add dev ${IFACE} parent 1: classid ${cls} htb rate 10gbit`);
      cmds.push(`tc qdisc add dev ${IFACE} parent ${cls} handle ${10 + i}: netem delay ${fault.ms}ms${fault.jitterMs > 0 ? ` ${fault.jitterMs}ms` : ''}`);
    }
    cmds.push(`tc filter add dev ${IFACE} parent 1: protocol ip prio 1 u32 match ip dst ${ip}/32 flowid ${cls}`);
  });
  return cmds;
}

/** Removes our root qdisc (the container's default comes back); fine when there is none. */
export const removeShapingScript = `tc qdisc del dev ${IFACE} root 2>/dev/null || true`;
/** Prints our root qdisc when there is one. */
export const listShapingScript = `tc qdisc show dev ${IFACE} | grep '^qdisc htb 1: root' || true`;

export function describe(fault: PacketFault): string {
  if (fault.kind === 'loss') return `loss ${Math.round(fault.probability * 100)}%`;
  if (fault.kind === 'rate') return `rate ${fault.rate}`;
  return `delay ${fault.ms}ms${fault.jitterMs ? `±${fault.jitterMs}ms` : ''}`;
}
