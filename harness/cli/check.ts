// `faultline check`: re-runs checkers on stored histories, without a cluster. One path — a run directory (its
// workload's checkers) or a history file (--model, or the model its format implies) — gets the full verdict; several
// paths, or a directory of history files, get one line per file and a summary, checked on --jobs cores. Long
// searches report progress on stderr. Exit code: the worst verdict (invalid > unknown > valid); bad input 254.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { Option, type Command } from 'commander';
import type { Op } from '../../core/history/op.ts';
import type { RunResults, CheckerResult, Validity } from '../../core/result.ts';
import type { BrokerEvent } from '../../core/events.ts';
import { mergeValidity } from '../../core/result.ts';
import { readSpecFile, type TestSpec } from '../../core/spec.ts';
import { EXIT, UserError } from '../../core/errors.ts';
import { integerOption, positiveNumberOption } from './options.ts';
import type { FileCheckOutcome, FileCheckRequest } from '../../checkers/linearizability/check-file.ts';
import type { FileChecker } from '../../checkers/linearizability/compiled-checker.ts';
import type { SearchProgress } from '../../checkers/linearizability/index.ts';

/** Models of the linearizable checker (see checkers/linearizability/models); the checker itself loads on demand. */
const MODELS_HELP = 'register, cas-register, multi-register, set, fifo-queue, unordered-queue, mutex, kv, etcd-register, log';
const FORMATS = ['jsonl', 'jepsen-edn', 'porcupine-log', 'porcupine-kv'] as const;
/** Files a directory walk takes for histories. */
const HISTORY_EXTENSIONS = new Set(['.jsonl', '.edn', '.log', '.txt']);
const PROGRESS_INTERVAL_MS = 5000;

interface CheckFlags {
  format?: (typeof FORMATS)[number];
  checker?: string;
  model?: string;
  initial?: string;
  timeout?: number;
  memory?: number;
  jobs: number;
  json?: boolean;
  out?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description("check stored histories: run directories (their workload's checkers) or history files (linearizability)")
    .argument('<paths...>', 'run directories (store/<test>/<timestamp>), history files, or directories of history files')
    .addOption(new Option('--format <format>', 'history format (default: detected)').choices(FORMATS))
    .addOption(new Option('--checker <name>', 'checker to run on a history file').choices(['workload', 'linearizable']))
    .addOption(new Option('--model <name>', `model for the linearizable checker: ${MODELS_HELP} (default: the one a Porcupine format implies)`))
    .option('--initial <json>', 'initial model state as JSON (e.g. 0, null, "")')
    .addOption(
      new Option('--timeout <s>', 'seconds the linearizability search may take (per file) before answering unknown').argParser(
        positiveNumberOption('--timeout'),
      ),
    )
    .addOption(
      new Option(
        '--memory <MB>',
        'memory the linearizability search may hold before answering unknown, shared by the --jobs (default: half of the machine)',
      ).argParser(positiveNumberOption('--memory')),
    )
    .addOption(new Option('--jobs <n>', 'history files checked at once, each on its own thread').default(1).argParser(integerOption('--jobs', 1, 256)))
    .option('--json', 'print JSON: {valid, checkers} for one path, one {file, valid, ...} line per file for several')
    .option('--out <dir>', 'also write results.json, report.html and junit.xml into this directory (one path only)')
    .action(async (paths: string[], flags: CheckFlags) => {
      const targets = expandTargets(paths);
      if (targets.length === 1 && paths.length === 1 && (targets[0]!.kind === 'run' || targets[0]!.path === paths[0])) {
        process.exitCode = await checkOne(targets[0]!, flags);
      } else {
        if (flags.out) throw new UserError('--out writes the report of one history; give one path');
        process.exitCode = await checkMany(targets, flags);
      }
    });
}

/**
 * `faultline report <run-dir>`: the stored run checked again (its workload's checkers, broker events from its node
 * logs) and its results.json, report.html and junit.xml written again — into the run directory, or --out. No cluster.
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('check a stored run again and write its results.json, report.html and junit.xml anew (no cluster needed)')
    .argument('<run-dir>', 'a run directory (store/<test>/<timestamp>)')
    .option('--out <dir>', 'write the outputs into this directory instead of the run directory')
    .action(async (dir: string, flags: { out?: string }) => {
      if (!existsSync(join(dir, 'history.jsonl')) || !existsSync(join(dir, 'spec.json')))
        throw new UserError(`${dir}: not a run directory (it needs history.jsonl and spec.json, as faultline test writes them)`);
      const out = flags.out ?? dir;
      process.exitCode = await checkOne({ kind: 'run', path: dir }, { checker: 'workload', jobs: 1, out });
      process.stdout.write(`${join(out, 'report.html')}\n`);
    });
}

/** A run directory (history.jsonl beside spec.json) or a history file. */
interface Target {
  kind: 'run' | 'file';
  path: string;
}

/** Turns the command line's paths into targets: directories are walked (sorted), run directories kept whole. */
function expandTargets(paths: readonly string[]): Target[] {
  const targets: Target[] = [];
  const walk = (dir: string): void => {
    if (existsSync(join(dir, 'history.jsonl'))) {
      targets.push({ kind: 'run', path: dir });
      return;
    }
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (HISTORY_EXTENSIONS.has(extname(name))) targets.push({ kind: 'file', path });
    }
  };
  for (const path of paths) {
    if (!existsSync(path)) throw new UserError(`${path}: no such file or directory`);
    if (statSync(path).isDirectory()) {
      const before = targets.length;
      walk(path);
      if (targets.length === before)
        throw new UserError(`${path}: not a run directory (no history.jsonl) and no history files (${[...HISTORY_EXTENSIONS].join(', ')}) in it`);
    } else targets.push({ kind: 'file', path });
  }
  return targets;
}

const exitCodeOf = (valid: Validity): number => (valid === true ? EXIT.valid : valid === false ? EXIT.invalid : EXIT.unknown);
const verdictWord = (v: Validity): string => (v === true ? 'valid' : v === false ? 'INVALID' : 'unknown');

function parseInitial(flags: CheckFlags): unknown {
  if (flags.initial === undefined) return undefined;
  try {
    return JSON.parse(flags.initial);
  } catch {
    throw new UserError(`--initial ${flags.initial}: not JSON (e.g. 0, null, "abc")`);
  }
}

/**
 * Whether a target goes to its workload's checkers (from spec.json) rather than the linearizable checker: with
 * --checker workload, or when neither --checker nor --model is given and a spec.json says which workload made it.
 */
const wantsWorkload = (target: Target, flags: CheckFlags): boolean =>
  flags.checker === 'workload' ||
  (flags.checker === undefined && flags.model === undefined && (target.kind === 'run' || existsSync(join(dirname(target.path), 'spec.json'))));

async function validateModel(flags: CheckFlags): Promise<void> {
  if (flags.model === undefined) return;
  const { MODEL_NAMES } = await import('../../checkers/linearizability/models/index.ts');
  if (!MODEL_NAMES.includes(flags.model)) throw new UserError(`unknown model ${JSON.stringify(flags.model)}; known: ${MODEL_NAMES.join(', ')}`);
}

function fileRequest(file: string, flags: CheckFlags, memoryMB: number | undefined): FileCheckRequest {
  return {
    file,
    ...(flags.format ? { format: flags.format } : {}),
    ...(flags.model ? { model: flags.model } : {}),
    initial: parseInitial(flags),
    ...(flags.timeout ? { timeoutMs: flags.timeout * 1000 } : {}),
    ...(memoryMB !== undefined ? { memoryMB } : {}),
    progressIntervalMs: PROGRESS_INTERVAL_MS,
  };
}

const progressLine = (file: string, p: SearchProgress): string =>
  `faultline: ${file}: ${p.linearized.toLocaleString('en-US')}/${p.calls.toLocaleString('en-US')} ops linearized` +
  (p.partitions > 1 ? ` (${p.partitionsDecided}/${p.partitions} partitions decided)` : '') +
  `, ${p.states.toLocaleString('en-US')} states, ${Math.round(p.memoryBytes / (1024 * 1024))} MB, ${Math.round(p.elapsedMs / 1000)} s\n`;

// ---- one path: the full verdict --------------------------------------------------------------------------------

async function checkOne(target: Target, flags: CheckFlags): Promise<number> {
  await validateModel(flags);
  const results = wantsWorkload(target, flags) ? await checkRunWithWorkload(target) : await checkFileLinearizable(target, flags);
  if (flags.json) process.stdout.write(JSON.stringify(results.results) + '\n');
  else process.stdout.write(summarise(results.results));
  if (flags.out) await writeOutputs(flags.out, results, flags);
  return exitCodeOf(results.results.valid);
}

interface Checked {
  results: RunResults;
  spec?: TestSpec;
  historyFile: string;
  format: string;
  ops: Op[];
  events?: BrokerEvent[];
}

async function checkRunWithWorkload(target: Target): Promise<Checked> {
  const historyFile = target.kind === 'run' ? join(target.path, 'history.jsonl') : target.path;
  const specFile = join(target.kind === 'run' ? target.path : dirname(target.path), 'spec.json');
  if (!existsSync(specFile)) {
    throw new UserError(`${target.path}: no spec.json beside the history to say which workload made it; give --checker linearizable --model NAME`);
  }
  const { loadHistory, HistoryFormatError } = await import('../../core/history/formats/index.ts');
  let loaded;
  try {
    loaded = loadHistory(historyFile);
  } catch (e) {
    if (e instanceof HistoryFormatError) throw new UserError(e.message);
    throw e;
  }
  for (const w of loaded.warnings) process.stderr.write(`faultline: warning: ${w}\n`);
  const spec = readSpecFile(specFile);
  const runDir = target.kind === 'run' ? target.path : dirname(target.path);
  const { loadRunEvents, historyStartOf } = await import('../run/run-events.ts');
  const { storedRunFacts } = await import('../run/stored-results.ts');
  const { events, source, note } = loadRunEvents(runDir, loaded.ops);
  if (source === 'node logs')
    process.stderr.write(`faultline: broker events derived again from ${join(runDir, 'nodes')} (${events.length})${note ? `; ${note}` : ''}\n`);
  const { checkWorkload } = await import('../../workloads/index.ts');
  const checkers = checkWorkload(spec, loaded.ops, events);
  // The re-check's verdicts, with what the stored run recorded about itself (start, interruption, harness errors).
  const stored = storedRunFacts(runDir);
  const results: RunResults = { ...resultsOf(checkers), ...stored };
  if (stored.harnessError && results.valid === true) results.valid = 'unknown';
  const start = historyStartOf(runDir);
  if (start) results.historyStartMs = start.ms;
  return { results, spec, historyFile, format: loaded.format, ops: loaded.ops, events };
}

/**
 * The file checker, loaded once, with the code cache the build saved (checkers/linearizability/compiled-checker.ts).
 * A cache V8 refuses still checks correctly, only slower to start: that is said once, with the remedy.
 */
let loadedChecker: Promise<FileChecker> | undefined;
function fileChecker(): Promise<FileChecker> {
  loadedChecker ??= import('../../checkers/linearizability/compiled-checker.ts').then(async ({ loadFileChecker }) => {
    const checker = await loadFileChecker();
    if (checker.codeCache === 'rejected')
      process.stderr.write(
        `faultline: note: the checker's code cache does not fit this Node.js build or its options (V8 refused it); \`npm run build\` makes new ones\n`,
      );
    return checker;
  });
  return loadedChecker;
}

async function checkFileLinearizable(target: Target, flags: CheckFlags): Promise<Checked> {
  const historyFile = target.kind === 'run' ? join(target.path, 'history.jsonl') : target.path;
  const { checkHistoryFile } = await fileChecker();
  const outcome = checkHistoryFile(fileRequest(historyFile, flags, flags.memory), {
    keepOps: true,
    onProgress: (p) => process.stderr.write(progressLine(historyFile, p)),
  });
  if (outcome.kind === 'bad-input') throw new UserError(outcome.message);
  if (outcome.kind === 'failed') throw new Error(outcome.message);
  for (const w of outcome.warnings) process.stderr.write(`faultline: warning: ${w}\n`);
  // The ops are parsed only if an output asks for them (a history the kernel read was never parsed).
  return {
    results: resultsOf([outcome.result]),
    historyFile,
    format: outcome.format,
    get ops() {
      return outcome.ops ?? [];
    },
  };
}

function resultsOf(checkers: CheckerResult[]): RunResults {
  const byName: Record<string, CheckerResult> = {};
  for (const c of checkers) byName[c.checker] = c;
  return { valid: mergeValidity(checkers.map((c) => c.valid)), checkers: byName };
}

async function writeOutputs(out: string, checked: Checked, flags: CheckFlags): Promise<void> {
  mkdirSync(out, { recursive: true });
  const { runDirPaths } = await import('../run/store.ts');
  const { writeRunOutputs } = await import('../run/outputs.ts');
  const { createProgress } = await import('../../core/progress.ts');
  const specForReport = checked.spec ?? {
    name: `check-${basename(checked.historyFile)}`,
    source: checked.historyFile,
    format: checked.format,
    model: flags.model,
  };
  await writeRunOutputs(
    runDirPaths(out),
    specForReport,
    checked.results,
    checked.ops,
    { ...(checked.events ? { events: checked.events } : {}) },
    createProgress({ quiet: !!flags.json }),
  );
}

function summarise(results: RunResults): string {
  const lines = [`verdict: ${verdictWord(results.valid)}`];
  for (const c of Object.values(results.checkers)) {
    const counts = new Map<string, number>();
    for (const a of c.anomalies) counts.set(a.type + (a.allowed ? ' (allowed)' : ''), (counts.get(a.type + (a.allowed ? ' (allowed)' : '')) ?? 0) + 1);
    lines.push(`  ${c.checker}: ${verdictWord(c.valid)}${counts.size > 0 ? ' — ' + [...counts].map(([t, n]) => `${n} ${t}`).join(', ') : ''}`);
    if (c.valid === 'unknown' && typeof c.stats.unknownReason === 'string') lines.push(`    undecided: ${c.stats.unknownReason}`);
    for (const a of c.anomalies.slice(0, 10)) lines.push(`    - ${a.type}${a.allowed ? ' (allowed)' : ''}: ${a.explanation}`);
    if (c.anomalies.length > 10) lines.push(`    ... and ${c.anomalies.length - 10} more (see --json)`);
  }
  return lines.join('\n') + '\n';
}

// ---- several paths: one line each, then a summary --------------------------------------------------------------

/** One target's line and what it counts as. */
interface TargetReport {
  line: string;
  json: Record<string, unknown>;
  status: Validity | 'bad-input' | 'failed';
}

function reportOfOutcome(outcome: FileCheckOutcome): TargetReport {
  if (outcome.kind !== 'checked') {
    return { line: outcome.message, json: { file: outcome.file, error: outcome.message }, status: outcome.kind };
  }
  const { result } = outcome;
  const detail = `${outcome.model}, ${Number(result.stats.calls).toLocaleString('en-US')} calls, ${(Number(result.stats.timeMs) + outcome.loadMs).toFixed(1)} ms`;
  const why = result.valid === 'unknown' ? `: ${String(result.stats.unknownReason)}` : '';
  return {
    line: `${outcome.file}: ${verdictWord(result.valid)} (${detail})${why}`,
    json: { file: outcome.file, valid: result.valid, model: outcome.model, format: outcome.format, checkers: { linearizable: result } },
    status: result.valid,
  };
}

async function reportOfRun(target: Target, flags: CheckFlags): Promise<TargetReport> {
  try {
    const { results } = wantsWorkload(target, flags) ? await checkRunWithWorkload(target) : await checkFileLinearizable(target, flags);
    const names = Object.values(results.checkers)
      .map((c) => `${c.checker} ${verdictWord(c.valid)}`)
      .join(', ');
    return { line: `${target.path}: ${verdictWord(results.valid)} (${names})`, json: { file: target.path, ...results }, status: results.valid };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { line: message, json: { file: target.path, error: message }, status: e instanceof UserError ? 'bad-input' : 'failed' };
  }
}

async function checkMany(targets: readonly Target[], flags: CheckFlags): Promise<number> {
  await validateModel(flags);
  const started = performance.now();
  const reports = new Array<TargetReport | undefined>(targets.length);
  let printed = 0;
  // Lines come out in the order of the targets, each as soon as it and all before it are done.
  const settle = (index: number, report: TargetReport): void => {
    reports[index] = report;
    for (; printed < targets.length && reports[printed]; printed++) {
      process.stdout.write((flags.json ? JSON.stringify(reports[printed]!.json) : reports[printed]!.line) + '\n');
    }
  };
  const files = targets.map((t, i) => ({ target: t, index: i })).filter(({ target }) => target.kind === 'file' && !wantsWorkload(target, flags));
  const fileIndices = new Set(files.map((f) => f.index));
  for (const [index, target] of targets.entries()) if (!fileIndices.has(index)) settle(index, await reportOfRun(target, flags));

  const jobs = Math.min(flags.jobs, files.length);
  const { defaultMemoryMB } = await import('../../checkers/linearizability/memory.ts');
  const memoryPerCheck = Math.floor(flags.memory !== undefined ? flags.memory / Math.max(1, jobs) : defaultMemoryMB(Math.max(1, jobs)));
  const requests = files.map(({ target }) => fileRequest(target.path, flags, memoryPerCheck));
  const progress = (index: number, p: SearchProgress): void => void process.stderr.write(progressLine(requests[index]!.file, p));
  if (jobs > 1) {
    const { checkFilesInWorkers } = await import('../../checkers/linearizability/check-pool.ts');
    await checkFilesInWorkers(requests, jobs, {
      onOutcome: (i, outcome) => settle(files[i]!.index, reportOfOutcome(outcome)),
      onProgress: progress,
    });
  } else {
    const { checkHistoryFile } = await fileChecker();
    requests.forEach((request, i) => settle(files[i]!.index, reportOfOutcome(checkHistoryFile(request, { onProgress: (p) => progress(i, p) }))));
  }

  const statuses = reports.map((r) => r!.status);
  const count = (status: TargetReport['status']): number => statuses.filter((s) => s === status).length;
  const summary =
    `${targets.length} histories: ${count(true)} valid, ${count(false)} invalid, ${count('unknown')} unknown, ` +
    `${count('bad-input')} bad input, ${count('failed')} failed — ${((performance.now() - started) / 1000).toFixed(2)} s` +
    (jobs > 1 ? ` on ${jobs} threads` : '');
  if (flags.json)
    process.stdout.write(
      JSON.stringify({ summary, valid: mergeValidity(statuses.filter((s): s is Validity => s === true || s === false || s === 'unknown')) }) + '\n',
    );
  else process.stdout.write(summary + '\n');
  if (count('failed') > 0) return EXIT.harnessFailed;
  if (count('bad-input') > 0) return EXIT.badArguments;
  return exitCodeOf(mergeValidity(statuses as Validity[]));
}
