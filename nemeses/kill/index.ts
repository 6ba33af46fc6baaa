// Nemesis `kill`: SIGKILL a node's broker (docker kill), restart it later (docker start keeps its data and IP).
import type { NodeSpec } from '../../systems/kafka/topology.ts';
import type { FaultEnv } from '../family.ts';
import { nodeFaultFamily } from '../node-fault.ts';
import { nodeState, startIfStopped } from '../node/state.ts';

/** Nodes whose container is not running (killed, stopped, or exited by itself): all of them get started on heal. */
export async function stoppedNodes(env: FaultEnv): Promise<NodeSpec[]> {
  const nodes = env.cluster.topology.nodes;
  const states = await Promise.all(nodes.map((n) => nodeState(env.cluster.docker, n)));
  return nodes.filter((_, i) => states[i] === 'stopped');
}

export const killFamily = nodeFaultFamily({
  name: 'kill',
  description: 'SIGKILL a node (random, a partition leader, or the active controller) and restart it later',
  color: '#d62728',
  startAction: 'kill',
  stopAction: 'restart',
  async apply(env, node) {
    await env.cluster.docker.getContainer(node.container).kill({ signal: 'SIGKILL' });
  },
  revert: (env, node) => startIfStopped(env.cluster.docker, node),
  discover: stoppedNodes,
});
