// Cutting chosen links between nodes on one port only — e.g. the replication traffic between a leader and its
// followers on the brokers' client port, while each keeps its link to the controller quorum (another port) and to
// the clients (other source addresses). Rules live in faultline's own chain, so heal removes exactly them.
import type { ClusterNode } from '../../core/cluster.ts';
import { netnsShellOk } from '../../core/runtime.ts';
import { installChainScript, listChainScript, removeChainScript, type ChainRules } from './iptables.ts';

export const LINK_CHAIN = 'FAULTLINE-LINK-IN';

/** A link cut between two nodes: on one port (connections to that port, both ways), or everything. */
export interface LinkCut {
  a: ClusterNode;
  b: ClusterNode;
  /** undefined = every packet between the two. */
  port?: number;
}

/** Each node's INPUT rules for a set of cuts: it drops what its cut peers send to the port. */
export function linkRules(cuts: LinkCut[]): Map<ClusterNode, ChainRules> {
  const rules = new Map<ClusterNode, string[][]>();
  const add = (node: ClusterNode, from: ClusterNode, port: number | undefined): void => {
    const match = port === undefined ? [] : ['-p', 'tcp', '--dport', String(port)];
    rules.set(node, [...(rules.get(node) ?? []), ['-s', from.ip, ...match, '-j', 'DROP']]);
  };
  for (const c of cuts) {
    add(c.a, c.b, c.port);
    add(c.b, c.a, c.port);
  }
  return new Map([...rules].map(([node, r]) => [node, { chain: LINK_CHAIN, hook: 'INPUT', rules: r }]));
}

/** Installs the cuts (replacing any cut the nodes had); nodes that are not running are skipped (no namespace). */
export async function cutLinks(cuts: LinkCut[]): Promise<string[]> {
  const done: string[] = [];
  for (const [node, chain] of linkRules(cuts)) {
    if ((await node.handle.status()).state === 'stopped') continue;
    await netnsShellOk(node.handle, installChainScript(chain));
    done.push(node.name);
  }
  return done;
}

/** Removes every link cut from the nodes; returns the nodes that had one. */
export async function healLinks(nodes: ClusterNode[]): Promise<string[]> {
  const healed: string[] = [];
  for (const node of nodes) {
    const r = await node.handle.inNetns(`${listChainScript(LINK_CHAIN)}\n${removeChainScript(LINK_CHAIN, 'INPUT')}`);
    if (r && r.exitCode !== 0) throw new Error(`${node.name}: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
    if (r && r.stdout.trim()) healed.push(node.name);
  }
  return healed;
}

/** The cuts found on the nodes, as text. */
export async function discoverLinks(nodes: ClusterNode[]): Promise<string[]> {
  const found: string[] = [];
  for (const node of nodes) {
    const r = await node.handle.inNetns(listChainScript(LINK_CHAIN));
    const lines = (r?.stdout ?? '').trim().split('\n').filter(Boolean);
    if (lines.length > 0) found.push(`${node.name}: ${lines.map((l) => l.replace(/^-A \S+ /, '')).join('; ')}`);
  }
  return found;
}
