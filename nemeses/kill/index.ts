// Nemesis `kill`: SIGKILL a node, restart it later (the node keeps its data and IP).
import type { ClusterNode } from '../../core/cluster.ts';
import type { FaultEnv } from '../family.ts';
import { nodeFaultFamily } from '../node-fault.ts';
import { nodeState, startIfStopped } from '../node/state.ts';

/** Nodes whose container is not running (killed, stopped, or exited by itself): all of them get started on heal. */
export async function stoppedNodes(env: FaultEnv): Promise<ClusterNode[]> {
  const nodes = env.cluster.nodes;
  const states = await Promise.all(nodes.map(nodeState));
  return nodes.filter((_, i) => states[i] === 'stopped');
}

export const killFamily = nodeFaultFamily({
  name: 'kill',
  description: 'SIGKILL a node (random, a partition leader, or the active controller) and restart it later',
  color: '#d62728',
  startAction: 'kill',
  stopAction: 'restart',
  async apply(_env, node) {
    await node.handle.kill('SIGKILL');
  },
  revert: (_env, node) => startIfStopped(node),
  discover: stoppedNodes,
});
