// `faultline suite merge`: shard results combined into one suite directory as if one machine had run the suite. The
// shards must be of one suite (same name and fingerprint), one build, one shard count, and together every shard once;
// their runs are put in suite order, their run directories copied into this store under the same names, and the gate
// is applied again to the merged runs — so the index, junit.xml and exit code are the unsharded run's.
import { cpSync, existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../../core/errors.ts';
import { storeDir } from '../../core/paths.ts';
import type { Progress } from '../../core/progress.ts';
import type { CellRecord, SuiteRecord, TestRecord } from '../../core/suite-record.ts';
import { checkBaselineFits, utcDay, type Baseline } from './baseline.ts';
import { diffSuites } from './diff.ts';
import { applyGate, baselineOfRecord } from './gate.ts';
import { writeSuiteOutputs } from './outputs.ts';
import { previousSuiteRun, readSuiteRecord, SUITE_RECORD_FILE, suiteDirPath } from './store.ts';

interface Shard {
  dir: string;
  file: string;
  record: SuiteRecord;
}

/** The store a shard's suite directory lives in: <store>/suites/<suite>/<run>. */
const storeOf = (suiteDir: string): string => resolve(suiteDir, '..', '..', '..');

function checkShards(shards: Shard[]): number {
  const first = shards[0]!;
  const seen = new Map<number, Shard>();
  for (const s of shards) {
    const r = s.record;
    if (!r.shard) throw new UserError(`${s.file}: shard: not a shard (it ran the whole suite); merge the directories that --shard i/n runs made`);
    if (r.suite !== first.record.suite) throw new UserError(`${s.file}: suite: ${r.suite}, but ${first.file} is of suite ${first.record.suite}`);
    if (r.fingerprint !== first.record.fingerprint)
      throw new UserError(`${s.file}: fingerprint: its tests differ from those of ${first.file} (the suite file changed between the shards)`);
    if (r.build.id !== first.record.build.id) throw new UserError(`${s.file}: build: ${r.build.label}, but ${first.file} ran ${first.record.build.label}`);
    if (r.shard.count !== first.record.shard!.count)
      throw new UserError(`${s.file}: shard.count: ${r.shard.count} shards, but ${first.file} is one of ${first.record.shard!.count}`);
    if (r.retryUnknown !== first.record.retryUnknown)
      throw new UserError(`${s.file}: retryUnknown: ${r.retryUnknown}, but ${first.file} retried unknown verdicts ${first.record.retryUnknown} time(s)`);
    const twin = seen.get(r.shard.index);
    if (twin) throw new UserError(`${s.file}: shard.index: shard ${r.shard.index}/${r.shard.count} is also ${twin.file}`);
    seen.set(r.shard.index, s);
  }
  const count = first.record.shard!.count;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new UserError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: give the directory of every shard of suite ${first.record.suite}`,
    );
  return count;
}

/** The one baseline the shards were judged with (they must agree), unless one is given for the merge. */
function baselineOf(shards: Shard[], given?: Baseline): Baseline | undefined {
  if (given) return given;
  const first = shards[0]!;
  const text = (s: Shard): string => JSON.stringify(baselineOfRecord(s.record)?.entries ?? null);
  const other = shards.find((s) => text(s) !== text(first));
  if (other)
    throw new UserError(`${other.file}: baseline: the shards were judged with different baselines (see ${first.file}); give the merge one with --baseline`);
  return baselineOfRecord(first.record);
}

/** Refuses the merge, before anything is copied, if a shard's run directory is not where its suite.json says. */
function checkRunsPresent(shards: Shard[]): void {
  for (const shard of shards) {
    shard.record.tests.forEach((test, t) =>
      test.cells.forEach((cell, c) =>
        cell.attempts.forEach((a, k) => {
          const source = a.dir === undefined ? undefined : resolve(shard.dir, a.dir);
          if (source && !existsSync(join(source, 'spec.json')))
            throw new UserError(
              `${shard.file}: tests[${t}].cells[${c}].attempts[${k}].dir: ${source} is missing (keep each shard's whole store, runs and suites, together)`,
            );
        }),
      ),
    );
  }
}

/** Copies a run directory of a shard into this store under the same path (unless it is already there). */
function adoptRun(shard: Shard, runDir: string, store: string, mergedDir: string): string {
  const source = resolve(shard.dir, runDir);
  let target = join(store, relative(storeOf(shard.dir), source));
  if (!(existsSync(target) && realpathSync(target) === realpathSync(source))) {
    for (let i = 1; existsSync(target); i++) target = `${join(store, relative(storeOf(shard.dir), source))}-${i}`;
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, target, { recursive: true });
  }
  return relative(mergedDir, target);
}

export async function mergeShards(
  dirs: string[],
  opts: { baseline?: Baseline; progress: Progress },
): Promise<{ exitCode: number; dir: string; record: SuiteRecord }> {
  const shards: Shard[] = dirs.map((d) => {
    const dir = resolve(d.endsWith(SUITE_RECORD_FILE) ? dirname(d) : d);
    return { dir, file: join(d.endsWith(SUITE_RECORD_FILE) ? dirname(d) : d, SUITE_RECORD_FILE), record: readSuiteRecord(dir) };
  });
  checkShards(shards);
  const first = shards[0]!.record;
  if (opts.baseline)
    checkBaselineFits(opts.baseline, first.suite, first.tests.map((t) => t.name).concat(shards.slice(1).flatMap((s) => s.record.tests.map((t) => t.name))));
  const baseline = baselineOf(shards, opts.baseline);
  const byTest = new Map<string, { test: TestRecord; cells: Array<{ cell: CellRecord; shard: Shard }> }>();
  for (const shard of shards) {
    shard.record.tests.forEach((test) => {
      const entry = byTest.get(test.name) ?? { test, cells: [] };
      test.cells.forEach((cell) => entry.cells.push({ cell, shard }));
      byTest.set(test.name, entry);
    });
  }
  const runs = [...byTest.values()].reduce((n, t) => n + t.cells.length, 0);
  for (const { test, cells } of byTest.values()) {
    const slots = cells.map((c) => c.cell.slot);
    const twice = slots.find((s, i) => slots.indexOf(s) !== i);
    if (twice !== undefined)
      throw new UserError(`${cells.find((c) => c.cell.slot === twice)!.shard.file}: test ${test.name} run ${twice + 1} is also in another shard`);
  }
  if (runs !== first.plan.runs) throw new UserError(`${shards[0]!.file}: plan.runs: the suite has ${first.plan.runs} runs, the shards together ${runs}`);
  checkRunsPresent(shards);

  const store = storeDir();
  const startedAt = shards.map((s) => s.record.startedAt).sort()[0]!;
  const finishedAt = shards
    .map((s) => s.record.finishedAt ?? s.record.startedAt)
    .sort()
    .at(-1)!;
  const mergedDir = suiteDirPath(store, first.suite, new Date(startedAt));
  opts.progress.info(`merging ${shards.length} shard(s) of suite ${first.suite}: copying their run directories into ${store}`);
  const tests = [...byTest.values()]
    .sort((a, b) => a.test.index - b.test.index)
    .map(({ test, cells }) => ({
      ...test,
      cells: cells
        .sort((a, b) => a.cell.slot - b.cell.slot)
        .map(({ cell, shard }) => {
          const attempts = cell.attempts.map((a) => (a.dir ? { ...a, dir: adoptRun(shard, a.dir, store, mergedDir) } : a));
          return { ...cell, attempts, ...(attempts.at(-1)?.dir ? { dir: attempts.at(-1)!.dir } : {}) };
        }),
    }));
  const { shard: _shard, ...rest } = first;
  const merged: SuiteRecord = {
    ...rest,
    mergedFrom: shards.map((s) => ({ dir: relative(mergedDir, s.dir), shard: s.record.shard! })).sort((a, b) => a.shard.index - b.shard.index),
    startedAt,
    finishedAt,
    durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
    interrupted: shards.find((s) => s.record.interrupted)?.record.interrupted,
    stopped: shards.find((s) => s.record.stopped)?.record.stopped,
    tests,
  };
  const record = applyGate(merged, baseline, utcDay(new Date(startedAt)));
  const previous = previousSuiteRun(store, record.suite, record.startedAt);
  mkdirSync(mergedDir, { recursive: true });
  writeSuiteOutputs(mergedDir, record, previous ? diffSuites(record, mergedDir, previous.record, previous.dir) : undefined);
  opts.progress.info(`merged ${shards.length} shard(s) of suite ${record.suite}: ${runs} run(s), exit ${record.exitCode} — ${join(mergedDir, 'index.html')}`);
  return { exitCode: record.exitCode, dir: mergedDir, record };
}
