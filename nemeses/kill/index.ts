// Nemesis `kill`: SIGKILL a node's broker (docker kill), restart it later (docker start keeps its data and IP).
import type Docker from 'dockerode';
import type { NodeSpec } from '../../systems/kafka/topology.ts';
import type { Nemesis, NemesisOutcome, RunEnv } from '../../harness/run/types.ts';
import type { Random } from '../../harness/generator/random.ts';
import { errorMessage } from '../../harness/util/errors.ts';
import { chooseTarget, type TargetMode } from '../targets.ts';

async function isRunning(docker: Docker, node: NodeSpec): Promise<boolean> {
  const info = await docker.getContainer(node.container).inspect();
  return info.State.Running && !info.State.Paused;
}

export function killNemesis(mode: TargetMode): Nemesis {
  const killed = new Set<string>();
  const restart = async (env: RunEnv, nodes: NodeSpec[], action: string): Promise<NemesisOutcome> => {
    const restarted: string[] = [];
    const errors: string[] = [];
    for (const n of nodes) {
      try {
        const c = env.cluster.docker.getContainer(n.container);
        const info = await c.inspect();
        if (!info.State.Running) {
          await c.start();
          restarted.push(n.name);
        }
        killed.delete(n.name);
      } catch (e) {
        errors.push(`${n.name}: ${errorMessage(e)}`);
      }
    }
    return {
      type: errors.length > 0 ? 'info' : 'ok',
      value: { family: 'kill', action, phase: 'stop', targets: restarted },
      ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
    };
  };

  return {
    family: 'kill',
    color: '#d62728',
    async setup() {
      // docker kill/start need nothing beyond the engine.
    },
    async invoke(env: RunEnv, phase: 'start' | 'stop', rng: Random): Promise<NemesisOutcome> {
      const nodes = env.cluster.topology.nodes;
      if (phase === 'stop') return restart(env, nodes.filter((n) => killed.has(n.name)), 'restart');
      const running: NodeSpec[] = [];
      for (const n of nodes) if (await isRunning(env.cluster.docker, n)) running.push(n);
      const target = await chooseTarget(env, rng, mode, running);
      if (!target) return { type: 'fail', value: { family: 'kill', action: 'kill', phase: 'instant', targets: [] }, error: 'no running node to kill' };
      try {
        await env.cluster.docker.getContainer(target.node.container).kill({ signal: 'SIGKILL' });
        killed.add(target.node.name);
        return { type: 'ok', value: { family: 'kill', action: 'kill', phase: 'start', targets: [target.node.name], detail: { why: target.why } } };
      } catch (e) {
        return { type: 'info', value: { family: 'kill', action: 'kill', phase: 'start', targets: [target.node.name], detail: { why: target.why } }, error: errorMessage(e) };
      }
    },
    async healAll(env: RunEnv) {
      return restart(env, env.cluster.topology.nodes, 'restart-all');
    },
    active: () => [...killed].map((n) => `kill(${n})`),
  };
}
