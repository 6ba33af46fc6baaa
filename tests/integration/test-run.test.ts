// Integration: `faultline test` end to end against a real cluster — a clean run under the kill nemesis is valid and
// leaves nothing behind; a SIGINT mid-run heals, tears down and still leaves a checkable history.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/history/op.ts';
import type { RunResults } from '../../core/result.ts';
import { faultline, leftovers, runDirOf, startFaultline } from './cli.ts';
import { repoRoot } from '../../core/paths.ts';

const CLUSTER = process.env.FAULTLINE_CLUSTER ?? 'faultline';
const readHistory = (dir: string): Op[] =>
  readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Op);

describe('faultline test', () => {
  it('lost-writes under kill for 60 s: valid, thousands of acknowledged sends, several kills and restarts, no leftovers', async () => {
    const r = await faultline([
      'test',
      '--workload',
      'lost-writes',
      '--nemesis',
      'kill',
      '--time-limit',
      '60',
      '--nemesis-interval',
      '8',
      '--seed',
      '42',
      '--name',
      'it-lost-writes',
    ]);
    const dir = runDirOf(r, [0]);
    expect(realpathSync(join(repoRoot, 'store', 'latest'))).toBe(realpathSync(dir));
    for (const f of ['spec.json', 'history.jsonl', 'results.json', 'report.html', 'junit.xml']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(existsSync(join(dir, 'nodes', 'n1', 'server.log'))).toBe(true);

    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    expect(results.valid).toBe(true);
    const stats = results.checkers['lost-writes']!.stats as { acknowledged: number; lost: number; stable: number };
    expect(stats.acknowledged).toBeGreaterThan(2000);
    expect(stats.lost).toBe(0);
    expect(stats.stable).toBe(stats.acknowledged);

    const ops = readHistory(dir);
    const nemesis = ops.filter((o) => o.process === 'nemesis' && o.type !== 'invoke').map((o) => (o.value as { action: string }).action);
    expect(nemesis.filter((a) => a === 'kill').length).toBeGreaterThanOrEqual(3);
    expect(nemesis.filter((a) => a === 'restart').length).toBeGreaterThanOrEqual(3);
    expect(nemesis).toContain('restart-all');
    // Every acknowledged send names the broker that acknowledged it; before the first fault each partition has one
    // leader, so one acknowledging node per partition.
    const acks = ops.filter((o) => o.f === 'send' && o.type === 'ok');
    expect(acks.every((o) => ['n1', 'n2', 'n3'].includes(o.node ?? ''))).toBe(true);
    const firstFault = ops.find((o) => o.process === 'nemesis')!.time;
    const ackersBefore = new Map<number, Set<string>>();
    for (const o of acks.filter((a) => a.time < firstFault)) {
      const p = (o.value as { partition: number }).partition;
      ackersBefore.set(p, (ackersBefore.get(p) ?? new Set()).add(o.node!));
    }
    expect(ackersBefore.size).toBeGreaterThan(0);
    for (const [p, nodes] of ackersBefore) expect([...nodes], `partition ${p}`).toHaveLength(1);
    // Every invocation has exactly one completion, in order, per process.
    const open = new Map<unknown, Op>();
    for (const o of ops) {
      if (o.type === 'invoke') {
        expect(open.has(o.process), `process ${o.process} invoked twice`).toBe(false);
        open.set(o.process, o);
      } else {
        expect(open.get(o.process)?.f).toBe(o.f);
        open.delete(o.process);
      }
    }
    expect(open.size).toBe(0);

    const check = await faultline(['check', dir, '--json']);
    expect(check.exitCode, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).valid).toBe(true);
    expect(await leftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
  });

  it('SIGINT during the main phase heals, collects logs, tears down and leaves a checkable history', async () => {
    const child = startFaultline(['test', '--nemesis', 'kill', '--time-limit', '120', '--nemesis-interval', '4', '--name', 'it-sigint']);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`main phase never started: ${stderr.slice(-2000)}`)), 240_000);
      child.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString();
        // Interrupt once a fault is active, so that healing has something to do.
        if (/nemesis kill kill n\d/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, stderr.slice(-3000)).toBe(130);
    const dir = String(r.stdout).trim().split('\n').pop()!;
    const ops = readHistory(dir);
    const healed = ops.filter((o) => o.process === 'nemesis' && o.type !== 'invoke' && (o.value as { action: string }).action === 'restart-all');
    expect(healed).toHaveLength(1);
    expect((healed[0]!.value as { targets: string[] }).targets.length).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(dir, 'nodes', 'n1', 'server.log'))).toBe(true);
    expect(await leftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
    const check = await faultline(['check', dir, '--json']);
    // No final read happened, so the lost-writes checker cannot decide: unknown (exit 2), but the history is readable.
    expect(check.exitCode, check.stderr).toBe(2);
    expect(JSON.parse(check.stdout).valid).toBe('unknown');
  });
});
