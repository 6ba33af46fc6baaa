// Scenario `coordinator-pause`: freeze the broker that coordinates the workload's transactions (or its consumer group)
// while transactions and offset commits are in flight, and thaw it when the fault stops. The coordinator keeps its
// connections open and answers nothing — the grey failure that makes clients time out without a clean error.
import { nodeById } from '../../core/cluster.ts';
import { option, type Options } from '../../core/options.ts';
import type { NemesisOutcome } from '../../core/plugins.ts';
import type { Random } from '../../core/generator/random.ts';
import { outcome, runStep, type FaultEnv } from '../family.ts';
import { signalBroker } from '../node/state.ts';
import { scenarioFamily, type Tracker } from '../scenario/family.ts';

const NAME = 'coordinator-pause';
const KINDS = ['transaction', 'group', 'both'] as const;
const MODES = ['freeze', 'sigstop'] as const;

async function run(env: FaultEnv, rng: Random, opts: Options, track: Tracker): Promise<NemesisOutcome> {
  return runStep(env, NAME, 'pause-coordinator', 'start', async () => {
    const wanted = opts.choice<(typeof KINDS)[number]>('coordinator');
    const kind = wanted === 'both' ? rng.pick(['transaction', 'group'] as const) : wanted;
    const given = opts.optionalString('key');
    const keys = given ? [given] : kind === 'transaction' ? (env.coordinatorKeys?.transactional ?? []) : (env.coordinatorKeys?.groups ?? []);
    if (keys.length === 0)
      return outcome(
        'fail',
        { family: NAME, action: 'pause-coordinator', phase: 'start', targets: [], detail: { kind } },
        `the workload uses no ${kind === 'transaction' ? 'transactional id' : 'consumer group'} (give --key)`,
      );
    const key = rng.pick(keys);
    const id = await env.cluster.system.coordinator(kind, key);
    const node = nodeById(env.cluster, id);
    if (!node)
      return outcome(
        'fail',
        { family: NAME, action: 'pause-coordinator', phase: 'start', targets: [], detail: { kind, key, coordinator: id } },
        `coordinator ${id} is not a node of this cluster`,
      );
    const mode = opts.choice<(typeof MODES)[number]>('mode');
    if (mode === 'freeze') {
      await node.handle.pause();
      track.paused.add(node);
    } else {
      await signalBroker(env, node, 'STOP');
    }
    track.text = `${kind} coordinator of ${key}: ${node.name}`;
    return outcome('ok', { family: NAME, action: 'pause-coordinator', phase: 'start', targets: [node.name], detail: { kind, key, mode } });
  });
}

export const coordinatorPauseFamily = scenarioFamily({
  name: NAME,
  description: "Freeze the broker coordinating the workload's transactions (or its consumer group) while they are in flight",
  attacks: 'exactly-once and committed offsets when the transaction or group coordinator stops answering mid-transaction',
  relies:
    'a workload that uses transactions or a consumer group (queue --txn, eos); transaction.timeout.ms and the group session timeout decide what clients see',
  color: '#17a768',
  options: [
    option.choice('coordinator', 'which coordinator to pause (both = one of them, drawn from the seed)', KINDS, 'transaction'),
    option.choice('mode', 'freeze the whole node, or SIGSTOP the broker process only', MODES, 'freeze'),
    option.string('key', "the transactional id or group whose coordinator to pause (default: one of the workload's)"),
  ],
  run,
  // A SIGSTOPped broker is not paused as a node: continue every broker (a no-op for running ones).
  async healExtra(env) {
    const continued: string[] = [];
    for (const node of env.cluster.nodes) {
      if ((await node.handle.status()).state !== 'running') continue;
      const r = await node.handle.exec([
        'sh',
        '-c',
        `p=$(pgrep -f ${env.cluster.system.processPattern} | head -n1); [ -n "$p" ] && ps -o stat= -p "$p" | grep -q '^T' && kill -CONT "$p" && echo continued || true`,
      ]);
      if (r.stdout.includes('continued')) continued.push(node.name);
    }
    return continued;
  },
});
