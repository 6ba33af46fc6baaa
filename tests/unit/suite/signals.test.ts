// SIGINT and SIGTERM stop a suite like `faultline test`: the running test is told to stop (it heals and tears
// down), no further test starts, and suite.json, index.html and junit.xml are written with the rest marked not run;
// exit 130 / 143. Run in a child process, since a signal is process-wide.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { repoRoot } from '../../../core/paths.ts';
import type { SuiteRecord } from '../../../core/suite-record.ts';
import { freshStore, suiteFile } from './fake-run.ts';

const SCRIPT = join(repoRoot, 'tests', 'fixtures', 'suite', 'signal-suite.ts');
const SUITE = suiteFile(
  'name: sig\ntests:\n  - { name: passes, workload: lost-writes, seeds: [1] }\n  - { name: waits, workload: lost-writes, seeds: [2] }\n  - { name: never, workload: lost-writes, seeds: [3] }\n',
);

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during a suite', (signal, code) => {
  it(`stops the running test cleanly, starts no other, writes the outputs and exits ${code}`, async () => {
    const store = freshStore();
    const child = execa('node', ['--import', 'tsx', SCRIPT, SUITE], { reject: false, cwd: repoRoot, env: { ...process.env, FAULTLINE_STORE: store } });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the second test never started: ${stderr}`)), 30_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('RUNNING waits')) {
          clearTimeout(timer);
          child.kill(signal);
          resolve();
        }
      });
    });
    const r = await child;
    expect(r.exitCode, String(r.stderr)).toBe(code);
    expect(String(r.stderr)).toContain(`healed and torn down after ${signal}`);
    const dir = String(r.stdout).trim();
    const record = JSON.parse(readFileSync(join(dir, 'suite.json'), 'utf8')) as SuiteRecord;
    expect(record.interrupted).toBe(signal);
    expect(record.exitCode).toBe(code);
    expect(record.tests.map((t) => t.cells[0]!.status)).toEqual(['pass', 'interrupted', 'not-run']);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain(`INTERRUPTED (exit ${code})`);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<skipped message="not run (the suite stopped before it)"/>');
    expect(String(r.stderr)).not.toContain('never seed 3: starting');
  });
});
