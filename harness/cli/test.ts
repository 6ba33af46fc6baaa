// `faultline test`: one complete Jepsen-style run against a fresh cluster; exit code = verdict.
import { Option, type Command } from 'commander';
import { nemesesFor, needsFaketime, parseNemesisList, NEMESES } from '../../nemeses/index.ts';
import { addNemesisOptions, nemesisOptionsFrom } from '../../nemeses/options.ts';
import { workloadFor, WORKLOADS } from '../../workloads/index.ts';
import { runTest } from '../run/runner.ts';
import { readSpecFile, validateSpec, type TestSpec } from '../../core/spec.ts';
import { randomSeed } from '../../core/generator/random.ts';
import { resolveDistribution } from '../../systems/kafka/distribution.ts';
import { createProgress } from '../../core/progress.ts';
import { UserError } from '../../core/errors.ts';
import { addClusterOptions, clusterOptionsFrom, integerOption, positiveNumberOption, type ClusterFlags } from './options.ts';

interface TestFlags extends ClusterFlags {
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
  partitions?: number;
  acks?: string;
  keys?: number;
  txn?: boolean;
  idempotent?: boolean;
  isolation?: string;
  maxTxnLen?: number;
  subVia?: string;
  values?: number;
}

export function registerTest(program: Command): void {
  const cmd = program
    .command('test')
    .description('run a chaos test: start a cluster, drive a workload while the nemesis injects faults, heal, read back, check')
    .option('--spec <file>', 'repeat a run exactly from its spec.json (other flags are ignored)')
    .option('--name <name>', 'test name, used for the run directory store/<name>/<timestamp> (default: <workload>-<nemesis>)')
    .addOption(new Option('--workload <name>', `workload: ${Object.keys(WORKLOADS).join(', ')}`).default('lost-writes'))
    .addOption(new Option('--nemesis <families>', `comma-separated fault families: ${Object.keys(NEMESES).join(', ')}, or none`).default('kill'))
    .addOption(new Option('--time-limit <s>', 'seconds of the main phase').default(60).argParser(positiveNumberOption('--time-limit')))
    .addOption(new Option('--rate <ops/s>', 'target client operations per second, all processes together').default(200).argParser(positiveNumberOption('--rate')))
    .addOption(new Option('--concurrency <n>', 'logical client processes').default(10).argParser(integerOption('--concurrency', 1, 256)))
    .addOption(new Option('--seed <n>', 'random seed (default: random, printed and stored in spec.json)').argParser(integerOption('--seed', 0, 2 ** 31 - 1)))
    .addOption(new Option('--nemesis-interval <s>', 'mean seconds between fault start and stop').default(10).argParser(positiveNumberOption('--nemesis-interval')))
    .addOption(new Option('--kill-target <mode>', 'which node kill faults hit').choices(['random', 'leader', 'controller', 'mixed']).default('mixed'))
    .addOption(new Option('--recovery <s>', 'seconds to wait after healing before final reads').default(5).argParser(integerOption('--recovery', 0)))
    .addOption(new Option('--final-read-timeout <s>', 'seconds the final reads may take').default(120).argParser(positiveNumberOption('--final-read-timeout')))
    .addOption(new Option('--op-timeout <ms>', 'a client op not completed by then is recorded as info').default(10_000).argParser(integerOption('--op-timeout', 100)))
    .addOption(new Option('--partitions <n>', 'lost-writes: partitions of the topic (default 6); eos: input/output partitions, one copier each (default concurrency - 1)').argParser(integerOption('--partitions', 1, 1000)))
    .addOption(new Option('--acks <acks>', 'lost-writes: producer acks').choices(['all', '1', '0']))
    .addOption(new Option('--keys <n>', 'queue: keys, each one partition of the queue topic (default 8)').argParser(integerOption('--keys', 1, 1000)))
    .option('--txn', 'queue: each txn op is one Kafka transaction (transactional producer)')
    .option('--idempotent', 'queue: idempotent producer (implied by --txn)')
    .addOption(new Option('--isolation <level>', 'queue: consumer isolation (default read_committed with --txn, else read_uncommitted)').choices(['read_committed', 'read_uncommitted']))
    .addOption(new Option('--max-txn-len <n>', 'queue: micro-ops per txn op; eos: records per copy transaction (default 4)').argParser(integerOption('--max-txn-len', 1, 100)))
    .addOption(new Option('--sub-via <modes>', 'queue: how consumers take keys: assign, subscribe or assign,subscribe (default both)'))
    .addOption(new Option('--values <n>', 'eos: values seeded into the input topic (default from rate and time limit)').argParser(integerOption('--values', 1, 1_000_000)))
    .option('--keep-cluster', 'leave the cluster running after the test', false);
  addClusterOptions(addNemesisOptions(cmd), { reusable: false }).action(async (flags: TestFlags) => {
    const spec = flags.spec ? readSpecFile(flags.spec) : specFromFlags(flags);
    const workload = workloadFor(spec);
    const nemeses = nemesesFor(spec);
    const progress = createProgress();
    // Resolve the build under test before anything is written: a bad version or dist fails with no run directory.
    await resolveDistribution(spec.cluster.source, progress);
    const outcome = await runTest(spec, { workload, nemeses, faketime: needsFaketime(spec) }, progress);
    process.stdout.write(`${outcome.dir.path}\n`);
    process.exitCode = outcome.exitCode;
  });
}

export function specFromFlags(flags: TestFlags): TestSpec {
  if (!WORKLOADS[flags.workload]) throw new UserError(`unknown workload ${JSON.stringify(flags.workload)}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  const nemesis = parseNemesisList(flags.nemesis);
  const cluster = clusterOptionsFrom(flags);
  const workloadOptions: Record<string, string | number | boolean> = {};
  if (flags.partitions !== undefined) workloadOptions.partitions = flags.partitions;
  if (flags.acks !== undefined) workloadOptions.acks = flags.acks;
  for (const name of ['keys', 'txn', 'idempotent', 'isolation', 'maxTxnLen', 'subVia', 'values'] as const) {
    if (flags[name] !== undefined) workloadOptions[name] = flags[name];
  }
  return validateSpec(
    {
      name: flags.name ?? `${flags.workload}-${nemesis.join('+') || 'none'}`,
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
      cluster: { nodes: cluster.nodes, source: cluster.source, baseImage: cluster.baseImage, brokerOverrides: cluster.brokerOverrides },
      workloadOptions,
      nemesisOptions: nemesisOptionsFrom(flags as unknown as Record<string, unknown>),
    },
    'test flags',
  );
}
