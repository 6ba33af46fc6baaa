// `faultline suite`: run a suite of tests against one build (one cluster at a time), `--list` the shipped suites,
// `--shard i/n` run a balanced share, and `suite merge` combine shards. The suite modules load only when used, so
// `faultline suite --help` loads neither them nor the Kafka client.
import { Option, type Command } from 'commander';
import { createProgress } from '../../core/progress.ts';
import { UserError } from '../../core/errors.ts';
import { DEFAULT_KAFKA_VERSION } from '../../systems/kafka/versions.ts';
import { integerOption } from './options.ts';

interface SuiteFlags {
  list?: boolean;
  dryRun?: boolean;
  kafka?: string;
  kafkaDist?: string;
  image?: string;
  baseImage?: string;
  baseline?: string;
  retryUnknown: number;
  shard?: string;
}

const loadSuiteModules = async () => {
  const [plan, shipped, baseline, shard, estimate, runner] = await Promise.all([
    import('../suite/plan.ts'),
    import('../suite/shipped.ts'),
    import('../suite/baseline.ts'),
    import('../suite/shard.ts'),
    import('../suite/estimate.ts'),
    import('../suite/runner.ts'),
  ]);
  return { ...plan, ...shipped, ...baseline, ...shard, ...estimate, ...runner };
};

export function registerSuite(program: Command): void {
  const suite = program
    .command('suite')
    .description(
      'run a suite of tests against one build, one after another; writes store/suites/<suite>/<timestamp>/ (suite.json, index.html, junit.xml) and prints that directory',
    )
    .argument('[suite]', 'a shipped suite (see --list) or a suite file (.yaml, .yml, .json)')
    .option('--list', 'list the shipped suites with their estimated durations')
    .option('--dry-run', 'print the runs (and their shards) without running anything')
    .option('--kafka <version>', `Kafka version resolved from Maven Central, for every test (default ${DEFAULT_KAFKA_VERSION})`)
    .option('--kafka-dist <dir|tgz>', "a Kafka distribution as Kafka's build produces it, for every test")
    .option('--image <name>', 'a local image that already contains Kafka at /opt/kafka, for every test')
    .option('--base-image <name>', 'run nodes from this local image instead of the debootstrapped one')
    .option('--baseline <file>', 'accepted anomalies (faultline-baseline.json): the gate fails only on what it does not accept')
    .addOption(
      new Option('--retry-unknown <n>', 'run a test whose verdict is unknown again, up to n times')
        .default(0)
        .argParser(integerOption('--retry-unknown', 0, 10)),
    )
    .option('--shard <i/n>', 'run only shard i of n (a deterministic, balanced share); combine with faultline suite merge')
    .action(async (name: string | undefined, flags: SuiteFlags) => {
      const m = await loadSuiteModules();
      if (flags.list) {
        for (const [shippedName] of m.shippedSuites()) {
          const plan = await m.loadSuite(shippedName, {});
          const runs = plan.tests.reduce((n, t) => n + t.count, 0);
          process.stdout.write(
            `${shippedName.padEnd(12)} ${String(plan.tests.length).padStart(3)} tests ${String(runs).padStart(3)} runs  ${m.formatEstimate(m.estimatedSuiteS(plan)).padEnd(14)} ${plan.description ?? ''}\n`,
          );
        }
        process.stderr.write(`(estimates: each run's time limit + ${m.RUN_OVERHEAD_S} s for cluster start, setup, recovery, final reads and teardown)\n`);
        return;
      }
      if (!name) throw new UserError('give a suite: a shipped one (faultline suite --list) or a suite file');
      const shard = flags.shard !== undefined ? m.parseShard(flags.shard) : undefined;
      const baseline = flags.baseline !== undefined ? m.readBaseline(flags.baseline) : undefined;
      const plan = await m.loadSuite(name, { kafka: flags.kafka, kafkaDist: flags.kafkaDist, image: flags.image, baseImage: flags.baseImage });
      if (baseline)
        m.checkBaselineFits(
          baseline,
          plan.name,
          plan.tests.map((t) => t.name),
        );
      if (flags.dryRun) {
        for (const run of m.plannedRuns(plan, shard?.count ?? 1)) {
          if (shard && run.shard !== shard.index) continue;
          process.stdout.write(
            `${run.test.name} ${run.seed !== undefined ? `seed ${run.seed}` : `run ${run.slot + 1} (random seed)`}${shard ? ` shard ${run.shard}/${shard.count}` : ''} ${m.formatEstimate(run.test.estimatedS)}\n`,
          );
        }
        return;
      }
      const outcome = await m.runSuite({ plan, shard, baseline, retryUnknown: flags.retryUnknown, progress: createProgress() });
      process.stdout.write(`${outcome.dir}\n`);
      process.exitCode = outcome.exitCode;
    });

  suite
    .command('merge')
    .description(
      'combine the directories of shard runs (--shard i/n) into one suite directory, index, junit.xml and exit code, as if one machine had run the suite',
    )
    .argument('<dirs...>', 'the suite directories of every shard (store/suites/<suite>/<timestamp>-shard-i-of-n)')
    .option('--baseline <file>', "judge the merged runs with this baseline instead of the shards' own")
    .action(async (dirs: string[], flags: { baseline?: string }) => {
      const [{ mergeShards }, { readBaseline }] = await Promise.all([import('../suite/merge.ts'), import('../suite/baseline.ts')]);
      const baseline = flags.baseline !== undefined ? readBaseline(flags.baseline) : undefined;
      const outcome = await mergeShards(dirs, { baseline, progress: createProgress() });
      process.stdout.write(`${outcome.dir}\n`);
      process.exitCode = outcome.exitCode;
    });
}
