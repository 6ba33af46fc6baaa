// Nemesis `packet`: degraded links between chosen nodes, both directions: loss (iptables statistic), rate (tc htb),
// delay (tc netem where the kernel has it, else NFQUEUE with the nfq-delay helper on the receiver).
import type { ClusterNode } from '../../core/cluster.ts';
import { netnsShellOk } from '../../core/runtime.ts';
import type { Random } from '../../core/generator/random.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { Nemesis, NemesisOutcome } from '../../core/plugins.ts';
import { EnvironmentError, UserError, errorMessage } from '../../core/errors.ts';
import { eachNode, healOutcome, outcome, type FaultEnv, type FaultFamily, type ManualRequest } from '../family.ts';
import { option, type Options, type OptionSpec } from '../../core/options.ts';
import { installChainScript, listChainScript, removeChainScript } from '../netns/iptables.ts';
import { KeepApplied } from '../netns/keep-applied.ts';
import { qdiscSupported, requireIptablesRules, requireNetnsAccess } from '../netns/capabilities.ts';
import { runningNodes } from '../node/state.ts';
import { buildDelayHelper, runningDelayHelpers, startDelayHelper, stopAllDelayHelpers, stopDelayHelper } from './delay/helper.ts';
import {
  NFQUEUE_NUMBER,
  PACKET_FAULTS,
  PACKET_IN,
  describe,
  isRate,
  isolatePairs,
  listShapingScript,
  nodePacketSetup,
  peersOf,
  removeShapingScript,
  type DelayMechanism,
  type PacketFault,
  type PacketFaultKind,
} from './plan.ts';

const FAMILY = 'packet';

/** The options each kind of packet fault reads. */
const KIND_OPTIONS: Record<PacketFaultKind, OptionSpec[]> = {
  loss: [option.number('loss', 'probability a packet is dropped by the loss fault', 0, 1, 0.2)],
  rate: [
    option.string('rate', 'bandwidth cap of the rate fault, in tc units (e.g. 1mbit, 500kbit)', '1mbit', (v) =>
      isRate(v) ? undefined : 'give a tc rate such as 1mbit, 500kbit or 10mbps',
    ),
  ],
  delay: [
    option.number('delay-ms', 'one-way delay of the delay fault in ms', 0, 60_000, 100),
    option.number('jitter-ms', 'random extra delay of the delay fault, up to this many ms', 0, 60_000, 0),
  ],
};

export function packetFault(kind: PacketFaultKind, o: Options): PacketFault {
  if (kind === 'loss') return { kind, probability: o.number('loss') };
  if (kind === 'rate') return { kind, rate: o.string('rate') };
  return { kind, ms: o.number('delay-ms'), jitterMs: o.number('jitter-ms') };
}

/** Checks the kernel can do each requested kind; returns how delay will be made. */
async function checkCapabilities(env: FaultEnv, kinds: readonly PacketFaultKind[]): Promise<{ delay: DelayMechanism; helper?: string }> {
  await requireNetnsAccess(FAMILY);
  const ip = env.cluster.gateway;
  if (kinds.includes('loss'))
    await requireIptablesRules(env, FAMILY, 'loss (iptables statistic match)', [
      ['-s', ip, '-m', 'statistic', '--mode', 'random', '--probability', '0.5', '-j', 'DROP'],
    ]);
  if (kinds.includes('rate') && !(await qdiscSupported(env, FAMILY, 'htb', '')))
    throw new EnvironmentError('packet: rate needs the tc htb qdisc, which this kernel lacks');
  if (!kinds.includes('delay')) return { delay: 'netem' };
  if (await qdiscSupported(env, FAMILY, 'netem', 'delay 1ms')) return { delay: 'netem' };
  await requireIptablesRules(env, FAMILY, 'delay (no netem qdisc; NFQUEUE target)', [
    ['-s', ip, '-j', 'NFQUEUE', '--queue-num', String(NFQUEUE_NUMBER), '--queue-bypass'],
  ]);
  return { delay: 'nfqueue', helper: await buildDelayHelper(env.progress) };
}

/** Installs one node's part of the fault (replacing any packet fault it had). */
async function applyNode(
  env: FaultEnv,
  node: ClusterNode,
  peers: string[],
  fault: PacketFault,
  mech: { delay: DelayMechanism; helper?: string },
): Promise<void> {
  const setup = nodePacketSetup(env.cluster, peers, fault, mech.delay);
  await removeNode(env, node);
  if (setup.delayHelper) {
    const pid = await node.handle.netnsPid();
    if (pid === undefined) throw new Error(`${node.name} is not running`);
    await startDelayHelper(mech.helper!, env.cluster.name, node, pid, setup.delayHelper);
  }
  await netnsShellOk(node.handle, [installChainScript(setup.chain), ...setup.tc].join('\n'));
}

/** Removes our chain, our qdisc and the node's helper; true when any was there. */
async function removeNode(env: FaultEnv, node: ClusterNode): Promise<boolean> {
  const helper = stopDelayHelper(env.cluster.name, node.name);
  const r = await node.handle.inNetns(`${listChainScript(PACKET_IN)}\n${listShapingScript}\n${removeChainScript(PACKET_IN, 'INPUT')}\n${removeShapingScript}`);
  if (r && r.exitCode !== 0) throw new Error(r.stderr.trim() || `exit ${r.exitCode}`);
  return helper || (!!r && r.stdout.trim().length > 0);
}

async function heal(env: FaultEnv): Promise<NemesisOutcome> {
  const { done, errors } = await eachNode(env.cluster.nodes, (n) => removeNode(env, n));
  const orphans = stopAllDelayHelpers(env.cluster.name);
  return healOutcome(
    FAMILY,
    'heal',
    done.filter((d) => d.result).map((d) => d.node.name),
    errors,
    orphans > 0 ? { helpersStopped: orphans } : undefined,
  );
}

async function applyFault(
  env: FaultEnv,
  pairs: Array<[string, string]>,
  fault: PacketFault,
  mech: { delay: DelayMechanism; helper?: string },
  keeper?: KeepApplied,
): Promise<NemesisOutcome> {
  const peers = peersOf(pairs);
  const nodes = env.cluster.nodes.filter((n) => peers.has(n.name));
  const { errors } = await eachNode(nodes, async (node) => {
    const apply = (n: ClusterNode) => applyNode(env, n, peers.get(n.name)!, fault, mech);
    if (keeper) await keeper.keep(node, apply);
    else await apply(node);
  });
  const value = {
    family: FAMILY,
    action: fault.kind,
    phase: 'start' as const,
    targets: nodes.map((n) => n.name),
    detail: { fault, pairs, mechanism: fault.kind === 'delay' ? mech.delay : fault.kind === 'loss' ? 'iptables' : 'tc htb', text: describe(fault) },
  };
  return outcome(errors.length > 0 ? 'info' : 'ok', value, errors.join('; ') || undefined);
}

/** Manual pairs: two named nodes = that link; one = it against all others; none = a random node against all. */
function manualPairs(env: FaultEnv, req: ManualRequest): Array<[string, string]> {
  const all = env.cluster.nodes.map((n) => n.name);
  const named = req.targets.map((n) => n.name);
  if (named.length === 2) return [[named[0]!, named[1]!]];
  if (named.length > 2) throw new UserError('packet: name one node (against all others) or two (the link between them)');
  return isolatePairs(named[0] ?? req.rng.pick(all), all);
}

export const packetFamily: FaultFamily = {
  name: FAMILY,
  description: 'degraded links between nodes: loss, rate limit, delay (netem, or NFQUEUE + a userspace helper without netem)',
  color: '#17becf',
  options: [option.list('fault', 'packet faults to draw from', PACKET_FAULTS), ...PACKET_FAULTS.flatMap((k) => KIND_OPTIONS[k])],
  // The delay helper is built before the cluster starts (used only where the kernel lacks netem).
  prepareHost: async (progress) => void (await buildDelayHelper(progress)),
  create(_spec: TestSpec, o: Options): Nemesis {
    const kinds = o.list<PacketFaultKind>('fault');
    const faults = kinds.map((k) => packetFault(k, o));
    let mech: { delay: DelayMechanism; helper?: string } = { delay: 'netem' };
    let keeper: KeepApplied | undefined;
    let current: string | undefined;
    return {
      family: FAMILY,
      color: packetFamily.color,
      async setup(env) {
        mech = await checkCapabilities(env, kinds);
        keeper = new KeepApplied(env.progress, FAMILY);
        await heal(env);
      },
      async invoke(env, phase, rng: Random) {
        await keeper?.clear();
        if (phase === 'stop') {
          current = undefined;
          return heal(env);
        }
        try {
          await heal(env);
          const fault = rng.pick(faults);
          const running = await runningNodes(env.cluster.nodes);
          if (running.length === 0) return outcome('fail', { family: FAMILY, action: fault.kind, phase: 'start', targets: [] }, 'no running node');
          const node = rng.pick(running).name;
          current = `${describe(fault)} ${node}<->*`;
          return await applyFault(
            env,
            isolatePairs(
              node,
              env.cluster.nodes.map((n) => n.name),
            ),
            fault,
            mech,
            keeper,
          );
        } catch (e) {
          return outcome('info', { family: FAMILY, action: 'packet', phase: 'start', targets: [] }, errorMessage(e));
        }
      },
      async healAll(env) {
        await keeper?.clear();
        current = undefined;
        return heal(env);
      },
      active: () => (current ? [`packet(${current})`] : []),
    };
  },
  manual: Object.fromEntries(
    PACKET_FAULTS.map((kind) => [
      kind,
      {
        summary: `${kind} between two named nodes, or one node and all others; replaces the nodes' packet faults`,
        options: KIND_OPTIONS[kind],
        async run(env: FaultEnv, req: ManualRequest) {
          const fault = packetFault(kind, req.options);
          const mech = await checkCapabilities(env, [kind]);
          return applyFault(env, manualPairs(env, req), fault, mech);
        },
      },
    ]),
  ),
  heal,
  async discover(env) {
    const out: string[] = [];
    for (const node of env.cluster.nodes) {
      const r = await node.handle.inNetns(`${listChainScript(PACKET_IN)}\n${listShapingScript}`);
      const lines = (r?.stdout ?? '').trim().split('\n').filter(Boolean);
      if (lines.length > 0) out.push(`packet(${node.name}: ${lines.map((l) => l.replace(/^-A \S+ /, '')).join('; ')})`);
    }
    const helpers = runningDelayHelpers(env.cluster.name);
    if (helpers.length > 0) out.push(`packet(nfq-delay helpers running: pids ${helpers.join(', ')})`);
    return out;
  },
};
