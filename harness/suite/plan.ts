// A suite's plan: its tests in file order, each a TestSpec (seed set per run) with its seeds or run count, the build
// under test, a fingerprint shared by every shard of the suite, and the estimated duration of each run.
import { createHash } from 'node:crypto';
import { UserError } from '../../core/errors.ts';
import type { TestSpec } from '../../core/spec.ts';
import { buildIdentity, type BuildIdentity } from './build.ts';
import { checkBuildFlags, resolveEntry, type BuildFlags } from './entries.ts';
import { estimateRunS } from './estimate.ts';
import { assignShards } from './shard.ts';
import { readSuiteFile } from './suite-file.ts';
import { suiteFileFor } from './shipped.ts';
import type { ShardId } from '../../core/suite-record.ts';

export interface PlannedTest {
  name: string;
  index: number;
  /** The spec of its runs; `seed` is set per run. */
  spec: TestSpec;
  /** Fixed seeds, or undefined for `count` runs with random seeds. */
  seeds?: number[];
  count: number;
  estimatedS: number;
}

export interface SuitePlan {
  name: string;
  description?: string;
  /** The suite file as the user named it (shipped ones relative to the repository). */
  source: string;
  tests: PlannedTest[];
  build: BuildIdentity;
  fingerprint: string;
}

/** One run of the plan: a test and its slot (position among its seeds or count). */
export interface PlannedRun {
  test: PlannedTest;
  slot: number;
  /** The fixed seed, if the test lists seeds. */
  seed?: number;
  /** 1-based shard for the given shard count. */
  shard: number;
}

/** A spec without its seed (each run has its own). */
export function specTemplate(spec: TestSpec): Record<string, unknown> {
  const { seed: _seed, ...rest } = spec;
  return rest;
}

/** JSON with object keys sorted, so equal values hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function fingerprintOf(name: string, tests: PlannedTest[]): string {
  const shape = tests.map((t) => {
    const { cluster, ...rest } = specTemplate(t.spec) as TestSpec;
    return {
      name: t.name,
      spec: { ...rest, cluster: { nodes: cluster.nodes, brokerOverrides: cluster.brokerOverrides } },
      seeds: t.seeds ?? null,
      count: t.count,
    };
  });
  return createHash('sha256')
    .update(canonical({ name, tests: shape }))
    .digest('hex');
}

/** Loads, validates and plans a suite: nothing runs and nothing is written. Bad input is one UserError line. */
export async function loadSuite(arg: string, build: BuildFlags): Promise<SuitePlan> {
  checkBuildFlags(build);
  const { path, shown } = suiteFileFor(arg);
  const file = await readSuiteFile(path);
  const defaults = file.defaults ?? {};
  const tests: PlannedTest[] = [];
  const firstIndexOf = new Map<string, number>();
  file.tests.forEach((entry, index) => {
    const resolved = resolveEntry(shown, index, defaults, entry, build);
    const earlier = firstIndexOf.get(resolved.name);
    if (earlier !== undefined) {
      const given = typeof entry.name === 'string';
      throw new UserError(
        `${shown}: tests[${index}]${given ? '.name' : ''}: test name ${resolved.name}${given ? '' : ' (the default for its settings)'} is also the name of tests[${earlier}]; give one of them ${given ? 'another' : 'a'} name`,
      );
    }
    firstIndexOf.set(resolved.name, index);
    tests.push({ ...resolved, index, estimatedS: estimateRunS(resolved.spec.timeLimitS) });
  });
  return {
    name: file.name,
    description: file.description,
    source: shown,
    tests,
    build: buildIdentity(tests[0]!.spec.cluster),
    fingerprint: fingerprintOf(file.name, tests),
  };
}

/** Every run of the plan in suite order, each with its shard for `shards` shards (1 when unsharded). */
export function plannedRuns(plan: Pick<SuitePlan, 'tests'>, shards = 1): PlannedRun[] {
  const runs = plan.tests.flatMap((test) => Array.from({ length: test.count }, (_, slot) => ({ test, slot, seed: test.seeds?.[slot], shard: 1 })));
  const shardOf = assignShards(
    runs.map((r, order) => ({ order, estimatedS: r.test.estimatedS })),
    shards,
  );
  return runs.map((r, i) => ({ ...r, shard: shardOf[i]! }));
}

/** The runs one shard runs (all runs when `shard` is undefined). */
export function runsOfShard(plan: Pick<SuitePlan, 'tests'>, shard?: ShardId): PlannedRun[] {
  const runs = plannedRuns(plan, shard?.count ?? 1);
  return shard ? runs.filter((r) => r.shard === shard.index) : runs;
}

export const estimatedSuiteS = (plan: Pick<SuitePlan, 'tests'>): number => plan.tests.reduce((sum, t) => sum + t.count * t.estimatedS, 0);
