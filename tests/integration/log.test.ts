// Integration: the `log` workload under the kill nemesis against a real cluster gets a linearizability verdict with
// its explanation in results.json (and so in the report).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../core/result.ts';
import { faultline, runDirOf } from './cli.ts';

describe('faultline test --workload log', () => {
  it('decides whether the partition behaved as a linearizable log under kills, and says why', async () => {
    const r = await faultline([
      'test',
      '--workload',
      'log',
      '--nemesis',
      'kill',
      '--time-limit',
      '40',
      '--rate',
      '40',
      '--nemesis-interval',
      '8',
      '--seed',
      '11',
      '--name',
      'it-log',
    ]);
    const dir = runDirOf(r, [0, 1]);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    const lin = results.checkers.linearizable!;
    expect(typeof lin.valid).toBe('boolean');
    expect(lin.stats.calls as number).toBeGreaterThan(300);
    expect(String(lin.stats.summary)).toMatch(/appends acknowledged/);
    if (lin.valid === false) expect(lin.counterexample?.stuck.length).toBeGreaterThan(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('linearizable');
  });
});
