// Nemesis `partition`: network partitions by iptables rules in each node's namespace (shapes in shapes.ts, rules in
// rules.ts). Kafka-aware shapes isolate a partition's leader, the active controller, or a node from the client.
import type { ClusterNode } from '../../core/cluster.ts';
import { netnsShellOk } from '../../core/runtime.ts';
import type { Random } from '../../core/generator/random.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { Nemesis, NemesisOutcome } from '../../core/plugins.ts';
import { UserError, errorMessage } from '../../core/errors.ts';
import { eachNode, healOutcome, outcome, type FaultEnv, type FaultFamily } from '../family.ts';
import { option, type Options } from '../../core/options.ts';
import { chooseTarget } from '../targets.ts';
import { installChainScript, listChainScript, removeChainScript, type ChainRules } from '../netns/iptables.ts';
import { KeepApplied } from '../netns/keep-applied.ts';
import { requireIptablesRules } from '../netns/capabilities.ts';
import { runningNodes } from '../node/state.ts';
import { bridge, halves, isolate, isolateFromClient, majoritiesRing, splitInto, SHAPES, type Grudge, type Shape } from './shapes.ts';
import { PARTITION_IN, PARTITION_MODES, PARTITION_OUT, partitionPlanRules, type PartitionMode } from './rules.ts';

const FAMILY = 'partition';

export interface PartitionPlan {
  shape: Shape;
  /** How targets were chosen, e.g. "leader of faultline-lost-writes/2". */
  why: string;
  grudge: Grudge;
  oneWay: boolean;
}

/** Works out a shape's grudge; `named` nodes (manual use) replace the random or Kafka-aware choice of who is cut off. */
export async function planPartition(env: FaultEnv, shape: Shape, rng: Random, named: ClusterNode[] = []): Promise<PartitionPlan> {
  const nodes = env.cluster.nodes;
  const names = nodes.map((n) => n.name);
  const one = async (mode: 'random' | 'leader' | 'controller'): Promise<{ node: string; why: string }> => {
    if (named[0]) return { node: named[0].name, why: 'named' };
    const t = await chooseTarget(env, rng, mode, await runningNodes(nodes));
    if (!t) throw new Error('no running node to isolate');
    return { node: t.node.name, why: t.why };
  };
  switch (shape) {
    case 'one':
    case 'leader':
    case 'controller': {
      const t = await one(shape === 'one' ? 'random' : shape);
      return { shape, why: t.why, grudge: isolate(names, t.node), oneWay: false };
    }
    case 'one-way': {
      const t = await one('random');
      return { shape, why: `${t.why}: others cannot open connections to ${t.node}`, grudge: { [t.node]: names.filter((n) => n !== t.node) }, oneWay: true };
    }
    case 'client': {
      const targets = named.length > 0 ? named.map((n) => n.name) : [(await one('random')).node];
      return { shape, why: named.length > 0 ? 'named' : 'random', grudge: isolateFromClient(targets), oneWay: false };
    }
    case 'halves': {
      const [major, minor] = named.length > 0 ? [names.filter((n) => !named.some((x) => x.name === n)), named.map((n) => n.name)] : halves(names, rng);
      return { shape, why: `${major.join(',')} | ${minor.join(',')}`, grudge: splitInto([major, minor]), oneWay: false };
    }
    case 'majorities-ring':
      return { shape, why: 'random ring', grudge: majoritiesRing(names, rng), oneWay: false };
    case 'bridge': {
      const b = bridge(names, rng);
      return { shape, why: `bridge ${b.bridge}`, grudge: b.grudge, oneWay: false };
    }
  }
}

const applyChains = async (env: FaultEnv, node: ClusterNode, chains: ChainRules[]): Promise<void> => {
  await netnsShellOk(node.handle, chains.map((c) => (c.rules.length > 0 ? installChainScript(c) : removeChainScript(c.chain, c.hook))).join('\n'));
};

const removeAll = async (env: FaultEnv, node: ClusterNode): Promise<boolean> => {
  const r = await node.handle.inNetns(
    `${listChainScript(PARTITION_IN)}\n${listChainScript(PARTITION_OUT)}\n${removeChainScript(PARTITION_IN, 'INPUT')}\n${removeChainScript(PARTITION_OUT, 'OUTPUT')}`,
  );
  if (r && r.exitCode !== 0) throw new Error(r.stderr.trim() || `exit ${r.exitCode}`);
  return !!r && r.stdout.trim().length > 0;
};

/** Nodes whose grudge is non-empty, in the history's `targets`. */
const affected = (g: Grudge): string[] =>
  Object.keys(g)
    .filter((n) => (g[n] ?? []).length > 0)
    .sort();

async function applyPlan(env: FaultEnv, plan: PartitionPlan, mode: PartitionMode, keeper?: KeepApplied): Promise<NemesisOutcome> {
  const t = env.cluster;
  const perNode = partitionPlanRules(t, plan.grudge, mode, plan.oneWay);
  const value = {
    family: FAMILY,
    action: plan.shape,
    phase: 'start' as const,
    targets: affected(plan.grudge),
    detail: { why: plan.why, grudge: plan.grudge, mode, oneWay: plan.oneWay },
  };
  const { errors } = await eachNode(t.nodes, async (node) => {
    const chains = perNode.get(node.name)!;
    if (!chains.some((c) => c.rules.length > 0))
      await removeAll(env, node); // also fine for a node that is down
    else if (keeper) await keeper.keep(node, (n) => applyChains(env, n, chains));
    else await applyChains(env, node, chains);
  });
  return outcome(errors.length > 0 ? 'info' : 'ok', value, errors.join('; ') || undefined);
}

async function heal(env: FaultEnv): Promise<NemesisOutcome> {
  const { done, errors } = await eachNode(env.cluster.nodes, (n) => removeAll(env, n));
  return healOutcome(
    FAMILY,
    'heal',
    done.filter((d) => d.result).map((d) => d.node.name),
    errors,
  );
}

async function checkCapabilities(env: FaultEnv, mode: PartitionMode, shapes: Shape[]): Promise<void> {
  const ip = env.cluster.gateway;
  const samples = [['-s', ip, '-j', mode === 'drop' ? 'DROP' : 'REJECT']];
  if (mode === 'reject') samples.push(['-s', ip, '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
  if (shapes.includes('one-way')) samples.push(['-s', ip, '-m', 'conntrack', '--ctstate', 'NEW', '-j', 'DROP']);
  await requireIptablesRules(env, FAMILY, `iptables ${mode}${shapes.includes('one-way') ? ' with conntrack' : ''}`, samples);
}

const MODE_OPTION = option.choice('mode', 'drop packets (hang until timeouts) or reject them (TCP reset, fail fast)', PARTITION_MODES, 'drop');

function readOptions(opts: Options): { shapes: Shape[]; mode: PartitionMode } {
  return { shapes: opts.list<Shape>('shape'), mode: opts.choice<PartitionMode>('mode') };
}

export const partitionFamily: FaultFamily = {
  name: FAMILY,
  description: 'network partitions (iptables in node namespaces): one, halves, majorities-ring, bridge, one-way, leader, controller, client',
  color: '#1f77b4',
  options: [option.list('shape', 'partition shapes to draw from', SHAPES), MODE_OPTION],
  create(_spec: TestSpec, opts: Options): Nemesis {
    const { shapes, mode } = readOptions(opts);
    let keeper: KeepApplied | undefined;
    let current: PartitionPlan | undefined;
    return {
      family: FAMILY,
      color: partitionFamily.color,
      async setup(env) {
        await checkCapabilities(env, mode, shapes);
        keeper = new KeepApplied(env.progress, FAMILY);
        await heal(env);
      },
      async invoke(env, phase, rng) {
        await keeper?.clear();
        if (phase === 'stop') {
          current = undefined;
          return heal(env);
        }
        try {
          const plan = await planPartition(env, rng.pick(shapes), rng);
          await heal(env);
          current = plan;
          return await applyPlan(env, plan, mode, keeper);
        } catch (e) {
          return outcome('info', { family: FAMILY, action: 'partition', phase: 'start', targets: [] }, errorMessage(e));
        }
      },
      async healAll(env) {
        await keeper?.clear();
        current = undefined;
        return heal(env);
      },
      active: () => (current ? [`partition(${current.shape}: ${affected(current.grudge).join(',')})`] : []),
    };
  },
  manual: Object.fromEntries(
    SHAPES.map((shape) => [
      shape,
      {
        summary: `apply the ${shape} shape (replacing any partition); named nodes are the ones cut off`,
        options: [MODE_OPTION],
        async run(env: FaultEnv, req) {
          const mode = req.options.choice<PartitionMode>('mode');
          if (req.targets.length > 0 && ['majorities-ring', 'bridge'].includes(shape))
            throw new UserError(`partition ${shape} chooses its own layout; name no nodes`);
          await checkCapabilities(env, mode, [shape]);
          const plan = await planPartition(env, shape, req.rng, req.targets);
          await heal(env);
          return applyPlan(env, plan, mode);
        },
      },
    ]),
  ),
  heal,
  async discover(env) {
    const found: string[] = [];
    for (const node of env.cluster.nodes) {
      const r = await node.handle.inNetns(`${listChainScript(PARTITION_IN)}\n${listChainScript(PARTITION_OUT)}`);
      const rules = (r?.stdout ?? '').trim().split('\n').filter(Boolean);
      if (rules.length > 0) found.push(`partition(${node.name}: ${rules.length} rules: ${rules.map((l) => l.replace(/^-A \S+ /, '')).join('; ')})`);
    }
    return found;
  },
};
