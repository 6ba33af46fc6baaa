// An error nothing catches (e.g. a client library throwing inside a socket callback) must not end faultline on the
// spot with Node's exit 1 — the code for "anomalies found" — leaving faults unhealed: cleanups run, exit is 255.
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../core/paths.ts';

const FIXTURE = join(repoRoot, 'tests', 'fixtures', 'crash', 'uncaught.ts');
const run = (...args: string[]) => execa('node', ['--import', 'tsx', FIXTURE, ...args], { reject: false, cwd: repoRoot });

describe('uncaught errors', () => {
  it('with nothing running: the cleanup stack runs and the exit code is 255', async () => {
    const r = await run();
    expect(r.exitCode).toBe(255);
    expect(r.stdout).toContain('cleanup ran');
    expect(r.stderr).toContain("faultline: internal error (uncaught): Cannot read properties of undefined (reading 'host')");
  });

  it('during a run: the run is told to stop (as for a signal) and decides the exit itself', async () => {
    const r = await run('listen');
    expect(r.stdout).toContain('run told to stop: crash');
    expect(r.stdout).toContain('cleanup ran');
    expect(r.exitCode).toBe(255);
  });

  it('thrown inside the Kafka client library: counted and reported, the run goes on (its op times out as info)', async () => {
    const r = await run('in-client-library');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('still running; library errors: 1');
    expect(r.stdout).not.toContain('cleanup ran');
    expect(r.stderr).toContain('the Kafka client library threw in a callback');
  });

  const interrupted = (mode: string) =>
    execa('node', ['--import', 'tsx', join(repoRoot, 'tests', 'fixtures', 'crash', 'signal-then-error.ts'), mode], { reject: false, cwd: repoRoot });

  it("an error caused by a signal's teardown (the wait sees the node the cleanup removed) ends as interrupted: 130, not 255", async () => {
    const r = await interrupted('run');
    expect(r.exitCode, r.stderr).toBe(130);
    expect(r.stdout).toContain('cleanup ran');
    expect(r.stderr).toContain('SIGINT received');
    expect(r.stderr).not.toContain('node n3 exited');
  });

  it('with nothing listening, the process waits for the cleanup the signal started before it exits', async () => {
    const r = await interrupted('idle');
    expect(r.exitCode, r.stderr).toBe(130);
    expect(r.stdout).toContain('cleanup ran');
  });
});
