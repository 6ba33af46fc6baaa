// `faultline check` on several history files: one line per file in order, a summary, the worst verdict as the exit
// code (bad input 254), the same lines with --jobs, and an unknown line that says why.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../core/paths.ts';
import { toJsonl } from '../../../checkers/linearizability/generate-history.ts';
import { concurrentThenImpossible, HistoryBuilder } from './history-builder.ts';

const CLI = join(repoRoot, 'harness', 'cli', 'faultline.mjs');
const run = async (args: string[], env: Record<string, string> = {}) => {
  const r = await execa('node', [CLI, 'check', ...args], { reject: false, env });
  return { code: r.exitCode, lines: r.stdout.trim().split('\n'), stderr: r.stderr };
};

function historyDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-check-many-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const valid = toJsonl(new HistoryBuilder().call(0, 'write', 1).call(1, 'read', null, 1).ops);
const invalid = toJsonl(new HistoryBuilder().call(0, 'write', 1).call(1, 'read', null, 2).ops);
const hard = toJsonl(
  concurrentThenImpossible(
    Array.from({ length: 20 }, (_, i) => ({ f: 'write', input: i })),
    { f: 'read', output: 99 },
  ),
);
const torn = '{"index":0,"type":"invoke","process":0,"f":"write","value":1,"time":0}\n{"index":1,"type":"ok",\n{"index":2}\n';

describe('faultline check with several files', () => {
  it('prints a line per file in order, then a summary, and exits with the worst verdict', async () => {
    const dir = historyDir({ 'a-valid.jsonl': valid, 'b-invalid.jsonl': invalid, 'c-valid.jsonl': valid, 'notes.md': 'not a history' });
    const r = await run([dir, '--model', 'register']);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(4);
    expect(r.lines[0]).toMatch(/a-valid\.jsonl: valid \(register, 2 calls, [\d.]+ ms\)$/);
    expect(r.lines[1]).toMatch(/b-invalid\.jsonl: INVALID \(register, 2 calls/);
    expect(r.lines[2]).toMatch(/c-valid\.jsonl: valid/);
    expect(r.lines[3]).toMatch(/^3 histories: 2 valid, 1 invalid, 0 unknown, 0 bad input, 0 failed — [\d.]+ s$/);

    const parallel = await run([dir, '--model', 'register', '--jobs', '2']);
    expect(parallel.code).toBe(1);
    expect(parallel.lines.slice(0, 3).map((l) => l.replace(/, [\d.]+ ms/, ''))).toEqual(r.lines.slice(0, 3).map((l) => l.replace(/, [\d.]+ ms/, '')));
    expect(parallel.lines[3]).toMatch(/on 2 threads$/);
  }, 60_000);

  it('searches with the WebAssembly kernel in this thread and in worker threads, from the build and from the sources', async () => {
    const dir = historyDir({ 'a.jsonl': valid, 'b.jsonl': invalid });
    for (const env of [{}, { FAULTLINE_FROM_SOURCE: '1' }] as Record<string, string>[]) {
      for (const jobs of ['1', '2']) {
        const r = await run([dir, '--model', 'register', '--jobs', jobs, '--json'], env);
        const engines = r.lines.map((line) => JSON.parse(line) as { file?: string; checkers?: { linearizable?: { stats?: { engine?: string } } } });
        expect(engines.filter((e) => e.file !== undefined).map((e) => e.checkers?.linearizable?.stats?.engine)).toEqual(['webassembly', 'webassembly']);
      }
    }
  }, 120_000);

  it('says why a file is unknown, and unknown beats valid in the exit code', async () => {
    const dir = historyDir({ 'hard.jsonl': hard, 'valid.jsonl': valid });
    const r = await run([join(dir, 'hard.jsonl'), join(dir, 'valid.jsonl'), '--model', 'register', '--memory', '8']);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toMatch(/hard\.jsonl: unknown \(register, 21 calls, [\d.]+ ms\): the memory budget of 8 MB was reached after [\d,]+ states$/);
    expect(r.lines[1]).toMatch(/valid\.jsonl: valid/);
  }, 60_000);

  it('reports bad input as file:line and exits 254, checking the other files all the same', async () => {
    const dir = historyDir({ 'good.jsonl': invalid, 'torn.jsonl': torn });
    const r = await run([dir, '--model', 'register']);
    expect(r.code).toBe(254);
    expect(r.lines[0]).toMatch(/good\.jsonl: INVALID/);
    expect(r.lines[1]).toMatch(/torn\.jsonl:2: not valid JSON/);
    expect(r.lines[2]).toMatch(/2 histories: 0 valid, 1 invalid, 0 unknown, 1 bad input/);
  }, 60_000);

  it('takes the model a Porcupine format implies, so a mixed directory needs no --model', async () => {
    const r = await run([join(repoRoot, 'tests', 'fixtures', 'porcupine', 'kv')]);
    expect(r.lines.slice(0, 6).map((l) => l.replace(/^.*\/kv\//, '').replace(/ \(.*$/, ''))).toEqual([
      'c01-bad.txt: INVALID',
      'c01-ok.txt: valid',
      'c10-bad.txt: INVALID',
      'c10-ok.txt: valid',
      'c50-bad.txt: INVALID',
      'c50-ok.txt: valid',
    ]);
    expect(r.code).toBe(1);
  }, 60_000);
});
