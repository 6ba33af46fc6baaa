// The false-alarm check (not part of npm test): the run that once raised a false alarm on a correct cluster
// (`--nemesis kill,stop --nemesis-interval 6 --kill-target random --seed 1`) and further seeds of the same shape, on
// Kafka's safe defaults, with each client — every run must be valid. Prints one row per run and a summary.
// Usage: npm run bench:safe-defaults [-- --seeds 1-11 --clients platformatic,java --kafka 4.4.0 --time-limit 60]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../core/paths.ts';
import type { RunResults } from '../core/result.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const [from, to] = arg('seeds', '1-11').split('-').map(Number) as [number, number];
const clients = arg('clients', 'platformatic,java').split(',');
const kafka = arg('kafka', '4.4.0');
const timeLimit = arg('time-limit', '60');

interface Row {
  seed: number;
  client: string;
  exit: number;
  verdict: string;
  ok: number;
  fail: number;
  info: number;
  anomalies: string;
  dir: string;
}

const rows: Row[] = [];
const t0 = Date.now();
for (let seed = from; seed <= to; seed++) {
  for (const client of clients) {
    const args = [
      'test',
      '--workload',
      'lost-writes',
      '--nemesis',
      'kill,stop',
      '--nemesis-interval',
      '6',
      '--kill-target',
      'random',
      '--seed',
      String(seed),
      '--time-limit',
      timeLimit,
      '--kafka',
      kafka,
      '--client',
      client,
      '--name',
      `safe-defaults-${client}`,
    ];
    const r = await execa('node', [join(repoRoot, 'harness', 'cli', 'faultline.mjs'), ...args], { reject: false, stderr: 'ignore' });
    const dir = r.stdout.trim().split('\n').at(-1) ?? '';
    let results: RunResults | undefined;
    try {
      results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    } catch {
      results = undefined;
    }
    const lw = results?.checkers['lost-writes'];
    const stats = (lw?.stats ?? {}) as { acknowledged?: number; failed?: number; indeterminate?: number };
    const anomalies = Object.values(results?.checkers ?? {}).flatMap((c) => c.anomalies.map((a) => `${a.type}${a.allowed ? ' (allowed)' : ''}`));
    const row: Row = {
      seed,
      client,
      exit: r.exitCode ?? -1,
      verdict: String(results?.valid ?? 'no results'),
      ok: stats.acknowledged ?? 0,
      fail: stats.failed ?? 0,
      info: stats.indeterminate ?? 0,
      anomalies: [...new Set(anomalies)].join(', ') || '-',
      dir,
    };
    rows.push(row);
    process.stdout.write(`seed ${seed} ${client}: ${row.verdict} (ok ${row.ok}, fail ${row.fail}, info ${row.info}; anomalies ${row.anomalies}) ${dir}\n`);
  }
}
process.stdout.write('\n| seed | client | verdict | ok | fail | info | anomalies |\n|---|---|---|---|---|---|---|\n');
for (const r of rows) process.stdout.write(`| ${r.seed} | ${r.client} | ${r.verdict} | ${r.ok} | ${r.fail} | ${r.info} | ${r.anomalies} |\n`);
const valid = rows.filter((r) => r.verdict === 'true').length;
process.stdout.write(`\n${valid} of ${rows.length} runs valid on Kafka ${kafka}; wall-clock ${Math.round((Date.now() - t0) / 60000)} min\n`);
process.exitCode = valid === rows.length ? 0 : 1;
