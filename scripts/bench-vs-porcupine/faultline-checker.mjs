// The faultline side of the side-by-side benchmark: checks one history file the way `faultline check FILE --model M`
// does — the same function (checkHistoryFile) with the same options — in this process, then prints one JSON line
// {"verdict","loadMs","checkMs","cpuMs","stats"}, the shape porcupine-checker prints. It is plain JavaScript so that
// it runs the compiled checker in dist/ (what the `faultline` bin runs) with no loader in between; with --source it
// imports the TypeScript sources instead (start it under `node --import tsx`), and with --dist DIR another build's
// output (e.g. an older commit's, to compare two versions in one run). The modules are imported before the clock
// starts, as a Go program's packages are linked before main runs. Importing check-file applies the checker's V8 tuning
// (checkers/linearizability/v8-tuning.ts: a higher interrupt budget), exactly as it does in `faultline check`; nothing
// else is set up, warmed or compiled before the clock starts.
// Usage: node scripts/bench-vs-porcupine/faultline-checker.mjs --model M [--timeout S] [--memory MB] [--source | --dist DIR] FILE
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    model: { type: 'string', default: 'register' },
    timeout: { type: 'string', default: '120' },
    memory: { type: 'string' },
    source: { type: 'boolean', default: false },
    dist: { type: 'string' },
  },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: faultline-checker.mjs --model M [--timeout S] [--memory MB] [--source | --dist DIR] FILE\n');
  process.exit(254);
}

const checkFile = args.source ? '../../checkers/linearizability/check-file.ts' : '../../dist/checkers/linearizability/check-file.js';
const checkFileUrl =
  args.dist !== undefined ? pathToFileURL(resolve(args.dist, 'checkers/linearizability/check-file.js')).href : new URL(checkFile, import.meta.url).href;
/** @type {typeof import('../../checkers/linearizability/check-file.ts')} */
const { checkHistoryFile } = await import(checkFileUrl);
const PROGRESS_INTERVAL_MS = 5000;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const cpuAtStart = cpuMs();
const started = performance.now();
const outcome = checkHistoryFile(
  {
    file: positionals[0],
    model: args.model,
    timeoutMs: Number(args.timeout) * 1000,
    ...(args.memory !== undefined ? { memoryMB: Number(args.memory) } : {}),
    progressIntervalMs: PROGRESS_INTERVAL_MS,
  },
  { keepOps: true, onProgress: () => {} },
);
const totalMs = performance.now() - started;
const cpu = cpuMs() - cpuAtStart;
if (outcome.kind !== 'checked') {
  process.stderr.write(`${outcome.message}\n`);
  process.exit(254);
}
const round = (ms) => Math.round(ms * 1000) / 1000;
const { result, loadMs } = outcome;
process.stdout.write(
  JSON.stringify({ verdict: String(result.valid), loadMs: round(loadMs), checkMs: round(totalMs - loadMs), cpuMs: round(cpu), stats: result.stats }) + '\n',
);
