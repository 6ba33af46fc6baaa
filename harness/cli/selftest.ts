// `faultline selftest`: the canary matrix against a cluster build — each known-unsafe Kafka configuration and its safe
// twin, the same seeds for both — and a table of what faultline caught. Exit 0 when every unsafe canary was caught in
// at least 80 % of its runs and every safe twin was valid in all of its runs; 1 otherwise; 130/143 when interrupted.
import { Option, type Command } from 'commander';
import { UserError } from '../../core/errors.ts';
import { DEFAULT_KAFKA_CLIENT, KAFKA_CLIENTS } from '../../core/spec.ts';
import { createProgress } from '../../core/progress.ts';
import { randomSeed } from '../../core/generator/random.ts';
import { interruptedBy, signalExitCode } from '../../core/cleanup.ts';
import { CANARIES } from '../canary/matrix.ts';
import { canaryTable, runCanaries } from '../canary/selftest.ts';
import { chooseSource } from '../../systems/kafka/source.ts';
import { checkBuildFlags, type BuildFlags } from '../suite/entries.ts';
import { integerOption } from './options.ts';

export function registerSelftest(program: Command): void {
  program
    .command('selftest')
    .description(
      'run the canary matrix: known-unsafe Kafka configurations, each with its safe twin, and check that faultline catches every unsafe one and passes every safe one',
    )
    .addOption(new Option('--runs <n>', 'runs per configuration (seeds seed, seed+1, …)').default(1).argParser(integerOption('--runs', 1, 100)))
    .addOption(new Option('--seed <n>', 'first seed (default: random)').argParser(integerOption('--seed', 0, 2 ** 31 - 1)))
    .option('--canary <names>', `comma-separated subset: ${CANARIES.map((c) => c.name).join(', ')}`)
    .option('--kafka <version>', 'Kafka version resolved from Maven Central')
    .option('--kafka-dist <dir|tgz>', "a Kafka distribution as Kafka's build produces it")
    .option('--image <name>', 'a local image with Kafka at /opt/kafka')
    .addOption(new Option('--client <name>', "Kafka client that runs the canaries' ops").choices([...KAFKA_CLIENTS]).default(DEFAULT_KAFKA_CLIENT))
    .option('--json', 'print the rows as JSON on stdout')
    .action(async (flags: BuildFlags & { runs: number; seed?: number; canary?: string; json?: boolean; client: string }) => {
      const build: BuildFlags = { kafka: flags.kafka, kafkaDist: flags.kafkaDist, image: flags.image };
      checkBuildFlags(build);
      const wanted = flags.canary
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = (wanted ?? []).filter((w) => !CANARIES.some((c) => c.name === w));
      if (unknown.length > 0) throw new UserError(`--canary ${unknown.join(',')}: unknown; known: ${CANARIES.map((c) => c.name).join(', ')}`);
      const canaries = wanted ? CANARIES.filter((c) => wanted.includes(c.name)) : CANARIES;
      const progress = createProgress();
      const [{ runSpec }, { resolveDistribution }] = await Promise.all([import('../run/run-spec.ts'), import('../../systems/kafka/distribution.ts')]);
      const t0 = Date.now();
      // The build's version decides which twins are known to lose data on it (Canary.twinUnsafeBefore).
      const { version: kafkaVersion } = await resolveDistribution(chooseSource(build), progress);
      const rows = await runCanaries(canaries, {
        runs: flags.runs,
        firstSeed: flags.seed ?? randomSeed(),
        build,
        progress,
        runOne: runSpec,
        ...(flags.client !== DEFAULT_KAFKA_CLIENT ? { client: flags.client } : {}),
        interrupted: () => interruptedBy() !== undefined,
        kafkaVersion,
      });
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ rows, wallClockS: Math.round((Date.now() - t0) / 1000) })}\n`
          : `${canaryTable(rows)}\nwall-clock ${Math.round((Date.now() - t0) / 1000)} s\n`,
      );
      const signal = interruptedBy();
      process.exitCode = signal ? signalExitCode(signal) : rows.every((r) => r.passed) ? 0 : 1;
    });
}
