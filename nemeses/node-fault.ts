// The shape shared by faults that take one whole node down and bring it back (kill, stop, pause): the scheduled
// nemesis picks a running node by --kill-target, manual actions name nodes, heal finds faulted nodes on the cluster.
import type { ClusterNode } from '../core/cluster.ts';
import type { Random } from '../core/generator/random.ts';
import type { TestSpec } from '../core/spec.ts';
import type { Nemesis, NemesisOutcome } from '../core/plugins.ts';
import { errorMessage } from '../core/errors.ts';
import { eachNode, healOutcome, outcome, type FaultEnv, type FaultFamily, type ManualRequest } from './family.ts';
import { runningNodes } from './node/state.ts';
import { chooseTarget, type TargetMode } from './targets.ts';
import type { Options, OptionSpec } from '../core/options.ts';
import { TARGET_OPTION } from './options.ts';

export interface NodeFault {
  name: string;
  description: string;
  color: string;
  /** Action names recorded in the history, e.g. kill / restart. */
  startAction: string;
  stopAction: string;
  /** Options of the fault itself (e.g. pause mode), for scheduled and manual use alike. */
  options?: readonly OptionSpec[];
  /** Takes the node down; returns facts for the op's detail. */
  apply(env: FaultEnv, node: ClusterNode, opts: Options): Promise<Record<string, unknown> | void>;
  /** Brings the node back; false when there was nothing to undo. */
  revert(env: FaultEnv, node: ClusterNode): Promise<boolean>;
  /** Nodes this kind of fault has taken down, as the cluster shows them. */
  discover(env: FaultEnv): Promise<ClusterNode[]>;
}

export function nodeFaultFamily(f: NodeFault): FaultFamily {
  const start = async (env: FaultEnv, node: ClusterNode, why: string, opts: Options): Promise<NemesisOutcome> => {
    try {
      const facts = await f.apply(env, node, opts);
      return outcome('ok', { family: f.name, action: f.startAction, phase: 'start', targets: [node.name], detail: { why, ...(facts ?? {}) } });
    } catch (e) {
      return outcome('info', { family: f.name, action: f.startAction, phase: 'start', targets: [node.name], detail: { why } }, errorMessage(e));
    }
  };
  const revertAll = async (env: FaultEnv, nodes: ClusterNode[], action: string): Promise<NemesisOutcome> => {
    const { done, errors } = await eachNode(nodes, (n) => f.revert(env, n));
    return healOutcome(
      f.name,
      action,
      done.filter((d) => d.result).map((d) => d.node.name),
      errors,
    );
  };
  const heal = async (env: FaultEnv): Promise<NemesisOutcome> => revertAll(env, await f.discover(env), `${f.stopAction}-all`);
  const pick = async (env: FaultEnv, rng: Random, mode: TargetMode) => chooseTarget(env, rng, mode, await runningNodes(env.cluster.nodes));

  return {
    name: f.name,
    description: f.description,
    color: f.color,
    options: f.options ?? [],
    create(spec: TestSpec, opts: Options): Nemesis {
      const faulted = new Map<string, ClusterNode>();
      return {
        family: f.name,
        color: f.color,
        async setup(env) {
          await heal(env);
        },
        async invoke(env, phase, rng) {
          if (phase === 'stop') {
            const r = await revertAll(env, [...faulted.values()], f.stopAction);
            faulted.clear();
            return r;
          }
          const target = await pick(env, rng, spec.killTarget);
          if (!target) return outcome('fail', { family: f.name, action: f.startAction, phase: 'start', targets: [] }, 'no running node');
          const r = await start(env, target.node, target.why, opts);
          if (r.type !== 'fail') faulted.set(target.node.name, target.node);
          return r;
        },
        async healAll(env) {
          faulted.clear();
          return heal(env);
        },
        active: () => [...faulted.keys()].map((n) => `${f.name}(${n})`),
      };
    },
    manual: {
      [f.startAction]: {
        summary: `${f.startAction} the named nodes (default: one chosen by --target)`,
        options: [TARGET_OPTION, ...(f.options ?? [])],
        async run(env: FaultEnv, req: ManualRequest) {
          const opts = req.options;
          if (req.targets.length === 0) {
            const t = await pick(env, req.rng, opts.choice<TargetMode>('target'));
            if (!t) return outcome('fail', { family: f.name, action: f.startAction, phase: 'start', targets: [] }, 'no running node');
            return start(env, t.node, t.why, opts);
          }
          const results = await Promise.all(req.targets.map((n) => start(env, n, 'named', opts)));
          const failed = results.filter((r) => r.error);
          return outcome(
            failed.length > 0 ? 'info' : 'ok',
            { family: f.name, action: f.startAction, phase: 'start', targets: req.targets.map((n) => n.name) },
            failed.map((r) => r.error).join('; ') || undefined,
          );
        },
      },
      [f.stopAction]: {
        summary: `${f.stopAction} the named nodes (default: every node this family took down)`,
        run: async (env, req) => (req.targets.length > 0 ? revertAll(env, req.targets, f.stopAction) : heal(env)),
      },
    },
    heal,
    discover: async (env) => (await f.discover(env)).map((n) => `${f.name}(${n.name})`),
  };
}
