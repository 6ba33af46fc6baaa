// Scenario `controller-isolate`: cut the active KRaft controller off from the other controller-quorum members on the
// controller port only, so it still serves clients (and still replicates on the brokers' port) while the others
// elect a new quorum leader. The metadata checker then watches every broker's view for two leaders in one epoch or
// epochs going backwards.
import { nodeById } from '../../core/cluster.ts';
import type { Options } from '../../core/options.ts';
import type { NemesisOutcome } from '../../core/plugins.ts';
import type { Random } from '../../core/generator/random.ts';
import { UserError } from '../../core/errors.ts';
import { outcome, runStep, type FaultEnv } from '../family.ts';
import { cutLinks } from '../netns/links.ts';
import { scenarioFamily, type Tracker } from '../scenario/family.ts';

const NAME = 'controller-isolate';

async function run(env: FaultEnv, _rng: Random, _opts: Options, track: Tracker): Promise<NemesisOutcome> {
  const { system } = env.cluster;
  const isolated = await runStep(env, NAME, 'isolate-controller', 'start', async () => {
    const id = await system.activeController();
    const node = id === undefined ? undefined : nodeById(env.cluster, id);
    if (!node)
      return outcome('fail', { family: NAME, action: 'isolate-controller', phase: 'start', targets: [] }, 'no node answered who the active controller is');
    const voters = env.cluster.nodes.filter((n) => n !== node && n.roles.includes('controller'));
    const brokers = env.cluster.nodes.filter((n) => n !== node && n.roles.includes('broker') && !voters.includes(n));
    // Quorum traffic and broker heartbeats both go to the controller port: cut both, and nothing else.
    await cutLinks([...voters, ...brokers].map((b) => ({ a: node, b, port: system.ports.controller })));
    track.text = `${node.name} (was active controller)`;
    return outcome('ok', {
      family: NAME,
      action: 'isolate-controller',
      phase: 'start',
      targets: [node.name],
      detail: { controller: node.name, cutFrom: [...voters, ...brokers].map((n) => n.name), port: system.ports.controller },
    });
  });
  if (isolated.type !== 'ok') return isolated;
  return runStep(env, NAME, 'await-new-controller', 'instant', async () => {
    const old = isolated.value.targets[0];
    const t0 = Date.now();
    let now: number | undefined;
    while (Date.now() - t0 < 30_000) {
      // Ask the others: the isolated node may still believe it leads.
      now = await system.activeController(env.cluster.nodes.filter((n) => n.name !== old)).catch(() => undefined);
      const name = now === undefined ? undefined : nodeById(env.cluster, now)?.name;
      if (name && name !== old)
        return outcome('ok', { family: NAME, action: 'await-new-controller', phase: 'instant', targets: [name], detail: { waitedMs: Date.now() - t0 } });
      await new Promise((r) => setTimeout(r, 500));
    }
    return outcome(
      'info',
      { family: NAME, action: 'await-new-controller', phase: 'instant', targets: [], detail: { waitedMs: Date.now() - t0, lastAnswer: now } },
      'no other quorum leader was reported within 30 s',
    );
  });
}

export const controllerIsolateFamily = scenarioFamily({
  name: NAME,
  description: 'Cut the active KRaft controller off from the other quorum members on the controller port while it still serves clients',
  attacks: 'one leader per partition and epoch, and monotonic leader epochs, while two nodes may each believe they lead the quorum',
  relies: 'a quorum of at least 3 controllers (a majority must remain on the other side)',
  color: '#7b4173',
  options: [],
  validate(spec) {
    const quorum = spec.cluster.controllers || spec.cluster.nodes;
    if (quorum < 3)
      throw new UserError(
        `--nemesis ${NAME}: needs at least 3 controller-quorum members so the others can elect a new leader; the quorum has ${quorum} (--controllers, or --nodes in combined mode)`,
      );
  },
  run,
});
