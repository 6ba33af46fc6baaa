// Choosing fault targets: a random node, the leader of a partition of the workload's topic, or the active controller.
import { nodeById, type ClusterNode } from '../core/cluster.ts';
import type { Random } from '../core/generator/random.ts';
import type { FaultEnv } from './family.ts';

export type TargetMode = 'random' | 'leader' | 'controller' | 'mixed';
export const TARGET_MODES: readonly TargetMode[] = ['random', 'leader', 'controller', 'mixed'];

export interface Target {
  node: ClusterNode;
  /** How it was chosen, e.g. "leader of faultline-lost-writes/3", "active controller", "random". */
  why: string;
}

/** The active controller (quorum leader), when a node answers. */
export async function activeController(env: FaultEnv): Promise<ClusterNode | undefined> {
  const id = await env.cluster.system.activeController();
  return id === undefined ? undefined : nodeById(env.cluster, id);
}

/** Picks one node among `candidates` by `mode`; falls back to a random candidate when the cluster cannot say. */
export async function chooseTarget(env: FaultEnv, rng: Random, mode: TargetMode, candidates: ClusterNode[]): Promise<Target | undefined> {
  if (candidates.length === 0) return undefined;
  const m = mode === 'mixed' ? rng.pick(['random', 'leader', 'controller'] as const) : mode;
  if (m === 'leader' && env.topics.length > 0) {
    const topic = rng.pick(env.topics);
    try {
      const leaders = await env.cluster.system.partitionLeaders(topic);
      if (leaders.length > 0) {
        const p = rng.int(leaders.length);
        const node = candidates.find((n) => n.id === leaders[p]);
        if (node) return { node, why: `leader of ${topic}/${p}` };
      }
    } catch {
      // fall through to random
    }
  }
  if (m === 'controller') {
    const node = await activeController(env);
    if (node && candidates.includes(node)) return { node, why: 'active controller' };
  }
  return { node: rng.pick(candidates), why: 'random' };
}
