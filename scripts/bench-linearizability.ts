// Times the linearizability checker on the public Porcupine histories (etcd CAS-register logs and MIT 6.824 kv
// histories) and prints them next to Porcupine's published figures. Usage:
//   npm run bench:linearizability -- [data-dir] [--runs N] [--warmup N] [--only SUBSTRING]
// The data directory defaults to $FAULTLINE_PORCUPINE_DATA, else tests/fixtures/porcupine.
// It asserts nothing about time; it exits 1 only when a verdict disagrees with VERDICTS.tsv.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizability } from '../checkers/linearizability/index.ts';
import type { Op } from '../core/history/op.ts';
import { loadHistory } from '../core/history/formats/index.ts';

interface Case {
  file: string;
  model: string;
  expected: string;
  ops: Op[];
  /** Invocations, the op count VERDICTS.tsv and Porcupine quote. */
  invocations: number;
  /** Time to read and parse the file (once, cold). */
  loadMs: number;
}

interface Measurement {
  medianMs: number;
  minMs: number;
  verdict: string;
  states: unknown;
}

const PORCUPINE_REFERENCE = 'Porcupine (Go, 2 cores): etcd total ~0.5 s, slowest (etcd_002) ~0.2 s; c50-ok ~0.15 s';

function parseArgs(argv: string[]): { dataDir: string; runs: number; warmup: number; only?: string } {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  let dataDir = process.env.FAULTLINE_PORCUPINE_DATA ?? join(repoRoot, 'tests', 'fixtures', 'porcupine');
  let runs = 5;
  let warmup = 1;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--runs') runs = Number(argv[++i]);
    else if (arg === '--warmup') warmup = Number(argv[++i]);
    else if (arg === '--only') only = argv[++i];
    else dataDir = resolve(arg);
  }
  return { dataDir, runs: Math.max(1, runs), warmup: Math.max(0, warmup), ...(only ? { only } : {}) };
}

function loadCases(dataDir: string, only: string | undefined): Case[] {
  const rows = readFileSync(join(dataDir, 'VERDICTS.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows
    .map((row) => row.split('\t'))
    .filter(([file]) => !only || file!.includes(only))
    .map(([file, model, , expected]) => {
      const t0 = performance.now();
      const ops = loadHistory(join(dataDir, file!)).ops;
      const loadMs = performance.now() - t0;
      return { file: file!, model: model!, expected: expected!, ops, loadMs, invocations: ops.filter((op) => op.type === 'invoke').length };
    });
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function measure(c: Case, runs: number): Measurement {
  const times: number[] = [];
  let verdict = '';
  let states: unknown;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const result = checkLinearizability(c.ops, { model: c.model });
    times.push(performance.now() - t0);
    verdict = String(result.valid);
    states = result.stats.statesExplored;
  }
  return { medianMs: median(times), minMs: Math.min(...times), verdict, states };
}

const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1)).padStart(8);

function main(): void {
  const { dataDir, runs, warmup, only } = parseArgs(process.argv.slice(2));
  const cases = loadCases(dataDir, only);
  console.log(`data: ${dataDir}  (${cases.length} histories, ${warmup} warm-up pass, median of ${runs} runs)`);
  for (let w = 0; w < warmup; w++) for (const c of cases) checkLinearizability(c.ops, { model: c.model });

  console.log(
    `${'file'.padEnd(22)} ${'model'.padEnd(14)} ${'ops'.padStart(5)} ${'expected'.padEnd(8)} ${'got'.padEnd(8)} ${'median ms'.padStart(9)} ${'min ms'.padStart(8)} ${'states'.padStart(9)} ${'load ms'.padStart(8)}`,
  );
  let disagreements = 0;
  const results = cases.map((c) => {
    const m = measure(c, runs);
    const agrees = m.verdict === c.expected;
    if (!agrees) disagreements++;
    console.log(
      `${c.file.padEnd(22)} ${c.model.padEnd(14)} ${String(c.invocations).padStart(5)} ${c.expected.padEnd(8)} ${m.verdict.padEnd(8)} ${ms(m.medianMs)}  ${ms(m.minMs)} ${String(m.states).padStart(9)} ${ms(c.loadMs)}${agrees ? '' : '  <-- VERDICT DISAGREES'}`,
    );
    return { c, m };
  });

  const etcd = results.filter((r) => r.c.file.includes('etcd'));
  const kv = results.filter((r) => r.c.model === 'kv');
  console.log('');
  if (etcd.length > 0) {
    const slowest = etcd.reduce((a, b) => (b.m.medianMs > a.m.medianMs ? b : a));
    const medians = etcd.map((r) => r.m.medianMs);
    console.log(
      `etcd: ${etcd.length} histories, total ${ms(medians.reduce((a, b) => a + b, 0)).trim()} ms, median ${ms(median(medians)).trim()} ms, slowest ${slowest.c.file} ${ms(slowest.m.medianMs).trim()} ms`,
    );
  }
  if (kv.length > 0) {
    const parts = kv.map((r) => `${r.c.file.replace(/^.*\//, '')} ${ms(r.m.medianMs).trim()} ms`);
    console.log(`kv:   ${kv.length} histories, total ${ms(kv.reduce((a, r) => a + r.m.medianMs, 0)).trim()} ms (${parts.join(', ')})`);
  }
  console.log(`loading (parse, not included above): ${ms(cases.reduce((a, c) => a + c.loadMs, 0)).trim()} ms for all files`);
  console.log(`reference: ${PORCUPINE_REFERENCE}`);
  if (disagreements > 0) {
    console.error(`${disagreements} verdict(s) disagree with VERDICTS.tsv`);
    process.exitCode = 1;
  }
}

main();
