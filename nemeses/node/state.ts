// A node's state and its broker process, as the runtime and the system under test report them.
import type { ClusterNode } from '../../core/cluster.ts';
import { EnvironmentError } from '../../core/errors.ts';
import type { NodeState } from '../../core/runtime.ts';
import { nodeShellOk } from '../../core/runtime.ts';
import type { FaultEnv } from '../family.ts';

export const nodeState = async (node: ClusterNode): Promise<NodeState> => (await node.handle.status()).state;

/** Nodes that run and are not paused: the ones a new fault can act on. */
export async function runningNodes(nodes: ClusterNode[]): Promise<ClusterNode[]> {
  const states = await Promise.all(nodes.map(nodeState));
  return nodes.filter((_, i) => states[i] === 'running');
}

/** A running node to check a fault mechanism in; a family cannot be checked (or used) without one. */
export async function probeNode(env: FaultEnv, family: string): Promise<ClusterNode> {
  const node = (await runningNodes(env.cluster.nodes))[0];
  if (!node) throw new EnvironmentError(`${family}: no running node to check the fault mechanism in`);
  return node;
}

/** Starts the node if it is stopped; true when it did. */
export async function startIfStopped(node: ClusterNode): Promise<boolean> {
  if ((await nodeState(node)) !== 'stopped') return false;
  await node.handle.start();
  return true;
}

/** Sends a signal to the node's broker process only (e.g. STOP or CONT), not to the rest of the node. */
export async function signalBroker(env: FaultEnv, node: ClusterNode, signal: 'STOP' | 'CONT'): Promise<void> {
  await nodeShellOk(node.handle, `pkill -${signal} -f ${env.cluster.system.processPattern}`);
}
