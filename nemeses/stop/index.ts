// Nemesis `stop`: a clean shutdown (SIGTERM, the broker closes its logs), then a start later.
import { nodeFaultFamily } from '../node-fault.ts';
import { startIfStopped } from '../node/state.ts';
import { stoppedNodes } from '../kill/index.ts';

/** Seconds the runtime waits after SIGTERM before it sends SIGKILL. */
const GRACE_S = 30;

export const stopFamily = nodeFaultFamily({
  name: 'stop',
  description: 'stop a node cleanly (SIGTERM, controlled shutdown) and start it later',
  color: '#8c564b',
  startAction: 'stop',
  stopAction: 'start',
  async apply(_env, node) {
    const t0 = Date.now();
    await node.handle.stop(GRACE_S);
    return { shutdownMs: Date.now() - t0 };
  },
  revert: (_env, node) => startIfStopped(node),
  discover: stoppedNodes,
});
