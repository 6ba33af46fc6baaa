// Scenario `power-loss`: every replica of one partition — the leader included — loses power at the same moment, as a
// rack would: each broker is frozen, its data files are rolled back to their last fsync (faultfs), and it is killed;
// they come back when the fault stops. Kafka acknowledges writes before they are fsynced unless flush settings say
// otherwise (log.flush.interval.messages / flush.messages), so losing acknowledged writes here is outside its
// guarantees: the history records that, so reports tell it apart from a bug.
import { option, type Options } from '../../core/options.ts';
import type { ClusterNode } from '../../core/cluster.ts';
import type { NemesisOutcome } from '../../core/plugins.ts';
import type { Random } from '../../core/generator/random.ts';
import { eachNode, outcome, runStep, type FaultEnv } from '../family.ts';
import { ensureFaultfs, FAULTFS_PROGRAM, rollbackUnsynced } from '../disk/faultfs.ts';
import { buildNative } from '../native/build.ts';
import { signalBroker } from '../node/state.ts';
import { choosePartition, describeState } from '../scenario/partition-choice.ts';
import { needFollowers, scenarioFamily, type Tracker } from '../scenario/family.ts';

const NAME = 'power-loss';
const WHO = ['all', 'leader-and-one'] as const;

/**
 * Cuts the power of `victims` at one moment: all frozen first (so none writes or fsyncs after another lost power),
 * then each rolled back to its last fsync and killed. Returns what each lost, and the errors.
 */
export async function losePower(
  env: FaultEnv,
  victims: ClusterNode[],
  track: Tracker,
): Promise<{ lost: Record<string, { files: number; bytes: number }>; errors: string[] }> {
  await eachNode(victims, (n) => signalBroker(env, n, 'STOP'));
  const { done, errors } = await eachNode(victims, async (n) => {
    const status = await rollbackUnsynced(n);
    await n.handle.kill('SIGKILL');
    track.stopped.add(n);
    return { files: Number(status.values.rolled_back_files ?? 0), bytes: Number(status.values.rolled_back_bytes ?? 0) };
  });
  return { lost: Object.fromEntries(done.map((d) => [d.node.name, d.result])), errors };
}

async function run(env: FaultEnv, rng: Random, opts: Options, track: Tracker): Promise<NemesisOutcome> {
  return runStep(env, NAME, 'power-loss', 'start', async () => {
    const t = await choosePartition(env, rng, 1);
    const who = opts.choice<(typeof WHO)[number]>('replicas');
    const victims = who === 'all' ? [t.leader, ...t.followers] : [t.leader, rng.pick(t.followers)];
    const flush = await env.cluster.system.topicConfig(t.topic, 'flush.messages').catch(() => undefined);
    const { lost, errors } = await losePower(env, victims, track);
    track.text = `${t.topic}/${t.partition}: ${victims.map((v) => v.name).join(',')}`;
    const fsyncEachWrite = flush === '1';
    return outcome(
      errors.length > 0 ? 'info' : 'ok',
      {
        family: NAME,
        action: 'power-loss',
        phase: 'start',
        targets: Object.keys(lost),
        detail: {
          topic: t.topic,
          partition: t.partition,
          leader: t.leader.name,
          before: describeState(t.topic, t.state),
          rolledBack: lost,
          flushMessages: flush,
          outsideGuarantees: !fsyncEachWrite,
          note: fsyncEachWrite
            ? 'flush.messages=1: every write was fsynced before it was acknowledged, so none may be lost'
            : 'writes are acknowledged before fsync (flush.messages is not 1): losing the page cache of every replica at once can lose acknowledged writes, which Kafka documents as outside its guarantees',
        },
      },
      errors.join('; ') || undefined,
    );
  });
}

export const powerLossFamily = scenarioFamily({
  name: NAME,
  description: 'All replicas of one partition (leader included) lose power at once: frozen, rolled back to their last fsync, killed',
  attacks: 'durability of acknowledged writes when every copy loses its page cache — guaranteed only with flush settings (log.flush.interval.messages=1)',
  relies:
    "faultfs mounted over the data directory (brokers restart onto it when the test sets up); without flush settings the loss is outside Kafka's guarantees and reported as such",
  color: '#8c6d31',
  options: [option.choice('replicas', 'which replicas lose power: all of them, or the leader and one follower', WHO, 'all')],
  validate: (spec) => needFollowers(NAME, spec),
  prepareHost: async (progress) => void (await buildNative(FAULTFS_PROGRAM, progress)),
  setup: (env) => ensureFaultfs(env),
  run,
});
