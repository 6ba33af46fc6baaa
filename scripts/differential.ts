// Differential run (`npm run bench:differential -- <faultline test flags>`, or `-- --spec spec.json`), not part of
// `npm test`: the same spec — seed, workload, nemesis, everything — run once with each client (platformatic, then
// java), one after the other through runSpec, then a side-by-side summary of what each client saw (reports/
// differential): printed, and written as differential.md and differential.json under
// store/<name>-differential/<timestamp>/. Both clients' prerequisites are checked before the first run starts.
// Exit code: the worse of the two runs' (0 valid, 1 invalid, 2 unknown); 130/143 when interrupted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { ensureSignalHandlers, runAll } from '../core/cleanup.ts';
import { EXIT, errorMessage, plainLine, UserError } from '../core/errors.ts';
import { storeDir } from '../core/paths.ts';
import { createProgress } from '../core/progress.ts';
import type { Op } from '../core/history/op.ts';
import type { RunResults } from '../core/result.ts';
import { KAFKA_CLIENTS, readSpecFile, type TestSpec } from '../core/spec.ts';
import { buildProgram } from '../harness/cli/main.ts';
import { specFromFlags } from '../harness/cli/test.ts';
import { runSpec } from '../harness/run/run-spec.ts';
import { differentialSummary, renderDifferential, type DifferentialInput } from '../reports/differential/index.ts';
import { checkClientPrerequisites } from '../systems/kafka/clients/index.ts';
import { resolveDistribution } from '../systems/kafka/distribution.ts';

const progress = createProgress();

/** The spec `faultline test` would run for these arguments (the same flags, parsed by the same command). */
async function specFromArgs(args: string[]): Promise<TestSpec> {
  const program = buildProgram();
  const test = program.commands.find((c) => c.name() === 'test')!;
  let spec: TestSpec | undefined;
  test.action((flags: Parameters<typeof specFromFlags>[0] & { spec?: string }) => {
    spec = flags.spec ? readSpecFile(flags.spec) : specFromFlags(flags);
  });
  await program.parseAsync(['node', 'faultline', 'test', ...args]);
  if (!spec) throw new UserError('no spec: give `faultline test` flags, or --spec <spec.json>');
  return spec;
}

function readRun(client: string, dir: string): DifferentialInput {
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
  const ops = readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Op];
      } catch {
        return []; // a torn last line
      }
    });
  return { client, results, ops, dir };
}

/** 0 valid < 2 unknown < 1 invalid. */
const worse = (a: number, b: number): number => {
  const rank = (c: number): number => (c === EXIT.valid ? 0 : c === EXIT.unknown ? 1 : 2);
  return rank(a) >= rank(b) ? a : b;
};

async function main(args: string[]): Promise<number> {
  const base = await specFromArgs(args);
  const distribution = await resolveDistribution(base.cluster.source, progress);
  for (const client of KAFKA_CLIENTS) await checkClientPrerequisites(client, distribution, progress);
  const runs: DifferentialInput[] = [];
  let exitCode: number = EXIT.valid;
  for (const client of KAFKA_CLIENTS) {
    progress.info(`=== differential run ${runs.length + 1}/${KAFKA_CLIENTS.length}: client ${client}, seed ${base.seed}`);
    const outcome = await runSpec({ ...base, client, name: `${base.name}-${client}` }, progress);
    if (outcome.interrupted) return outcome.exitCode;
    exitCode = worse(exitCode, outcome.exitCode);
    runs.push(readRun(client, outcome.dir.path));
  }
  const summary = differentialSummary(runs[0]!, runs[1]!);
  const title = `Differential run ${base.name} (seed ${base.seed}): ${KAFKA_CLIENTS.join(' vs ')}`;
  const text = renderDifferential(summary, title);
  const dir = join(storeDir(), `${base.name}-differential`, new Date().toISOString().replace(/[:]/g, ''));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'differential.md'), text + '\n');
  writeFileSync(join(dir, 'differential.json'), JSON.stringify({ spec: base, ...summary }, null, 2) + '\n');
  process.stdout.write(`${text}\n\n${dir}\n`);
  return exitCode;
}

ensureSignalHandlers();
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof CommanderError) {
    // commander printed the message (or the help) itself.
    process.exitCode = e.code === 'commander.helpDisplayed' ? EXIT.valid : EXIT.badArguments;
  } else {
    process.stderr.write(`differential: ${plainLine(errorMessage(e))}\n`);
    process.exitCode = e instanceof UserError ? EXIT.badArguments : EXIT.harnessFailed;
  }
} finally {
  await runAll();
}
