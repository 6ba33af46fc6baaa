// `faultline suite`: the runs of a suite (or of one shard) one after another, one cluster at a time, through a
// function that runs one spec (runSpec by default; tests pass a fake). After each run the gate is applied and
// suite.json, index.html and junit.xml are rewritten, so an interrupted or crashed suite still leaves them. Unknown
// verdicts are retried; SIGINT/SIGTERM stop the running test cleanly (it heals and tears down) and the rest is not run.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crashedWith, interruptedBy, onInterrupt, type InterruptReason } from '../../core/cleanup.ts';
import { UserError, errorMessage } from '../../core/errors.ts';
import { randomSeed } from '../../core/generator/random.ts';
import { storeDir } from '../../core/paths.ts';
import type { Progress } from '../../core/progress.ts';
import type { RunResults } from '../../core/result.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { AttemptRecord, CellRecord, ShardId, SuiteRecord } from '../../core/suite-record.ts';
import { formatDuration } from '../../reports/html/format.ts';
import type { RunOutcome } from '../run/runner.ts';
import { latestRun } from '../run/store.ts';
import { utcDay, type Baseline } from './baseline.ts';
import { diffSuites } from './diff.ts';
import { applyGate, checkerCounts } from './gate.ts';
import { writeSuiteOutputs } from './outputs.ts';
import { runsOfShard, type PlannedRun, type SuitePlan } from './plan.ts';
import { initialRecord } from './record.ts';
import { describeCell, summariseBaseline } from './progress-lines.ts';
import { previousSuiteRun, suiteDirPath } from './store.ts';

/** Runs one spec completely (cluster, faults, checks, outputs), as `faultline test` does. */
export type RunOne = (spec: TestSpec, progress: Progress) => Promise<RunOutcome>;

export interface SuiteRunOptions {
  plan: SuitePlan;
  shard?: ShardId;
  baseline?: Baseline;
  retryUnknown: number;
  progress: Progress;
  /** Default: runSpec (harness/run/run-spec.ts), loaded only when a run starts. */
  runOne?: RunOne;
  now?: () => Date;
  /** Seeds of `count` runs; default random. */
  drawSeed?: () => number;
}

export interface SuiteOutcome {
  exitCode: number;
  /** The suite directory (store/suites/<suite>/<timestamp>[-shard-i-of-n]). */
  dir: string;
  record: SuiteRecord;
}

const defaultRunOne: RunOne = async (spec, progress) => (await import('../run/run-spec.ts')).runSpec(spec, progress);

function readResults(runDir: string): RunResults | undefined {
  const file = join(runDir, 'results.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  } catch {
    return undefined;
  }
}

interface Attempt {
  attempt: AttemptRecord;
  results?: RunResults;
  error?: unknown;
}

/** One run of a spec, as an attempt record; a run that throws (the harness failed) still links the directory it made. */
async function attemptRun(spec: TestSpec, runOne: RunOne, progress: Progress, store: string, suiteDir: string): Promise<Attempt> {
  const before = latestRun(store);
  const t0 = Date.now();
  try {
    const outcome = await runOne(spec, progress);
    const verdict = outcome.interrupted ? 'interrupted' : (outcome.results?.valid ?? 'unknown');
    return { attempt: { dir: relative(suiteDir, outcome.dir.path), verdict, durationMs: Date.now() - t0 }, results: outcome.results };
  } catch (e) {
    // runSpec writes results.json and then throws the harness's error; the run's directory is the one store/latest
    // now points at (one run at a time in this process), if the run got that far.
    const after = latestRun(store);
    const runDir = after !== undefined && after !== before ? after : undefined;
    const attempt: AttemptRecord = {
      ...(runDir ? { dir: relative(suiteDir, runDir) } : {}),
      verdict: 'error',
      harnessError: errorMessage(e),
      durationMs: Date.now() - t0,
    };
    return { attempt, results: runDir ? readResults(runDir) : undefined, error: e };
  }
}

/** Runs a suite to the end (or to a stop) and returns its exit code, directory and record. */
export async function runSuite(opts: SuiteRunOptions): Promise<SuiteOutcome> {
  const { plan, progress } = opts;
  const now = opts.now ?? (() => new Date());
  const runOne = opts.runOne ?? defaultRunOne;
  const store = storeDir();
  const startedAt = now();
  const day = utcDay(startedAt);
  const runs = runsOfShard(plan, opts.shard);
  let record = initialRecord(plan, runs, { shard: opts.shard, retryUnknown: opts.retryUnknown, startedAt });
  const previous = previousSuiteRun(store, plan.name, record.startedAt);
  const dir = suiteDirPath(store, plan.name, startedAt, opts.shard);
  const save = (): void => {
    record = applyGate({ ...record, durationMs: now().getTime() - startedAt.getTime() }, opts.baseline, day);
    mkdirSync(dir, { recursive: true });
    writeSuiteOutputs(dir, record, previous ? diffSuites(record, dir, previous.record, previous.dir) : undefined);
  };

  let stop: InterruptReason | 'bad-input' | undefined = interruptedBy();
  const stopListening = onInterrupt((reason) => {
    stop ??= reason;
  });
  const estimatedAll = runs.reduce((s, r) => s + r.test.estimatedS, 0);
  let estimatedDone = 0;
  const started = Date.now();
  progress.info(
    `suite ${plan.name}${opts.shard ? ` shard ${opts.shard.index}/${opts.shard.count}` : ''}: ${runs.length} run(s) of ${plan.tests.length} test(s) against ${plan.build.label}, estimated ${formatDuration(estimatedAll * 1000)}`,
  );
  try {
    for (const [i, run] of runs.entries()) {
      if (stop) break;
      const cell = cellOf(record, run);
      cell.seed = run.seed ?? (opts.drawSeed ?? randomSeed)();
      const label = `[${i + 1}/${runs.length}] ${run.test.name} seed ${cell.seed}`;
      progress.info(`${label}: starting (estimated ${formatDuration(run.test.estimatedS * 1000)})`);
      for (let attemptNo = 1; ; attemptNo++) {
        const { attempt, results, error } = await attemptRun({ ...run.test.spec, seed: cell.seed }, runOne, progress, store, dir);
        cell.attempts.push(attempt);
        if (attempt.dir) cell.dir = attempt.dir;
        else delete cell.dir;
        cell.durationMs += attempt.durationMs;
        cell.checkers = results ? checkerCounts(results) : {};
        if (results) cell.verdict = results.valid;
        else delete cell.verdict;
        if (error instanceof UserError) {
          // Bad input found only when running (e.g. a build that does not resolve): the same for every run, so stop.
          // Before anything was made, nothing is written at all.
          if (i === 0 && attemptNo === 1 && !attempt.dir) throw error;
          record.stopped = { reason: 'bad-input', message: errorMessage(error) };
          stop ??= 'bad-input';
        } else if (error !== undefined && crashedWith()) {
          record.stopped = { reason: 'harness', message: errorMessage(error) };
          stop ??= 'crash';
        }
        if (error !== undefined || attempt.verdict !== 'unknown' || attemptNo > opts.retryUnknown || stop) break;
        progress.info(`${label}: unknown verdict; retrying (attempt ${attemptNo + 1} of ${opts.retryUnknown + 1})`);
      }
      save();
      estimatedDone += run.test.estimatedS;
      const elapsed = Date.now() - started;
      const eta = i + 1 < runs.length && !stop ? ` · suite ETA ${formatDuration(((estimatedAll - estimatedDone) * elapsed) / estimatedDone)}` : '';
      progress.info(`${label}: ${describeCell(cellOf(record, run))}${eta}`);
    }
  } finally {
    stopListening();
  }
  if (stop === 'SIGINT' || stop === 'SIGTERM') record.interrupted = stop;
  record.finishedAt = now().toISOString();
  save();
  for (const line of summariseBaseline(record)) progress.info(line);
  progress.info(`suite ${plan.name}: exit ${record.exitCode} — ${join(dir, 'index.html')}`);
  return { exitCode: record.exitCode, dir, record };
}

function cellOf(record: SuiteRecord, run: PlannedRun): CellRecord {
  return record.tests.find((t) => t.name === run.test.name)!.cells.find((c) => c.slot === run.slot)!;
}
