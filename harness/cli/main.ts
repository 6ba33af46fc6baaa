// The faultline CLI: parses arguments with commander and maps every outcome to one line and an exit code.
import { Command, CommanderError } from 'commander';
import { EXIT, EnvironmentError, UserError, errorMessage, plainLine } from '../../core/errors.ts';
import { ensureSignalHandlers, interruptedBy, runAll, signalExitCode } from '../../core/cleanup.ts';
import { registerDoctor } from './doctor.ts';
import { registerCluster } from './cluster.ts';
import { registerTest } from './test.ts';
import { registerNemesis } from './nemesis.ts';
import { registerCheck, registerReport } from './check.ts';
import { registerSelftest } from './selftest.ts';
import { registerSuite } from './suite.ts';
import { registerBaseline } from './baseline.ts';
import { registerServe } from './serve.ts';

export function buildProgram(): Command {
  const program = new Command('faultline')
    .description('Jepsen-style chaos testing for Apache Kafka (KRaft) clusters in Docker')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerDoctor(program);
  registerCluster(program);
  registerTest(program);
  registerNemesis(program);
  registerCheck(program);
  registerReport(program);
  registerSuite(program);
  registerBaseline(program);
  registerServe(program);
  registerSelftest(program);
  return program;
}

/** Runs the CLI and returns the exit code (see README "Exit codes"). */
export const main = (argv: string[]): Promise<number> => runCli(buildProgram(), argv);

/** Runs `program` on `argv` with faultline's signal handling, error lines and exit codes; cleanups always run. */
export async function runCli(program: Command, argv: string[]): Promise<number> {
  ensureSignalHandlers();
  let code: number;
  try {
    await program.parseAsync(argv);
    code = typeof process.exitCode === 'number' ? process.exitCode : EXIT.valid;
  } catch (e) {
    // An error while a signal's teardown runs is its consequence (e.g. a readiness wait that sees the node the
    // teardown just removed): the process ends as interrupted, not as a harness failure.
    const signal = interruptedBy();
    code = signal ? signalExitCode(signal) : exitCodeFor(e);
  } finally {
    await runAll();
  }
  return code;
}

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.valid;
    return EXIT.badArguments; // commander already printed the message
  }
  if (e instanceof UserError) {
    process.stderr.write(`faultline: ${plainLine(e.message)}\n`);
    return EXIT.badArguments;
  }
  if (e instanceof EnvironmentError) {
    process.stderr.write(`faultline: ${plainLine(e.message)}\n`);
    return EXIT.harnessFailed;
  }
  process.stderr.write(`faultline: internal error: ${plainLine(errorMessage(e))}\n`);
  if (process.env.FAULTLINE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return EXIT.harnessFailed;
}
