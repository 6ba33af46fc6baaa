// Benchmark: how many ops/s the harness itself can drive and what recording the history costs.
// Runs the real client loop (harness/run/main-phase.ts) against an instant in-process client, for a few seconds per
// mode: history appended to history.jsonl (one write(2) per op, as in a run) vs. kept in memory only.
// Usage: npm run bench:history [-- seconds concurrency]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryRecorder } from '../core/history/recorder.ts';
import { Random } from '../core/generator/random.ts';
import { runClients, type Counts } from '../harness/run/main-phase.ts';
import type { RunEnv, Workload } from '../core/plugins.ts';
import type { TestSpec } from '../core/spec.ts';
import { silentProgress } from '../core/progress.ts';

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 10);

const instantWorkload: Workload = {
  name: 'instant',
  setup: async () => [],
  openClient: async () => ({
    invoke: (op) => new Promise((resolve) => setImmediate(() => resolve({ type: 'ok', value: op.value }))),
    close: async () => undefined,
  }),
  nextOp: (rng) => ({ f: 'send', value: { value: rng.int(1e9), partition: rng.int(6) } }),
  finalPhase: () => [],
};

async function measure(withFile: boolean): Promise<{ opsPerSecond: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  const path = join(dir, 'history.jsonl');
  const history = new HistoryRecorder(withFile ? { path } : {});
  const spec = { rate: 1e9, concurrency, opTimeoutMs: 10_000 } as TestSpec;
  const env = { spec, history, progress: silentProgress, topics: [], interrupted: () => false } as unknown as RunEnv;
  const counts: Counts = { ok: 0, fail: 0, info: 0 };
  const t0 = performance.now();
  await runClients(env, instantWorkload, new Random(1), counts, () => performance.now() - t0 > seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  history.close();
  const bytes = withFile ? statSync(path).size : 0;
  rmSync(dir, { recursive: true, force: true });
  return { opsPerSecond: counts.ok / elapsed, bytes };
}

const rows: string[] = [];
for (const round of [1, 2, 3]) {
  const mem = await measure(false);
  const file = await measure(true);
  rows.push(
    `round ${round}: in memory ${mem.opsPerSecond.toFixed(0).padStart(7)} ops/s | history.jsonl ${file.opsPerSecond.toFixed(0).padStart(7)} ops/s (${(file.bytes / 1e6).toFixed(1)} MB, ${(file.bytes / (file.opsPerSecond * seconds * 2)).toFixed(0)} B/line) | overhead ${(100 * (1 - file.opsPerSecond / mem.opsPerSecond)).toFixed(1)}%`,
  );
  console.log(rows[rows.length - 1]);
}
console.log(`(${concurrency} processes, ${seconds}s per mode; each op = invoke + completion line)`);
