// Scenario `leader-crash-window`: cut a partition's leader off from its followers on the brokers' port for a short
// seeded window (clients still reach it, the controller still hears from it, the ISR does not change), then SIGKILL
// it. Everything the leader acknowledged alone during the window exists nowhere else: with acks=1 those writes are
// lost when a follower takes over; with acks=all none of them was acknowledged.
import { option, type Options } from '../../core/options.ts';
import type { NemesisOutcome } from '../../core/plugins.ts';
import type { Random } from '../../core/generator/random.ts';
import { UserError } from '../../core/errors.ts';
import { outcome, runStep, type FaultEnv } from '../family.ts';
import { healLinks } from '../netns/links.ts';
import { cutReplication } from '../scenario/replication-cut.ts';
import { awaitPartition, choosePartition, describeState, type TargetPartition } from '../scenario/partition-choice.ts';
import { needFollowers, scenarioFamily, type Tracker } from '../scenario/family.ts';

const NAME = 'leader-crash-window';

async function run(env: FaultEnv, rng: Random, opts: Options, track: Tracker): Promise<NemesisOutcome> {
  let target: TargetPartition | undefined;
  const [minS, maxS] = [opts.number('window-min'), opts.number('window-max')];
  const windowMs = Math.round((minS + (maxS - minS) * rng.next()) * 1000);
  const cut = await runStep(env, NAME, 'cut-replication', 'start', async () => {
    target = await choosePartition(env, rng, 1);
    track.text = `${target.topic}/${target.partition} leader ${target.leader.name}, ${windowMs} ms`;
    return cutReplication(env, NAME, target, { windowMs });
  });
  if (!target) return cut;
  const t = target;
  await new Promise((r) => setTimeout(r, windowMs));
  await runStep(env, NAME, 'crash-leader', 'instant', async () => {
    await t.leader.handle.kill('SIGKILL');
    track.stopped.add(t.leader);
    return outcome('ok', { family: NAME, action: 'crash-leader', phase: 'instant', targets: [t.leader.name], detail: { afterWindowMs: windowMs } });
  });
  await runStep(env, NAME, 'heal-followers', 'instant', async () =>
    outcome('ok', { family: NAME, action: 'heal-followers', phase: 'instant', targets: await healLinks(t.followers) }),
  );
  return runStep(env, NAME, 'await-new-leader', 'instant', async () => {
    const r = await awaitPartition(env, t.topic, t.partition, (s) => s.leader >= 0 && s.leader !== t.leader.id, 30_000);
    return outcome(r.reached ? 'ok' : 'info', {
      family: NAME,
      action: 'await-new-leader',
      phase: 'instant',
      targets: [],
      detail: { elected: r.reached, waitedMs: r.waitedMs, state: describeState(t.topic, r.state) },
    });
  });
}

export const leaderCrashWindowFamily = scenarioFamily({
  name: NAME,
  description: 'Cut a partition leader off from its followers (replication port) for a short seeded window, then SIGKILL it',
  attacks: 'writes acknowledged by the leader alone (acks=1, or acks=all with min.insync.replicas=1 after a shrink) survive its crash',
  relies: 'a window shorter than replica.lag.time.max.ms (30 s by default), so the followers stay in the ISR and one of them takes over cleanly',
  color: '#bcbd22',
  options: [
    option.number('window-min', 'shortest window in seconds between the cut and the crash', 0.1, 60, 1),
    option.number('window-max', 'longest window in seconds (the window is drawn from the seed)', 0.1, 60, 3),
  ],
  validate(spec, opts) {
    needFollowers(NAME, spec);
    if (opts.number('window-min') > opts.number('window-max'))
      throw new UserError(`--${NAME}-window-min ${opts.number('window-min')} is larger than --${NAME}-window-max ${opts.number('window-max')}`);
  },
  run,
});
