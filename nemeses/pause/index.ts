// Nemesis `pause`: freeze a node (every process of it) or SIGSTOP only its broker; resume later. Either way the node
// keeps its connections open and answers nothing: the grey failure kill cannot make.
import type { ClusterNode } from '../../core/cluster.ts';
import { option } from '../../core/options.ts';
import { nodeShell } from '../../core/runtime.ts';
import type { FaultEnv } from '../family.ts';
import { nodeFaultFamily } from '../node-fault.ts';
import { nodeState, signalBroker } from '../node/state.ts';

export const PAUSE_MODES = ['freeze', 'sigstop'] as const;
export type PauseMode = (typeof PAUSE_MODES)[number];

/** true when the broker process is in state T (SIGSTOPped). */
async function brokerStopped(env: FaultEnv, node: ClusterNode): Promise<boolean> {
  const probe = `p=$(pgrep -f ${env.cluster.system.processPattern} | head -n1); [ -n "$p" ] && ps -o stat= -p "$p" | grep -q '^T' && echo stopped || true`;
  const r = await nodeShell(node.handle, probe, 10_000);
  return r.stdout.trim() === 'stopped';
}

export const pauseFamily = nodeFaultFamily({
  name: 'pause',
  description: 'pause a node (freeze every process of it, or SIGSTOP of the broker only: --pause-mode / --mode sigstop) and resume it later',
  color: '#9467bd',
  startAction: 'pause',
  stopAction: 'resume',
  options: [option.choice('mode', 'freeze every process of the node, or SIGSTOP the broker only', PAUSE_MODES, 'freeze')],
  async apply(env, node, opts) {
    const mode = opts.choice<PauseMode>('mode');
    if (mode === 'freeze') await node.handle.pause();
    else await signalBroker(env, node, 'STOP');
    return { mode };
  },
  async revert(env, node) {
    const state = await nodeState(node);
    if (state === 'paused') {
      await node.handle.resume();
      return true;
    }
    if (state === 'running' && (await brokerStopped(env, node))) {
      await signalBroker(env, node, 'CONT');
      return true;
    }
    return false;
  },
  async discover(env) {
    const found: ClusterNode[] = [];
    for (const node of env.cluster.nodes) {
      const state = await nodeState(node);
      if (state === 'paused' || (state === 'running' && (await brokerStopped(env, node)))) found.push(node);
    }
    return found;
  },
});
