// npm run bench:vs-porcupine — faultline's linearizability checker and Porcupine side by side, on the same files,
// in one run. It generates seeded histories (generate-history.ts), builds porcupine-checker (a small Go program
// that uses the Porcupine library from the Go module proxy) and faultline's dist/ when it is older than the sources,
// then for every history runs both checkers as fresh processes, alternating, and prints per row the verdicts, each
// checker's own load+check time and CPU time (measured inside the process, so runtime start-up is left out), the
// whole-process wall-clock, peak memory and the time ratio; then the ratios per size. A process that goes past
// --kill-mb of RSS is killed and counted as such. faultline's checker is started with the node options the `faultline`
// bin starts with (CHECKER_NODE_OPTIONS); a --baseline build with those of its own time. `--help` lists the options.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../core/paths.ts';
import { generateHistory, toJsonl, type GeneratedModel, type HistoryShape } from '../../checkers/linearizability/generate-history.ts';
import { CHECKER_NODE_OPTIONS } from '../../checkers/linearizability/v8-tuning.ts';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: 'register,kv' },
    clients: { type: 'string', default: '5,20,50' },
    ops: { type: 'string', default: '1000,10000,100000' },
    'crash-rate': { type: 'string', default: '0.01' },
    seed: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '120' },
    runs: { type: 'string', default: '1' },
    'kill-mb': { type: 'string', default: '8192' },
    only: { type: 'string' },
    faultline: { type: 'string', default: 'dist' },
    baseline: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(`npm run bench:vs-porcupine -- [options]
  --models register,kv          models to generate and check (also cas-register)
  --clients 5,20,50             concurrent clients
  --ops 1000,10000,100000       client operations per history
  --crash-rate 0.01             share of operations that crash (end info)
  --seed 1                      generator seed
  --timeout 120                 seconds each checker may take before answering unknown
  --runs 1                      runs per checker and history (the median is shown)
  --kill-mb 8192                RSS past which a checker process is killed
  --only PART[,PART...]         only the rows whose name contains one of the parts (e.g. kv-c20,n1000-ok)
  --faultline dist|source       run faultline's compiled dist/ (what the faultline bin runs; built when stale) or its
                                TypeScript sources through tsx
  --baseline DIR                also time another build of faultline (DIR holds its compiled output, e.g. made by
                                \`npx tsc -p tsconfig.build.json --outDir DIR\` on an older commit), alternating with
                                the others: its time and the current build's ratio to it are printed per row
`);
  process.exit(0);
}
if (args.faultline !== 'dist' && args.faultline !== 'source') throw new Error('--faultline must be dist or source');
const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const timeoutS = Number(args.timeout);
const killBytes = Number(args['kill-mb']) * 1024 * 1024;
const benchDir = join(repoRoot, '.cache', 'bench-vs-porcupine');
const goDir = join(repoRoot, 'scripts', 'bench-vs-porcupine', 'porcupine-checker');
const porcupineBinary = join(benchDir, 'porcupine-checker');
const goBinary = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';

interface Measured {
  verdict: string;
  /** Load + check, as measured inside the checker's process. */
  inProcessMs: number;
  /** CPU time (user + system, all threads) over load + check, as measured inside the checker's process. */
  cpuMs: number;
  wallMs: number;
  peakRssMB: number;
  killed: boolean;
  /** faultline only: whether V8 took the checker's code cache (compiled-checker.ts); absent for Porcupine. */
  codeCache?: string;
}

/** Runs one checker process to the end (or kills it past the RSS cap), watching its RSS. */
function runChecker(command: string, argv: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const watch = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
        peak = Math.max(peak, rss);
        if (rss > killBytes && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      } catch {
        // The process is gone: the exit handler reports it.
      }
    }, 50);
    const deadline = setTimeout(() => child.kill('SIGKILL'), (timeoutS + 60) * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(watch);
      clearTimeout(deadline);
      const wallMs = performance.now() - started;
      const peakRssMB = Math.round(peak / (1024 * 1024));
      if (killed) return resolve({ verdict: 'killed', inProcessMs: NaN, cpuMs: NaN, wallMs, peakRssMB, killed });
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const report = JSON.parse(line) as { verdict: string; loadMs: number; checkMs: number; cpuMs: number; codeCache?: string };
        const { verdict, loadMs, checkMs, cpuMs, codeCache } = report;
        resolve({ verdict, inProcessMs: loadMs + checkMs, cpuMs, wallMs, peakRssMB, killed, ...(codeCache !== undefined ? { codeCache } : {}) });
      } catch {
        reject(new Error(`${command} ${argv.join(' ')} exited ${code}: ${stderr.trim() || line}`));
      }
    });
  });
}

function buildPorcupineChecker(): void {
  mkdirSync(benchDir, { recursive: true });
  process.stderr.write(`building ${porcupineBinary} (Go module github.com/anishathalye/porcupine)\n`);
  execFileSync(goBinary, ['build', '-o', porcupineBinary, '.'], { cwd: goDir, stdio: 'inherit', env: { ...process.env, GOFLAGS: '-mod=mod' } });
}

/** The newest modification time of the TypeScript files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when dist/ is missing or older than the sources the faultline checker runs. */
function buildFaultlineIfStale(): void {
  const stamp = join(repoRoot, 'dist', '.built');
  const sources = Math.max(newestSource(join(repoRoot, 'core')), newestSource(join(repoRoot, 'checkers')));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  process.stderr.write('building dist/ (npm run build): it is older than the sources\n');
  execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}

interface Row {
  shape: HistoryShape;
  file: string;
  name: string;
}

function prepareRows(): Row[] {
  const rows: Row[] = [];
  for (const model of list(args.models) as GeneratedModel[]) {
    for (const clients of list(args.clients).map(Number)) {
      for (const ops of list(args.ops).map(Number)) {
        for (const violation of [false, true]) {
          const shape: HistoryShape = { model, clients, ops, violation, crashRate: Number(args['crash-rate']), seed: Number(args.seed) };
          const name = `${model}-c${clients}-n${ops}-${violation ? 'violation' : 'ok'}`;
          if (args.only && !list(args.only).some((part) => name.includes(part))) continue;
          const file = join(benchDir, `${name}-crash${shape.crashRate}-seed${shape.seed}.jsonl`);
          if (!existsSync(file)) writeFileSync(file, toJsonl(generateHistory(shape)));
          rows.push({ shape, file, name });
        }
      }
    }
  }
  return rows;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number): string => (Number.isNaN(ms) ? '-' : ms < 10_000 ? (ms / 1000).toFixed(3) : (ms / 1000).toFixed(1));
const decided = (verdict: string): boolean => verdict === 'true' || verdict === 'false';
/** The machine's 1-minute load average: timings taken on a busy machine are noisy. */
const load = (): string => loadavg()[0]!.toFixed(1);

/** The median of each measure over the runs (the verdict of the last run; they are deterministic). */
function summarise(runs: Measured[]): Measured {
  return {
    verdict: runs[runs.length - 1]!.verdict,
    inProcessMs: median(runs.map((r) => r.inProcessMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    wallMs: median(runs.map((r) => r.wallMs)),
    peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
    killed: runs.some((r) => r.killed),
    // Any run whose cache V8 did not take is worth a note: it paid for compiling the checker.
    codeCache: runs.map((r) => r.codeCache).find((c) => c !== undefined && c !== 'accepted') ?? runs[0]!.codeCache,
  };
}

/** The baseline's time and CPU, and the current build's time over the baseline's. */
function baselineCells(b: Measured, f: Measured): string[] {
  const both = decided(b.verdict) && decided(f.verdict);
  return [seconds(b.inProcessMs), seconds(b.cpuMs), both ? `${(f.inProcessMs / b.inProcessMs).toFixed(2)}x` : '-'];
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  buildPorcupineChecker();
  if (args.faultline === 'dist') buildFaultlineIfStale();
  const rows = prepareRows();
  const runs = Math.max(1, Number(args.runs));
  const faultlineChecker = join(repoRoot, 'scripts', 'bench-vs-porcupine', 'faultline-checker.mjs');
  // A build from before CHECKER_NODE_OPTIONS existed was started without options.
  const baselineOptions: readonly string[] =
    args.baseline === undefined
      ? []
      : ((
          (await import(pathToFileURL(join(args.baseline, 'checkers', 'linearizability', 'v8-tuning.js')).href)) as { CHECKER_NODE_OPTIONS?: readonly string[] }
        ).CHECKER_NODE_OPTIONS ?? []);
  const faultlineArgv = (row: Row, dist?: string): string[] => [
    ...(dist === undefined ? CHECKER_NODE_OPTIONS : baselineOptions),
    ...(args.faultline === 'source' && dist === undefined ? ['--import', 'tsx', faultlineChecker, '--source'] : [faultlineChecker]),
    ...(dist !== undefined ? ['--dist', dist] : []),
    '--model',
    row.shape.model,
    '--timeout',
    String(timeoutS),
    row.file,
  ];
  console.log(
    `faultline (${args.faultline === 'dist' ? 'compiled dist/' : 'TypeScript sources through tsx'}) vs Porcupine: ${rows.length} histories, crash rate ${args['crash-rate']}, seed ${args.seed}, timeout ${timeoutS} s, ` +
      `RSS cap ${args['kill-mb']} MB, ${runs} run(s) each (median), alternating, load average ${load()}; times are load+check inside each process ` +
      `(its CPU time, all threads, after it; whole-process wall-clock in brackets)`,
  );
  const baseline = args.baseline;
  const baselineHeader = baseline !== undefined ? ['base s', 'b cpu s', 'f/base'] : [];
  const header = [
    'history',
    'porcupine',
    'time s',
    'cpu s',
    '(wall s)',
    'RSS MB',
    'faultline',
    'time s',
    'cpu s',
    '(wall s)',
    'RSS MB',
    'f/p',
    ...baselineHeader,
    'note',
  ];
  const widths = [30, 9, 8, 7, 9, 7, 9, 8, 7, 9, 7, 7, ...baselineHeader.map(() => 8), 0];
  if (baseline !== undefined) console.log(`baseline: faultline built in ${baseline} (base s: its load+check time, f/base: this build's time over it)`);
  const format = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  console.log(format(header));
  const ratiosBySize = new Map<number, number[]>();
  let disagreements = 0;
  let slower = 0;
  for (const row of rows) {
    const porcupineRuns: Measured[] = [];
    const faultlineRuns: Measured[] = [];
    const baselineRuns: Measured[] = [];
    for (let r = 0; r < runs; r++) {
      porcupineRuns.push(await runChecker(porcupineBinary, ['-model', row.shape.model, '-timeout', `${timeoutS}s`, row.file]));
      faultlineRuns.push(await runChecker(process.execPath, faultlineArgv(row)));
      if (baseline !== undefined) baselineRuns.push(await runChecker(process.execPath, faultlineArgv(row, baseline)));
    }
    const p = summarise(porcupineRuns);
    const f = summarise(faultlineRuns);
    const notes: string[] = [];
    if (decided(p.verdict) && decided(f.verdict) && p.verdict !== f.verdict) {
      notes.push('VERDICTS DISAGREE');
      disagreements++;
    }
    const expected = row.shape.violation ? 'false' : 'true';
    if (decided(f.verdict) && f.verdict !== expected) notes.push(`faultline expected ${expected}`);
    if (f.codeCache !== undefined && f.codeCache !== 'accepted') notes.push(`faultline's code cache ${f.codeCache}`);
    let ratio = '-';
    if (decided(p.verdict)) {
      if (decided(f.verdict)) {
        const value = f.inProcessMs / p.inProcessMs;
        ratio = `${value.toFixed(2)}x`;
        ratiosBySize.set(row.shape.ops, [...(ratiosBySize.get(row.shape.ops) ?? []), value]);
        if (value > 1) slower++;
      } else {
        notes.push('faultline undecided where Porcupine decided');
        slower++;
      }
    }
    console.log(
      format([
        row.name,
        p.verdict,
        seconds(p.inProcessMs),
        seconds(p.cpuMs),
        `(${seconds(p.wallMs)})`,
        String(p.peakRssMB),
        f.verdict,
        seconds(f.inProcessMs),
        seconds(f.cpuMs),
        `(${seconds(f.wallMs)})`,
        String(f.peakRssMB),
        ratio,
        ...(baseline !== undefined ? baselineCells(summarise(baselineRuns), f) : []),
        notes.join('; '),
      ]),
    );
  }
  console.log('');
  for (const [size, ratios] of [...ratiosBySize].sort((a, b) => a[0] - b[0])) {
    const geomean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
    console.log(
      `${String(size).padStart(7)} ops: faultline/Porcupine time, geometric mean ${geomean.toFixed(3)}x over ${ratios.length} rows both decided (min ${Math.min(...ratios).toFixed(3)}x, max ${Math.max(...ratios).toFixed(3)}x)`,
    );
  }
  console.log(`verdict disagreements: ${disagreements}; rows where Porcupine decided and faultline was slower or undecided: ${slower}`);
  console.log(`benchmark wall-clock: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s; load average at the end ${load()}`);
  if (disagreements > 0) process.exitCode = 1;
}

await main();
