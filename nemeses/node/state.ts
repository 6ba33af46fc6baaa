// A node's container state and broker process, as Docker reports them.
import type Docker from 'dockerode';
import type { NodeSpec } from '../../systems/kafka/topology.ts';
import { EnvironmentError } from '../../core/errors.ts';

export type NodeState = 'running' | 'paused' | 'stopped' | 'missing';

export async function nodeState(docker: Docker, node: NodeSpec): Promise<NodeState> {
  try {
    const s = (await docker.getContainer(node.container).inspect()).State;
    return s.Paused ? 'paused' : s.Running ? 'running' : 'stopped';
  } catch {
    return 'missing';
  }
}

/** Nodes whose container runs and is not paused: the ones a new fault can act on. */
export async function runningNodes(docker: Docker, nodes: NodeSpec[]): Promise<NodeSpec[]> {
  const states = await Promise.all(nodes.map((n) => nodeState(docker, n)));
  return nodes.filter((_, i) => states[i] === 'running');
}

/** A running node to check a fault mechanism in; a family cannot be checked (or used) without one. */
export async function probeNode(env: { cluster: { docker: Docker; topology: { nodes: NodeSpec[] } } }, family: string): Promise<NodeSpec> {
  const node = (await runningNodes(env.cluster.docker, env.cluster.topology.nodes))[0];
  if (!node) throw new EnvironmentError(`${family}: no running node to check the fault mechanism in`);
  return node;
}

/** Starts the node's container if it is stopped; true when it did. */
export async function startIfStopped(docker: Docker, node: NodeSpec): Promise<boolean> {
  if ((await nodeState(docker, node)) !== 'stopped') return false;
  await docker.getContainer(node.container).start();
  return true;
}

/** Host PIDs of the node's Java broker process(es), from `docker top` (works while paused). */
export async function brokerHostPids(docker: Docker, node: NodeSpec): Promise<number[]> {
  const top = (await docker.getContainer(node.container).top({ ps_args: '-eo pid,args' })) as { Titles: string[]; Processes: string[][] };
  const pidCol = top.Titles.findIndex((t) => t.toUpperCase() === 'PID');
  const argsCol = top.Titles.findIndex((t) => /^(ARGS|COMMAND|CMD)$/i.test(t));
  return top.Processes.filter((p) => /\bjava\b.*kafka\.Kafka\b/.test(p[argsCol] ?? '')).map((p) => Number(p[pidCol]));
}
