// A suite file's test entry → the TestSpec `faultline test` would run with the same settings as flags. The entry's
// keys are `faultline test`'s option names (time-limit, rate, nemesis, txn, partition-shape, …); they are checked
// against the plugins' own option schemas, turned into arguments and parsed by the very options `faultline test` has
// (addTestOptions, specFromFlags), so a suite test and `faultline test` can never disagree on defaults or validation.
import { Command, CommanderError, type Option } from 'commander';
import { UserError, errorMessage } from '../../core/errors.ts';
import { chooseSource } from '../../systems/kafka/source.ts';
import type { TestSpec } from '../../core/spec.ts';
import { testSpecSchema } from '../../core/spec.ts';
import { NEMESES, parseNemesisList } from '../../nemeses/index.ts';
import { familyOptions } from '../../nemeses/options.ts';
import { workloadOptions, WORKLOADS } from '../../workloads/index.ts';
import { addTestOptions, familyFlags, specFromFlags, workloadFlags, type TestFlags } from '../cli/test.ts';
import type { Entry } from './suite-file.ts';

/** The build under test, from the suite command line; the same for every test. */
export interface BuildFlags {
  kafka?: string;
  kafkaDist?: string;
  image?: string;
  baseImage?: string;
}

/** The build flags alone, before any suite file is read: one build, one node image. */
export function checkBuildFlags(build: BuildFlags): void {
  chooseSource(build);
  if (build.image && build.baseImage) throw new UserError('--image and --base-image both name the node image; give only one');
}

/** Keys of a test entry that are the suite's own. */
export const SUITE_ENTRY_KEYS = ['name', 'seeds', 'count'] as const;

/** `faultline test` options a suite file may not set, and why. */
const COMMAND_LINE_ONLY: Record<string, string> = {
  seed: 'give seeds: [..] or count: N',
  spec: 'a suite test is itself a spec',
  kafka: 'the build under test is given once on the command line: faultline suite <suite> --kafka <version>',
  'kafka-dist': 'the build under test is given once on the command line: faultline suite <suite> --kafka-dist <dir|tgz>',
  image: 'the build under test is given once on the command line: faultline suite <suite> --image <name>',
  'base-image': 'the node image is given once on the command line: faultline suite <suite> --base-image <name>',
  'keep-cluster': 'a suite runs one cluster after another; keep one with faultline test --keep-cluster',
};

/** A key of an entry and where it came from, for error paths: `tests[2].acks` or `defaults.acks (for tests[2])`. */
interface Placed {
  key: string;
  value: unknown;
  path: string;
}

const flagName = (o: Option): string => (o.long ?? '').replace(/^--/, '');

/** The entry, resolved: its test name, its spec (seed 0: each run sets its own), and its seeds or run count. */
export interface ResolvedEntry {
  name: string;
  spec: TestSpec;
  seeds?: number[];
  count: number;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

const suggestion = (key: string, known: readonly string[]): string => {
  const near = known.filter((k) => editDistance(k, key.toLowerCase().replace(/_/g, '-')) <= 2).slice(0, 1);
  return near.length > 0 ? `; did you mean ${near[0]}?` : '';
};

/** The options a test entry's values are parsed with: a fresh `faultline test` option set. */
function testOptionCommand(): Command {
  return addTestOptions(new Command('test'))
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined })
    .allowExcessArguments(false);
}

/** Turns one entry (defaults merged in) into a resolved test; errors name `file` and the path, e.g. tests[2].acks. */
export function resolveEntry(file: string, index: number, defaults: Entry, entry: Entry, build: BuildFlags): ResolvedEntry {
  const at = `tests[${index}]`;
  const placed = new Map<string, Placed>();
  for (const [key, value] of Object.entries(defaults)) placed.set(key, { key, value, path: `defaults.${key} (for ${at})` });
  for (const [key, value] of Object.entries(entry)) placed.set(key, { key, value, path: `${at}.${key}` });
  const fail = (path: string, why: string): never => {
    throw new UserError(`${file}: ${path}: ${why}`);
  };

  const workload = placed.get('workload');
  if (!workload) fail(at, `no workload (give workload: ${Object.keys(WORKLOADS).join(' | ')})`);
  if (typeof workload!.value !== 'string' || !WORKLOADS[workload!.value])
    fail(workload!.path, `unknown workload ${JSON.stringify(workload!.value)}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  const workloadName = workload!.value as string;
  const options = testOptionCommand().options;
  // No nemesis key: the default of `faultline test --nemesis`.
  const nemesisEntry = placed.get('nemesis');
  let families: string[] = parseNemesisList(String(options.find((o) => flagName(o) === 'nemesis')?.defaultValue));
  if (nemesisEntry) {
    const v = nemesisEntry.value;
    if (!(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))))
      fail(nemesisEntry.path, 'give a family, a list of families, or none');
    try {
      families = parseNemesisList(Array.isArray(v) ? (v.length === 0 ? 'none' : v.join(',')) : (v as string));
    } catch (e) {
      fail(nemesisEntry.path, errorMessage(e));
    }
  }

  const workloadOwned = new Map(workloadFlags().map((o) => [o.spec.name, o.owner]));
  const ownersOf = (name: string): string[] =>
    workloadFlags()
      .filter((o) => o.spec.name === name)
      .map((o) => o.owner);
  const familyOwned = new Map(familyFlags().map((o) => [o.spec.name, o.owner]));
  const general = options.map(flagName).filter((n) => !workloadOwned.has(n) && !familyOwned.has(n) && !(n in COMMAND_LINE_ONLY));
  const known = [
    ...SUITE_ENTRY_KEYS,
    ...general,
    ...workloadFlags()
      .filter((o) => o.owner === workloadName)
      .map((o) => o.spec.name),
    ...familyFlags()
      .filter((o) => families.includes(o.owner))
      .map((o) => o.spec.name),
  ];

  const args: string[] = [];
  for (const p of placed.values()) {
    if ((SUITE_ENTRY_KEYS as readonly string[]).includes(p.key) || p.key === 'workload' || p.key === 'nemesis') continue;
    if (p.key in COMMAND_LINE_ONLY) fail(p.path, `not set in a suite file (${COMMAND_LINE_ONLY[p.key]})`);
    if (workloadOwned.has(p.key) && !ownersOf(p.key).includes(workloadName)) fail(p.path, `not an option of workload ${workloadName}`);
    const family = familyOwned.get(p.key);
    if (family && !families.includes(family)) fail(p.path, `the ${family} nemesis is not selected (add it to nemesis)`);
    const option = options.find((o) => flagName(o) === p.key);
    if (!option) fail(p.path, `unknown key${suggestion(p.key, known)}`);
    args.push(...argumentsFor(p, option!, fail));
  }
  args.push('--workload', workloadName, '--nemesis', families.length > 0 ? families.join(',') : 'none', '--seed', '0');
  const name = placed.get('name');
  if (name) {
    const ok = typeof name.value === 'string' && testSpecSchema.shape.name.safeParse(name.value).success;
    if (!ok) fail(name.path, 'a test name is letters, digits, dot, dash, plus and underscore');
    args.push('--name', name.value as string);
  }
  for (const [flag, value] of [
    ['--kafka', build.kafka],
    ['--kafka-dist', build.kafkaDist],
    ['--image', build.image],
    ['--base-image', build.baseImage],
  ] as const) {
    if (value !== undefined) args.push(flag, value);
  }

  const pathOfFlag = (message: string): string => {
    const flag = /--([a-z0-9-]+)/.exec(message)?.[1];
    return (flag && placed.get(flag)?.path) || at;
  };
  const cmd = testOptionCommand();
  let spec: TestSpec;
  try {
    cmd.parse(args, { from: 'user' });
    spec = specFromFlags(cmd.opts<TestFlags>());
    const plugin = WORKLOADS[workloadName]!;
    workloadOptions(plugin, spec.workloadOptions);
    for (const f of spec.nemesis) familyOptions(spec, NEMESES[f]!);
  } catch (e) {
    const message = e instanceof CommanderError ? e.message.replace(/^error: /, '') : errorMessage(e);
    if (e instanceof CommanderError || e instanceof UserError) fail(pathOfFlag(message), message);
    throw e;
  }
  const { seeds, count } = runsOf(placed, fail);
  if (spec!.name === 'suites' || spec!.name === 'latest') fail(name?.path ?? at, `the test name ${spec!.name} is reserved in the store; give another name`);
  return { name: spec!.name, spec: spec!, seeds, count };
}

/** The command-line arguments an entry's value stands for. */
function argumentsFor(p: Placed, option: Option, fail: (path: string, why: string) => never): string[] {
  const flag = `--${p.key}`;
  const v = p.value;
  if (!option.required && !option.optional) {
    if (typeof v !== 'boolean') fail(p.path, 'a switch: give true or false');
    return v ? [flag] : [];
  }
  if (p.key === 'broker-config') {
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => [flag, `${k}=${String(x)}`]);
    if (Array.isArray(v)) return v.flatMap((x) => [flag, String(x)]);
    fail(p.path, 'give a map of broker properties (key: value)');
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return [flag, v.join(',')];
  if (typeof v === 'string' || typeof v === 'number') return [flag, String(v)];
  return fail(p.path, `give a value (${option.flags})`);
}

function runsOf(placed: Map<string, Placed>, fail: (path: string, why: string) => never): { seeds?: number[]; count: number } {
  const seeds = placed.get('seeds');
  const count = placed.get('count');
  if (seeds && count) fail(seeds.path, 'give seeds or count, not both');
  if (seeds) {
    const v = seeds.value;
    if (!Array.isArray(v) || v.length === 0 || !v.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 31))
      fail(seeds.path, 'a list of whole numbers from 0 to 2147483647');
    const list = v as number[];
    if (new Set(list).size !== list.length) fail(seeds.path, 'a seed is listed twice');
    return { seeds: list, count: list.length };
  }
  if (count) {
    if (!Number.isInteger(count.value) || (count.value as number) < 1 || (count.value as number) > 1000)
      fail(count.path, 'a whole number from 1 to 1000 (runs, each with a random seed)');
    return { count: count.value as number };
  }
  return { count: 1 };
}
