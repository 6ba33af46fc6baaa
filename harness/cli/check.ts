// `faultline check`: re-runs checkers on a stored run directory or a history file, without a cluster.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import type { RunResults, CheckerResult } from '../../core/result.ts';
import { mergeValidity } from '../../core/result.ts';
import type { Op } from '../../core/history/op.ts';
import { checkWorkload } from '../../workloads/index.ts';
import { readSpecFile, type TestSpec } from '../../core/spec.ts';
import { runDirPaths } from '../run/store.ts';
import { writeRunOutputs } from '../run/outputs.ts';
import { EXIT, UserError } from '../../core/errors.ts';
import { createProgress } from '../../core/progress.ts';
import { positiveNumberOption } from './options.ts';

/** Models of the linearizable checker (see checkers/linearizability/models); the checker itself loads on demand. */
const MODELS_HELP = 'register, cas-register, multi-register, set, fifo-queue, unordered-queue, mutex, kv, etcd-register, log';

interface CheckFlags {
  format?: 'jsonl' | 'jepsen-edn' | 'porcupine-log' | 'porcupine-kv';
  checker?: string;
  model?: string;
  initial?: string;
  timeout?: number;
  json?: boolean;
  out?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check a stored history: a run directory (its workload\'s checkers) or a history file (--checker/--model)')
    .argument('<path>', 'run directory (store/<test>/<timestamp>) or history file')
    .addOption(new Option('--format <format>', 'history format (default: detected)').choices(['jsonl', 'jepsen-edn', 'porcupine-log', 'porcupine-kv']))
    .addOption(new Option('--checker <name>', 'checker to run on a history file').choices(['workload', 'linearizable']))
    .addOption(new Option('--model <name>', `model for the linearizable checker: ${MODELS_HELP}`))
    .option('--initial <json>', 'initial model state as JSON (e.g. 0, null, "")')
    .addOption(new Option('--timeout <s>', 'seconds the linearizability search may take before answering unknown').argParser(positiveNumberOption('--timeout')))
    .option('--json', 'print one JSON object {valid, checkers} on stdout')
    .option('--out <dir>', 'also write results.json, report.html and junit.xml into this directory')
    .action(async (path: string, flags: CheckFlags) => {
      const results = await checkPath(path, flags);
      if (flags.json) process.stdout.write(JSON.stringify(results) + '\n');
      else process.stdout.write(summarise(results));
      process.exitCode = results.valid === true ? EXIT.valid : results.valid === false ? EXIT.invalid : EXIT.unknown;
    });
}

async function checkPath(path: string, flags: CheckFlags): Promise<RunResults> {
  if (!existsSync(path)) throw new UserError(`${path}: no such file or directory`);
  const isDir = statSync(path).isDirectory();
  const historyFile = isDir ? join(path, 'history.jsonl') : path;
  if (isDir && !existsSync(historyFile)) throw new UserError(`${path}: not a run directory (no history.jsonl)`);
  const specFile = join(isDir ? path : dirname(path), 'spec.json');

  const { loadHistory, HistoryFormatError } = await import('../../core/history/formats/index.ts');
  let loaded: { ops: Op[]; format: string; warnings: string[] };
  try {
    loaded = loadHistory(historyFile, flags.format);
  } catch (e) {
    if (e instanceof HistoryFormatError) throw new UserError(e.message);
    throw e;
  }
  for (const w of loaded.warnings) process.stderr.write(`faultline: warning: ${w}\n`);

  const useLinearizable = flags.checker === 'linearizable' || (flags.checker === undefined && flags.model !== undefined);
  let checkers: CheckerResult[];
  let spec: TestSpec | undefined;
  if (useLinearizable) {
    const { checkLinearizability, MODEL_NAMES, ModelMismatchError } = await import('../../checkers/linearizability/index.ts');
    if (!flags.model) throw new UserError(`--checker linearizable needs --model (one of ${MODEL_NAMES.join(', ')})`);
    if (!MODEL_NAMES.includes(flags.model)) throw new UserError(`unknown model ${JSON.stringify(flags.model)}; known: ${MODEL_NAMES.join(', ')}`);
    let initial: unknown;
    if (flags.initial !== undefined) {
      try {
        initial = JSON.parse(flags.initial);
      } catch {
        throw new UserError(`--initial ${flags.initial}: not JSON (e.g. 0, null, "abc")`);
      }
    }
    try {
      checkers = [checkLinearizability(loaded.ops, { model: flags.model, initial, timeoutMs: flags.timeout ? flags.timeout * 1000 : undefined })];
    } catch (e) {
      if (e instanceof ModelMismatchError) throw new UserError(`${historyFile}: ${e.message}`);
      throw e;
    }
  } else {
    if (!existsSync(specFile)) {
      throw new UserError(`${path}: no spec.json beside the history to say which workload made it; give --checker linearizable --model NAME`);
    }
    spec = readSpecFile(specFile);
    checkers = checkWorkload(spec, loaded.ops);
  }
  const byName: Record<string, CheckerResult> = {};
  for (const c of checkers) byName[c.checker] = c;
  const results: RunResults = { valid: mergeValidity(checkers.map((c) => c.valid)), checkers: byName };
  if (flags.out) {
    mkdirSync(flags.out, { recursive: true });
    const specForReport = spec ?? { name: `check-${historyFile.split('/').pop()}`, source: historyFile, format: loaded.format, model: flags.model };
    await writeRunOutputs(runDirPaths(flags.out), specForReport, results, loaded.ops, {}, createProgress({ quiet: !!flags.json }));
  }
  return results;
}

function summarise(results: RunResults): string {
  const verdict = (v: RunResults['valid']): string => (v === true ? 'valid' : v === false ? 'INVALID' : 'unknown');
  const lines = [`verdict: ${verdict(results.valid)}`];
  for (const c of Object.values(results.checkers)) {
    const counts = new Map<string, number>();
    for (const a of c.anomalies) counts.set(a.type + (a.allowed ? ' (allowed)' : ''), (counts.get(a.type + (a.allowed ? ' (allowed)' : '')) ?? 0) + 1);
    lines.push(`  ${c.checker}: ${verdict(c.valid)}${counts.size > 0 ? ' — ' + [...counts].map(([t, n]) => `${n} ${t}`).join(', ') : ''}`);
    for (const a of c.anomalies.slice(0, 10)) lines.push(`    - ${a.type}${a.allowed ? ' (allowed)' : ''}: ${a.explanation}`);
    if (c.anomalies.length > 10) lines.push(`    ... and ${c.anomalies.length - 10} more (see --json)`);
  }
  return lines.join('\n') + '\n';
}

