// What every fault family module provides: the scheduled nemesis, manual actions for `faultline nemesis`, and a heal
// that finds its leftovers on the cluster itself (so a fresh process can undo what a killed run left behind).
import type { ClusterHandle, ClusterNode } from '../core/cluster.ts';
import type { NemesisValue } from '../core/history/op.ts';
import type { Progress } from '../core/progress.ts';
import type { Random } from '../core/generator/random.ts';
import type { Options, OptionSpec } from '../core/options.ts';
import type { Preset, TestSpec } from '../core/spec.ts';
import type { CoordinatorKeys, Nemesis, NemesisOutcome, StepRecorder } from '../core/plugins.ts';
import { errorMessage } from '../core/errors.ts';

/** What faults need from a run (a RunEnv is one); `faultline nemesis` builds one for a running cluster. */
export interface FaultEnv {
  cluster: ClusterHandle;
  progress: Progress;
  /** Workload topics, for Kafka-aware targets (leader of a partition). */
  topics: string[];
  /** In a run: records each step of a multi-step fault as its own op. Absent in manual use: steps just run. */
  step?: StepRecorder;
  /** The workload's transactional ids and consumer groups, when it has any. */
  coordinatorKeys?: CoordinatorKeys;
}

/** Runs one step of a multi-step fault, recorded as its own op when the environment records steps. */
export function runStep(
  env: FaultEnv,
  family: string,
  action: string,
  phase: NemesisValue['phase'],
  run: () => Promise<NemesisOutcome>,
): Promise<NemesisOutcome> {
  return env.step ? env.step(family, action, phase, run) : run();
}

/** Arguments of a manual action, from `faultline nemesis <family> <action> [targets] --key value`. */
export interface ManualRequest {
  /** Nodes named on the command line (may be empty: the action then chooses, as the scheduled nemesis would). */
  targets: ClusterNode[];
  /** The action's own options (--<name> flags), validated against its schema. */
  options: Options;
  rng: Random;
}

export interface ManualAction {
  /** One line for --help. */
  summary: string;
  /** Options this action reads (--<name> flags of `faultline nemesis`). */
  options?: readonly OptionSpec[];
  run(env: FaultEnv, req: ManualRequest): Promise<NemesisOutcome>;
}

export interface FaultFamily {
  name: string;
  description: string;
  /** Colour of the family's intervals in reports. */
  color: string;
  /** The broker must start with libfaketime preloaded. */
  needsFaketime?: boolean;
  /** A Kafka-aware scenario aimed at one mechanism (several steps), as opposed to a generic fault family. */
  scenario?: boolean;
  /** Broker settings the family's fault cycle relies on, as a named preset (recorded in spec.json, shown in reports). */
  preset?: Preset;
  /** Refuses a test spec this family cannot work in, with a UserError (checked before anything starts). */
  validate?(spec: Pick<TestSpec, 'cluster'>, options: Options): void;
  /** Host-side preparation before any cluster starts (e.g. building a helper binary), so nothing installs mid-run. */
  prepareHost?(progress: Progress): Promise<void>;
  /** Options of the scheduled nemesis (`faultline test --<family>-<name>`). */
  options: readonly OptionSpec[];
  create(spec: TestSpec, options: Options): Nemesis;
  manual: Record<string, ManualAction>;
  /** Finds and undoes everything this family may have left on the cluster. Idempotent. */
  heal(env: FaultEnv): Promise<NemesisOutcome>;
  /** Active faults of this family found on the cluster, as text. */
  discover(env: FaultEnv): Promise<string[]>;
}

export const outcome = (type: NemesisOutcome['type'], value: NemesisValue, error?: string): NemesisOutcome => ({ type, value, ...(error ? { error } : {}) });

/** Runs one step per node, collecting failures as text instead of stopping at the first. */
export async function eachNode<T>(
  nodes: ClusterNode[],
  step: (node: ClusterNode) => Promise<T>,
): Promise<{ done: Array<{ node: ClusterNode; result: T }>; errors: string[] }> {
  const settled = await Promise.allSettled(nodes.map(step));
  const done: Array<{ node: ClusterNode; result: T }> = [];
  const errors: string[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') done.push({ node: nodes[i]!, result: s.value });
    else errors.push(`${nodes[i]!.name}: ${errorMessage(s.reason)}`);
  });
  return { done, errors };
}

/** An outcome for a per-node heal: ok when every node healed, info (with the errors) otherwise. */
export function healOutcome(family: string, action: string, healed: string[], errors: string[], detail?: unknown): NemesisOutcome {
  const value: NemesisValue = { family, action, phase: 'stop', targets: healed, ...(detail === undefined ? {} : { detail }) };
  return outcome(errors.length > 0 ? 'info' : 'ok', value, errors.length > 0 ? errors.join('; ') : undefined);
}
