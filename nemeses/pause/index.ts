// Nemesis `pause`: freeze a node (docker pause: every process of the container) or SIGSTOP only its broker; resume
// later. Either way the node keeps its connections open and answers nothing: the grey failure kill cannot make.
import type { NodeSpec } from '../../systems/kafka/topology.ts';
import type { FaultEnv } from '../family.ts';
import { nodeFaultFamily } from '../node-fault.ts';
import { BROKER_PROCESS, nodeShell, signalBroker } from '../node/shell.ts';
import { nodeState } from '../node/state.ts';

export const PAUSE_MODES = ['freeze', 'sigstop'] as const;
export type PauseMode = (typeof PAUSE_MODES)[number];

/** Shell in the node: prints "stopped" when the broker process is in state T (SIGSTOPped). */
const BROKER_STOPPED_PROBE = `p=$(pgrep -f ${BROKER_PROCESS} | head -n1); [ -n "$p" ] && ps -o stat= -p "$p" | grep -q '^T' && echo stopped || true`;

async function brokerStopped(env: FaultEnv, node: NodeSpec): Promise<boolean> {
  const r = await nodeShell(env.cluster.docker, node, BROKER_STOPPED_PROBE, 10_000);
  return r.stdout.trim() === 'stopped';
}

export const pauseFamily = nodeFaultFamily({
  name: 'pause',
  description: 'pause a node (docker pause, or SIGSTOP of the broker only: --pause-mode / --mode sigstop) and resume it later',
  color: '#9467bd',
  startAction: 'pause',
  stopAction: 'resume',
  validate: (opts) => void opts.choice('mode', PAUSE_MODES, 'freeze'),
  async apply(env, node, opts) {
    const mode = opts.choice('mode', PAUSE_MODES, 'freeze');
    if (mode === 'freeze') await env.cluster.docker.getContainer(node.container).pause();
    else await signalBroker(env.cluster.docker, node, 'STOP');
    return { mode };
  },
  async revert(env, node) {
    const state = await nodeState(env.cluster.docker, node);
    if (state === 'paused') {
      await env.cluster.docker.getContainer(node.container).unpause();
      return true;
    }
    if (state === 'running' && (await brokerStopped(env, node))) {
      await signalBroker(env.cluster.docker, node, 'CONT');
      return true;
    }
    return false;
  },
  async discover(env) {
    const found: NodeSpec[] = [];
    for (const node of env.cluster.topology.nodes) {
      const state = await nodeState(env.cluster.docker, node);
      if (state === 'paused' || (state === 'running' && (await brokerStopped(env, node)))) found.push(node);
    }
    return found;
  },
});
