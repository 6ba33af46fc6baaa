// The faultline side of the side-by-side benchmark: checks one history file the way `faultline check FILE --model M`
// does — the same function (checkHistoryFile) with the same options — in this process, then prints one JSON line
// {"verdict","loadMs","checkMs","cpuMs","codeCache","stats"}, the shape porcupine-checker prints (plus codeCache). It
// is plain JavaScript so that it runs the compiled checker in dist/ (what the `faultline` bin runs) with no loader in
// between; with --source it imports the TypeScript sources instead (start it under `node --import tsx`), and with
// --dist DIR another build's output (e.g. an older commit's, to compare two versions in one run). The checker is
// loaded before the clock starts, as a Go program's packages are linked before main runs, and the way `faultline
// check` loads it: the build's bundle with the V8 code cache the build saved (checkers/linearizability/
// compiled-checker.ts), under the checker's V8 tuning (v8-tuning.ts: a higher interrupt budget at run time; the
// start-up options CHECKER_NODE_OPTIONS, which the bench passes to node as the `faultline` bin's first line does).
// Nothing else is set up, warmed or run in this process before the clock starts. The output line says whether V8
// took the code cache ("codeCache").
// Usage: node [CHECKER_NODE_OPTIONS] scripts/bench-vs-porcupine/faultline-checker.mjs --model M [--timeout S] [--memory MB] [--source | --dist DIR] FILE
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

// The checker is loaded as `faultline check` loads it: from the build's bundle with its V8 code cache
// (compiled-checker.js); a --dist build older than that has none and is imported as it is.
const distDir = args.dist !== undefined ? resolve(args.dist) : fileURLToPath(new URL('../../dist', import.meta.url));
const loader = join(distDir, 'checkers/linearizability/compiled-checker.js');
/** @type {typeof import('../../checkers/linearizability/check-file.ts').checkHistoryFile} */
let checkHistoryFile;
let codeCache = 'unbundled';
if (args.source) ({ checkHistoryFile, codeCache } = await (await import('../../checkers/linearizability/compiled-checker.ts')).loadFileChecker());
else if (existsSync(loader)) ({ checkHistoryFile, codeCache } = await (await import(pathToFileURL(loader).href)).loadFileChecker());
else ({ checkHistoryFile } = await import(pathToFileURL(join(distDir, 'checkers/linearizability/check-file.js')).href));
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
  JSON.stringify({
    verdict: String(result.valid),
    loadMs: round(loadMs),
    checkMs: round(totalMs - loadMs),
    cpuMs: round(cpu),
    codeCache,
    stats: result.stats,
  }) + '\n',
);
