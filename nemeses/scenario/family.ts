// Kafka-aware fault scenarios as fault families: a scenario is several steps aimed at one mechanism (cut replication,
// wait until the controller shrank the ISR, crash the leader, …). Each step is its own nemesis op with its own time
// (env.step), so the history and the report show what happened when. A scenario states which guarantee it attacks
// and which broker settings it relies on; settings that shorten its fault cycles come as a named preset that the
// test spec records.
import type { ClusterNode } from '../../core/cluster.ts';
import type { Progress } from '../../core/progress.ts';
import { UserError } from '../../core/errors.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Options, OptionSpec } from '../../core/options.ts';
import type { Nemesis, NemesisOutcome } from '../../core/plugins.ts';
import type { Preset, TestSpec } from '../../core/spec.ts';
import { outcome, runStep, type FaultEnv, type FaultFamily } from '../family.ts';
import { healLinks, discoverLinks } from '../netns/links.ts';
import { requireNetnsAccess } from '../netns/capabilities.ts';
import { nodeState } from '../node/state.ts';

export interface Scenario {
  name: string;
  /** What it does, in one line. */
  description: string;
  /** The guarantee it attacks, and the broker settings it relies on (for --help and the README). */
  attacks: string;
  relies: string;
  color: string;
  options: readonly OptionSpec[];
  /** Broker settings that make its fault cycle fit a test run (recorded in spec.json, shown in the report). */
  preset?: Preset;
  /** Host-side preparation before any cluster starts (e.g. building a helper binary). */
  prepareHost?(progress: Progress): Promise<void>;
  /** Refuses a spec it cannot work in (e.g. one node) with a UserError. */
  validate?(spec: Pick<TestSpec, 'cluster'>, opts: Options): void;
  /** Checks the mechanism works here and prepares it (before the main phase). */
  setup?(env: FaultEnv, opts: Options): Promise<void>;
  /** Runs the fault's steps, each through runStep; returns the last step's outcome (for progress and manual use). */
  run(env: FaultEnv, rng: Random, opts: Options, track: Tracker): Promise<NemesisOutcome>;
  /** Undoes what this scenario can leave behind beyond link cuts and stopped or paused nodes (e.g. disk rules). */
  healExtra?(env: FaultEnv): Promise<string[]>;
  discoverExtra?(env: FaultEnv): Promise<string[]>;
}

/** What a run of the scenario has done that its stop must undo. */
export class Tracker {
  readonly stopped = new Set<ClusterNode>();
  readonly paused = new Set<ClusterNode>();
  cut = false;
  text = '';
}

/** Everything a scenario may leave: link cuts on every node, nodes it stopped or froze, and its own extras. */
async function healScenario(env: FaultEnv, s: Scenario, track?: Tracker): Promise<NemesisOutcome> {
  const errors: string[] = [];
  const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      errors.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
  const healed = new Set<string>((await attempt('links', () => healLinks(env.cluster.nodes))) ?? []);
  const nodes = track ? [...track.stopped, ...track.paused] : env.cluster.nodes;
  for (const node of nodes) {
    const state = await nodeState(node);
    if (state === 'paused') await attempt(`resume ${node.name}`, () => node.handle.resume()).then(() => healed.add(node.name));
    if (state === 'stopped') await attempt(`start ${node.name}`, () => node.handle.start()).then(() => healed.add(node.name));
  }
  for (const n of (await attempt('extras', () => s.healExtra?.(env) ?? Promise.resolve([]))) ?? []) healed.add(n);
  track?.stopped.clear();
  track?.paused.clear();
  return outcome(
    errors.length > 0 ? 'info' : 'ok',
    { family: s.name, action: 'heal', phase: 'stop', targets: [...healed].sort() },
    errors.join('; ') || undefined,
  );
}

export function scenarioFamily(s: Scenario): FaultFamily {
  const heal = (env: FaultEnv): Promise<NemesisOutcome> => healScenario(env, s);
  return {
    name: s.name,
    description: `${s.description}. Attacks: ${s.attacks}. Relies on: ${s.relies}`,
    color: s.color,
    scenario: true,
    options: s.options,
    preset: s.preset,
    prepareHost: s.prepareHost,
    validate: (spec, opts) => s.validate?.(spec, opts),
    create(spec: TestSpec, opts: Options): Nemesis {
      s.validate?.(spec, opts);
      const track = new Tracker();
      return {
        family: s.name,
        color: s.color,
        recordsSteps: true,
        async setup(env) {
          await requireNetnsAccess(s.name);
          await s.setup?.(env, opts);
          await heal(env);
        },
        async invoke(env, phase, rng: Random) {
          if (phase === 'stop') return runStep(env, s.name, 'heal', 'stop', () => healScenario(env, s, track));
          track.text = '';
          return s.run(env, rng, opts, track);
        },
        healAll: async (env) => {
          track.stopped.clear();
          track.paused.clear();
          return heal(env);
        },
        active: () => (track.text ? [`${s.name}(${track.text})`] : []),
      };
    },
    manual: {
      run: {
        summary: `run the scenario once (${s.description.toLowerCase()}); heal with \`faultline nemesis ${s.name} heal\``,
        options: s.options,
        run: (env, req) => s.run(env, req.rng, req.options, new Tracker()),
      },
    },
    heal,
    async discover(env) {
      const links = (await discoverLinks(env.cluster.nodes)).map((l) => `${s.name}: link cut ${l}`);
      return [...links, ...((await s.discoverExtra?.(env)) ?? [])];
    },
  };
}

/** A scenario needs followers: refuse a one-node cluster. */
export function needFollowers(name: string, spec: Pick<TestSpec, 'cluster'>): void {
  if (spec.cluster.nodes < 2)
    throw new UserError(`--nemesis ${name}: needs a cluster of at least 2 nodes (replicas to cut off and fail over to); --nodes is ${spec.cluster.nodes}`);
}
