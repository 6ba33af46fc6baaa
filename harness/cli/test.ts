// `faultline test`: one complete Jepsen-style run against a fresh cluster; exit code = verdict.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseNemesisList, NEMESES } from '../../nemeses/index.ts';
import { workloadPlugin, WORKLOADS } from '../../workloads/index.ts';
import { camelCase, type OptionValue } from '../../core/options.ts';
import { addSchemaFlags, schemaValues } from './plugin-flags.ts';
import { runSpec } from '../run/run-spec.ts';
import { repeatExitCode, repeatedSpec, repeatSummary, type RepeatRun } from '../run/repeat.ts';
import { defaultRunName } from '../run/run-name.ts';
import {
  CLIENT_HOSTS,
  DEFAULT_KAFKA_CLIENT,
  KAFKA_CLIENTS,
  readSpecFile,
  unknownClientMessage,
  validateSpec,
  type Preset,
  type TestSpec,
} from '../../core/spec.ts';
import { randomSeed } from '../../core/generator/random.ts';
import { createProgress } from '../../core/progress.ts';
import { UserError } from '../../core/errors.ts';
import { addClusterOptions, clusterOptionsFrom, integerOption, positiveNumberOption, type ClusterFlags } from './options.ts';

export interface TestFlags extends ClusterFlags {
  spec?: string;
  name?: string;
  workload: string;
  nemesis: string;
  timeLimit: number;
  rate: number;
  concurrency: number;
  seed?: number;
  nemesisInterval: number;
  killTarget: TestSpec['killTarget'];
  recovery: number;
  finalReadTimeout: number;
  opTimeout: number;
  keepCluster: boolean;
  client?: TestSpec['client'];
  clientHost?: TestSpec['clientHost'];
  /** Workload and fault options, by commander's camelCase of their flag. */
  [pluginFlag: string]: unknown;
}

/** Every workload option, owned by its workload. */
export const workloadFlags = () => Object.values(WORKLOADS).flatMap((w) => w.options.map((spec) => ({ owner: w.name, spec })));
/** Every fault option as its `faultline test` flag --<family>-<name>, owned by its family. */
export const familyFlags = () =>
  Object.values(NEMESES).flatMap((f) => f.options.map((spec) => ({ owner: f.name, spec: { ...spec, name: `${f.name}-${spec.name}` } })));

export function registerTest(program: Command): void {
  const cmd = program
    .command('test')
    .description('run a chaos test: start a cluster, drive a workload while the nemesis injects faults, heal, read back, check')
    .option('--spec <file>', 'repeat a run exactly from its spec.json (other flags are ignored)')
    .addOption(
      new Option('--test-count <n>', 'run the test n times, with seeds seed, seed+1, … (a summary says in how many runs anomalies appeared)')
        .default(1)
        .argParser(integerOption('--test-count', 1, 10_000)),
    )
    .option('--until-anomaly', 'with --test-count: stop after the first run with anomalies', false);
  addTestOptions(cmd).action(async (flags: TestFlags & { testCount: number; untilAnomaly: boolean }) => {
    const spec = flags.spec ? readSpecFile(flags.spec) : specFromFlags(flags);
    const progress = createProgress();
    if (flags.testCount === 1) {
      const outcome = await runSpec(spec, progress);
      process.stdout.write(`${outcome.dir.path}\n`);
      process.exitCode = outcome.exitCode;
      return;
    }
    const runs: RepeatRun[] = [];
    const t0 = Date.now();
    for (let i = 0; i < flags.testCount; i++) {
      const one = repeatedSpec(spec, i);
      progress.info(`run ${i + 1} of ${flags.testCount} (seed ${one.seed})`);
      const outcome = await runSpec(one, progress);
      process.stdout.write(`${outcome.dir.path}\n`);
      const anomalies: Record<string, number> = {};
      for (const c of Object.values(outcome.results?.checkers ?? {}))
        for (const a of c.anomalies) if (!a.allowed) anomalies[a.type] = (anomalies[a.type] ?? 0) + 1;
      runs.push({
        seed: one.seed,
        dir: outcome.dir.path,
        valid: outcome.results?.valid ?? 'unknown',
        exitCode: outcome.exitCode,
        anomalies,
        elapsedS: (Date.now() - t0) / 1000,
      });
      progress.info(repeatSummary(runs, flags.testCount));
      if (outcome.interrupted || (flags.untilAnomaly && outcome.results?.valid === false)) break;
    }
    process.exitCode = repeatExitCode(runs);
  });
}

/** Every setting of one run as a flag; also the keys a suite file's test entries may use (harness/suite/entries.ts). */
export function addTestOptions(cmd: Command): Command {
  cmd
    .option(
      '--name <name>',
      'test name, used for the run directory store/<name>/<timestamp> (default: <workload>[+<its options>]-<nemesis>[+<fault options>], e.g. queue+txn-kill)',
    )
    .addOption(new Option('--workload <name>', `workload: ${Object.keys(WORKLOADS).join(', ')}`).default('lost-writes'))
    .addOption(new Option('--nemesis <families>', `comma-separated fault families: ${Object.keys(NEMESES).join(', ')}, or none`).default('kill'))
    .addOption(new Option('--time-limit <s>', 'seconds of the main phase').default(60).argParser(positiveNumberOption('--time-limit')))
    .addOption(
      new Option('--rate <ops/s>', 'target client operations per second, all processes together').default(200).argParser(positiveNumberOption('--rate')),
    )
    .addOption(new Option('--concurrency <n>', 'logical client processes').default(10).argParser(integerOption('--concurrency', 1, 256)))
    .addOption(new Option('--seed <n>', 'random seed (default: random, printed and stored in spec.json)').argParser(integerOption('--seed', 0, 2 ** 31 - 1)))
    .addOption(
      new Option('--nemesis-interval <s>', 'mean seconds between fault start and stop').default(10).argParser(positiveNumberOption('--nemesis-interval')),
    )
    .addOption(new Option('--kill-target <mode>', 'which node kill faults hit').choices(['random', 'leader', 'controller', 'mixed']).default('mixed'))
    .addOption(new Option('--recovery <s>', 'seconds to wait after healing before final reads').default(5).argParser(integerOption('--recovery', 0)))
    .addOption(new Option('--final-read-timeout <s>', 'seconds the final reads may take').default(120).argParser(positiveNumberOption('--final-read-timeout')))
    .addOption(
      new Option('--op-timeout <ms>', 'a client op not completed by then is recorded as info').default(10_000).argParser(integerOption('--op-timeout', 100)),
    )
    .option('--keep-cluster', 'leave the cluster running after the test', false)
    .addOption(
      new Option('--client <name>', `Kafka client that runs the workload's ops: ${KAFKA_CLIENTS.join(', ')}`)
        .default(DEFAULT_KAFKA_CLIENT)
        .argParser(clientName),
    )
    .addOption(
      new Option(
        '--client-host <where>',
        "where the clients run: host (in faultline's process, or the Java driver as a host process) or container (the Java driver in the network namespace of a client container on the cluster network, so `--partition-shape client` cuts it off; needs --client java)",
      )
        .choices([...CLIENT_HOSTS])
        .default('host'),
    );
  addSchemaFlags(cmd, workloadFlags());
  addSchemaFlags(cmd, familyFlags());
  return addClusterOptions(cmd, { reusable: false });
}

/** The named broker-setting presets of the selected fault families (none: the field stays out of spec.json). */
function presetsOf(nemesis: string[]): { presets?: Preset[] } {
  const presets = nemesis.flatMap((n) => NEMESES[n]?.preset ?? []);
  return presets.length > 0 ? { presets } : {};
}

function clientName(raw: string): TestSpec['client'] {
  if (!(KAFKA_CLIENTS as readonly string[]).includes(raw)) throw new InvalidArgumentError(unknownClientMessage(raw));
  return raw as TestSpec['client'];
}

export function specFromFlags(flags: TestFlags): TestSpec {
  const plugin = workloadPlugin(flags.workload);
  const nemesis = parseNemesisList(flags.nemesis);
  const cluster = clusterOptionsFrom(flags);
  // Stored by camelCase key, as spec.json has always stored them; validated when the workload is made.
  const workloadOptions: Record<string, OptionValue> = {};
  const givenWorkloadOptions = schemaValues(flags, workloadFlags(), plugin.name, `workload ${plugin.name}`);
  for (const [name, value] of Object.entries(givenWorkloadOptions)) workloadOptions[camelCase(name)] = value;
  const nemesisOptions: Record<string, OptionValue> = {};
  for (const f of familyFlags()) {
    const value = flags[camelCase(f.spec.name)];
    if (value === undefined) continue;
    if (!nemesis.includes(f.owner)) throw new UserError(`--${f.spec.name}: the ${f.owner} nemesis is not selected (add it to --nemesis)`);
    nemesisOptions[f.spec.name] = value as OptionValue;
  }
  return validateSpec(
    {
      name: flags.name ?? `${defaultRunName(flags.workload, givenWorkloadOptions, nemesis, nemesisOptions)}${flags.client === 'java' ? '-java' : ''}`,
      workload: flags.workload,
      nemesis,
      seed: flags.seed ?? randomSeed(),
      timeLimitS: flags.timeLimit,
      rate: flags.rate,
      concurrency: flags.concurrency,
      nemesisIntervalS: flags.nemesisInterval,
      recoveryS: flags.recovery,
      finalReadTimeoutS: flags.finalReadTimeout,
      opTimeoutMs: flags.opTimeout,
      killTarget: flags.killTarget,
      keepCluster: flags.keepCluster,
      client: flags.client,
      clientHost: flags.clientHost ?? 'host',
      cluster: {
        nodes: cluster.nodes,
        ...(cluster.controllers ? { controllers: cluster.controllers } : {}),
        source: cluster.source,
        baseImage: cluster.baseImage,
        brokerOverrides: cluster.brokerOverrides,
        ...presetsOf(nemesis),
      },
      workloadOptions,
      nemesisOptions,
    },
    'test flags',
  );
}
