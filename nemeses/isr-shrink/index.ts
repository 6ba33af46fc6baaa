// Scenario `isr-shrink`: cut a partition's followers off from its leader on the brokers' port only (the leader keeps
// its link to the controller quorum and to the clients), wait until the controller has shrunk the ISR to the leader
// alone, then crash (or isolate) that leader and heal the followers. Under safe settings this costs availability
// only; with min.insync.replicas=1 the leader acknowledged writes alone, and with unclean leader election a follower
// that lacks them may take over.
import { option, type Options } from '../../core/options.ts';
import type { NemesisOutcome } from '../../core/plugins.ts';
import { outcome, runStep, type FaultEnv } from '../family.ts';
import { cutLinks, healLinks } from '../netns/links.ts';
import { cutReplication } from '../scenario/replication-cut.ts';
import { awaitPartition, choosePartition, describeState, type TargetPartition } from '../scenario/partition-choice.ts';
import { needFollowers, scenarioFamily, type Tracker } from '../scenario/family.ts';
import { ensureFaultfs, FAULTFS_PROGRAM } from '../disk/faultfs.ts';
import { buildNative } from '../native/build.ts';
import { losePower } from '../power-loss/index.ts';

const NAME = 'isr-shrink';
const THEN = ['kill', 'isolate', 'power-loss', 'none'] as const;

async function run(env: FaultEnv, rng: Parameters<typeof choosePartition>[1], opts: Options, track: Tracker): Promise<NemesisOutcome> {
  const { system } = env.cluster;
  let target: TargetPartition | undefined;
  const cut = await runStep(env, NAME, 'cut-replication', 'start', async () => {
    target = await choosePartition(env, rng, 1);
    track.cut = true;
    track.text = `${target.topic}/${target.partition} leader ${target.leader.name}`;
    return cutReplication(env, NAME, target);
  });
  if (!target) return cut;
  const t = target;
  const shrunk = await runStep(env, NAME, 'await-isr-shrink', 'instant', async () => {
    const r = await awaitPartition(env, t.topic, t.partition, (s) => s.isr.length === 1 && s.isr[0] === t.leader.id, opts.number('wait') * 1000);
    const value = {
      family: NAME,
      action: 'await-isr-shrink',
      phase: 'instant' as const,
      targets: [t.leader.name],
      detail: { reached: r.reached, waitedMs: r.waitedMs, state: describeState(t.topic, r.state), isr: r.state?.isr, elr: r.state?.elr },
    };
    return r.reached
      ? outcome('ok', value)
      : outcome(
          'info',
          value,
          `the ISR did not shrink to the leader within ${opts.number('wait')} s (${r.error ?? describeState(t.topic, r.state)}): writes must flow for Kafka to notice lagging followers`,
        );
  });
  const then = opts.choice<(typeof THEN)[number]>('then');
  if (then === 'kill') {
    await runStep(env, NAME, 'crash-leader', 'instant', async () => {
      await t.leader.handle.kill('SIGKILL');
      track.stopped.add(t.leader);
      return outcome('ok', { family: NAME, action: 'crash-leader', phase: 'instant', targets: [t.leader.name], detail: { shrunk: shrunk.type === 'ok' } });
    });
  } else if (then === 'power-loss') {
    await runStep(env, NAME, 'leader-loses-power', 'instant', async () => {
      const { lost, errors } = await losePower(env, [t.leader], track);
      return outcome(
        errors.length > 0 ? 'info' : 'ok',
        { family: NAME, action: 'leader-loses-power', phase: 'instant', targets: [t.leader.name], detail: { shrunk: shrunk.type === 'ok', rolledBack: lost } },
        errors.join('; ') || undefined,
      );
    });
  } else if (then === 'isolate') {
    await runStep(env, NAME, 'isolate-leader', 'instant', async () => {
      const others = env.cluster.nodes.filter((n) => n !== t.leader).map((n) => ({ a: t.leader, b: n }));
      await cutLinks(others);
      return outcome('ok', {
        family: NAME,
        action: 'isolate-leader',
        phase: 'instant',
        targets: [t.leader.name],
        detail: { from: others.map((c) => c.b.name), clientsStillReachIt: true },
      });
    });
  }
  if (then === 'kill' || then === 'power-loss') {
    await runStep(env, NAME, 'heal-followers', 'instant', async () =>
      outcome('ok', { family: NAME, action: 'heal-followers', phase: 'instant', targets: await healLinks(t.followers) }),
    );
  }
  // What the controller does with the leaderless partition: wait (clean), elect from ISR/ELR, or elect an out-of-sync
  // follower when unclean election is enabled for the topic.
  return runStep(env, NAME, 'await-new-leader', 'instant', async () => {
    const r = await awaitPartition(env, t.topic, t.partition, (s) => s.leader >= 0 && s.leader !== t.leader.id, opts.number('observe') * 1000);
    const unclean = await system.topicConfig(t.topic, 'unclean.leader.election.enable').catch(() => undefined);
    return outcome(r.reached ? 'ok' : 'info', {
      family: NAME,
      action: 'await-new-leader',
      phase: 'instant',
      targets: r.state && r.state.leader >= 0 ? [env.cluster.nodes.find((n) => n.id === r.state!.leader)?.name ?? String(r.state.leader)] : [],
      detail: { elected: r.reached, waitedMs: r.waitedMs, state: describeState(t.topic, r.state), uncleanElectionEnabled: unclean },
    });
  });
}

export const isrShrinkFamily = scenarioFamily({
  name: NAME,
  description:
    "Cut a partition's followers off from its leader (replication port only), wait until the ISR is the leader alone, then crash or isolate the leader",
  attacks: 'acknowledged writes survive the loss of the only in-sync replica (acks=all, min.insync.replicas, unclean leader election)',
  relies:
    'writes flowing to the partition (the ISR shrinks only while the followers fall behind); replica.lag.time.max.ms (preset: 5 s); unclean elections by the controller when the topic enables them (preset: checked every 2 s)',
  color: '#e377c2',
  options: [
    option.choice('then', 'what happens to the leader once the ISR is the leader alone (power-loss: it also loses what it had not fsynced)', THEN, 'kill'),
    option.int('wait', 'seconds to wait for the controller to shrink the ISR', 1, 600, 60),
    option.int('observe', 'seconds to watch for a new leader after the crash', 1, 600, 20),
  ],
  preset: {
    name: 'fast-isr',
    settings: { 'replica.lag.time.max.ms': '5000', 'unclean.leader.election.interval.ms': '2000' },
    why: 'isr-shrink: followers leave the ISR 5 s after they stop fetching (default 30 s), and the controller looks for unclean elections every 2 s (default 5 min) — it still elects uncleanly only where unclean.leader.election.enable is true',
  },
  validate: (spec) => needFollowers(NAME, spec),
  prepareHost: async (progress) => void (await buildNative(FAULTFS_PROGRAM, progress)),
  setup: async (env, opts) => {
    if (opts.choice('then') === 'power-loss') await ensureFaultfs(env);
  },
  run,
});
