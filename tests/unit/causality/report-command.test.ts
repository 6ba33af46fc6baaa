// `faultline report <run-dir>` on a recorded run (history + node logs of an acks=1 leader-crash-window run on 4.4.0):
// the run is checked again without a cluster and its report, results.json and junit.xml are written anew in the run
// directory, keeping what the stored results.json said about the run itself (here: the client that ran it).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../core/paths.ts';
import type { RunResults } from '../../../core/result.ts';
import { unpackRun } from './recorded-runs.ts';

const CLI = join(repoRoot, 'harness', 'cli', 'faultline.mjs');

describe('faultline report', () => {
  it('re-checks a stored run and writes its outputs again in place, keeping the recorded client', async () => {
    const dir = unpackRun('fx-acks1-lcw-440');
    const client = { name: 'platformatic', library: '@platformatic/kafka', version: '1.35.0' };
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ valid: true, checkers: {}, client }));
    const r = await execa('node', [CLI, 'report', dir], { reject: false });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(join(dir, 'report.html'));
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    expect(results.valid).toBe(false);
    expect(results.client).toEqual(client);
    expect(results.checkers['lost-writes']!.checked).toMatchObject({ lost: 253 });
    const report = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(report).toContain('n3 was killed 2.16 s after the ack');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<failure');
  });

  it('--out writes elsewhere and leaves the run directory as it was; a directory that is not a run is one line, 254', async () => {
    const dir = unpackRun('fx-acks1-lcw-391');
    const out = mkdtempSync(join(tmpdir(), 'faultline-report-out-'));
    const r = await execa('node', [CLI, 'report', dir, '--out', out], { reject: false });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    const bad = await execa('node', [CLI, 'report', out], { reject: false });
    expect(bad.exitCode).toBe(254);
    expect(bad.stderr).toBe(`faultline: ${out}: not a run directory (it needs history.jsonl and spec.json, as faultline test writes them)`);
  });
});
