// What `faultline serve` lists: every suite run and every test run of the store, as rows for the store index, with
// results.json read once per change (cached by size and modification time) since it can be large.
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { cellsOf, type SuiteRecord } from '../../core/suite-record.ts';
import type { RunResults, Validity } from '../../core/result.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { RunRow, StoreFilters, StoreIndexInput, StoreVerdict, SuiteRow } from '../../reports/store-index/index.ts';
import { storeLink } from '../../reports/suite-index/shell.ts';
import { storedSuiteRuns, suitesRoot } from '../suite/store.ts';

const verdictOf = (v: Validity | undefined): StoreVerdict => (v === true ? 'valid' : v === false ? 'invalid' : v === 'unknown' ? 'unknown' : 'incomplete');
const suiteVerdict = (exitCode: number): StoreVerdict => (exitCode === 0 ? 'valid' : exitCode === 1 ? 'invalid' : exitCode === 2 ? 'unknown' : 'incomplete');

export function buildLabel(source: TestSpec['cluster']['source'] | undefined): string {
  if (!source) return '?';
  return source.kind === 'maven' ? `Kafka ${source.version}` : source.kind === 'dist' ? basename(source.path) : `image ${source.image}`;
}

interface RunSummary {
  verdict: StoreVerdict;
  anomalies: string;
}

const resultsCache = new Map<string, { key: string; summary: RunSummary }>();

function summariseResults(file: string): RunSummary {
  if (!existsSync(file)) return { verdict: 'incomplete', anomalies: '' };
  const st = statSync(file);
  const key = `${st.size}:${st.mtimeMs}`;
  const cached = resultsCache.get(file);
  if (cached?.key === key) return cached.summary;
  let summary: RunSummary;
  try {
    const results = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
    const counts = new Map<string, number>();
    for (const c of Object.values(results.checkers ?? {})) for (const a of c.anomalies ?? []) if (!a.allowed) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
    summary = { verdict: verdictOf(results.valid), anomalies: [...counts].map(([t, n]) => `${n} ${t}`).join(', ') };
  } catch {
    summary = { verdict: 'incomplete', anomalies: 'results.json unreadable' };
  }
  resultsCache.set(file, { key, summary });
  return summary;
}

/** "2026-12-01T234605.184Z" (a run directory's name) → "2026-12-01T23:46:05.184Z". */
const startOfRunDir = (name: string): string => name.replace(/^(\d{4}-\d{2}-\d{2}T)(\d{2})(\d{2})(\d{2})/, '$1$2:$3:$4');

interface ScannedRun extends RunRow {
  nemeses: string[];
}

function scanRuns(store: string): ScannedRun[] {
  if (!existsSync(store)) return [];
  const rows: ScannedRun[] = [];
  for (const name of readdirSync(store)) {
    const testDir = join(store, name);
    if (name === basename(suitesRoot(store)) || lstatSync(testDir).isSymbolicLink() || !lstatSync(testDir).isDirectory()) continue;
    for (const run of readdirSync(testDir)) {
      const specFile = join(testDir, run, 'spec.json');
      if (!existsSync(specFile)) continue;
      let spec: Partial<TestSpec>;
      try {
        spec = JSON.parse(readFileSync(specFile, 'utf8')) as Partial<TestSpec>;
      } catch {
        continue;
      }
      const nemeses = Array.isArray(spec.nemesis) ? spec.nemesis : [];
      const summary = summariseResults(join(testDir, run, 'results.json'));
      rows.push({
        name,
        startedAt: startOfRunDir(run),
        verdict: summary.verdict,
        workload: String(spec.workload ?? '?'),
        nemesis: nemeses.join('+') || 'none',
        nemeses,
        build: buildLabel(spec.cluster?.source),
        anomalies: summary.anomalies,
        href: `/store/${storeLink(`${name}/${run}`)}/report.html`,
      });
    }
  }
  return rows.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

const inDates = (startedAt: string, f: StoreFilters): boolean => (!f.from || startedAt.slice(0, 10) >= f.from) && (!f.to || startedAt.slice(0, 10) <= f.to);

function suiteRow(store: string, dir: string, record: SuiteRecord): SuiteRow {
  const counts = new Map<string, number>();
  for (const { cell } of cellsOf(record)) counts.set(cell.status, (counts.get(cell.status) ?? 0) + 1);
  const rel = relative(store, dir).split(sep).join('/');
  return {
    suite: record.suite,
    startedAt: record.startedAt,
    verdict: suiteVerdict(record.exitCode),
    exitCode: record.exitCode,
    build: record.build.label,
    scope: record.shard
      ? `shard ${record.shard.index}/${record.shard.count}`
      : record.mergedFrom
        ? `merged (${record.mergedFrom.length} shards)`
        : 'whole suite',
    runs: cellsOf(record).length,
    summary: [...counts].map(([s, n]) => `${n} ${s}`).join(', '),
    href: `/store/${storeLink(rel)}/index.html`,
  };
}

/** The store index's data for a set of filters. */
export function scanStore(store: string, filters: StoreFilters): StoreIndexInput {
  const suites = storedSuiteRuns(store).reverse();
  const runs = scanRuns(store);
  const suiteMatches = ({ record }: { record: SuiteRecord }): boolean => {
    const row = suiteVerdict(record.exitCode);
    const specs = record.tests.map((t) => t.spec as Partial<TestSpec>);
    return (
      (!filters.verdict || row === filters.verdict) &&
      (!filters.workload || specs.some((s) => s.workload === filters.workload)) &&
      (!filters.nemesis || specs.some((s) => s.nemesis?.includes(filters.nemesis!))) &&
      (!filters.build || record.build.label === filters.build) &&
      inDates(record.startedAt, filters)
    );
  };
  const runMatches = (r: ScannedRun): boolean =>
    (!filters.verdict || r.verdict === filters.verdict) &&
    (!filters.workload || r.workload === filters.workload) &&
    (!filters.nemesis || r.nemeses.includes(filters.nemesis)) &&
    (!filters.build || r.build === filters.build) &&
    inDates(r.startedAt, filters);
  const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();
  return {
    store,
    filters,
    choices: {
      workloads: sorted(runs.map((r) => r.workload)),
      nemeses: sorted(runs.flatMap((r) => r.nemeses)),
      builds: sorted([...runs.map((r) => r.build), ...suites.map((s) => s.record.build.label)]),
    },
    suites: suites.filter(suiteMatches).map(({ dir, record }) => suiteRow(store, dir, record)),
    runs: runs.filter(runMatches).map(({ nemeses: _n, ...row }) => row),
    totals: { suites: suites.length, runs: runs.length },
  };
}
