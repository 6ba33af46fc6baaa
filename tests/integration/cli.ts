// Helpers for integration tests: run the real CLI as a child process, inspect what faultline left in Docker.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { execa, type ResultPromise } from 'execa';
import { repoRoot } from '../../core/paths.ts';

export const CLI = join(repoRoot, 'harness', 'cli', 'faultline.mjs');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `faultline <args>`; progress goes to the test's stderr live when FAULTLINE_TEST_VERBOSE is set. */
export async function faultline(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = startFaultline(args, env);
  const r = await child;
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function startFaultline(args: string[], env: Record<string, string> = {}): ResultPromise<{ reject: false; all: false }> {
  const child = execa('node', [CLI, ...args], { reject: false, env: { ...process.env, ...env }, cwd: repoRoot, all: false });
  if (process.env.FAULTLINE_TEST_VERBOSE) child.stderr?.pipe(process.stderr);
  return child as ResultPromise<{ reject: false; all: false }>;
}

/** Containers and networks labelled as faultline's for a cluster name, asked of Docker's own CLI (not faultline's code). */
export async function leftovers(cluster: string): Promise<{ containers: string[]; networks: string[] }> {
  const filters = ['--filter', 'label=faultline.managed=true', '--filter', `label=faultline.cluster=${cluster}`];
  const lines = (out: string): string[] => out.split('\n').filter(Boolean);
  const containers = await execa('docker', ['ps', '-a', ...filters, '--format', '{{.Names}}']);
  const networks = await execa('docker', ['network', 'ls', ...filters, '--format', '{{.Name}}']);
  return { containers: lines(containers.stdout), networks: lines(networks.stdout) };
}

/**
 * The run directory `faultline test` printed as its last stdout line, asserted to exist (with the run's stderr as the
 * message otherwise), and asserted to have ended with one of the allowed exit codes: a crash of the harness (exit 1
 * from an uncaught error would look like "invalid") prints no directory and fails here.
 */
export function runDirOf(r: CliResult, allowedExitCodes: number[]): string {
  expect(allowedExitCodes, r.stderr.slice(-3000)).toContain(r.exitCode);
  const dir = r.stdout.trim().split('\n').pop() ?? '';
  expect(dir !== '' && existsSync(join(dir, 'results.json')), `no run directory on stdout; stderr: ${r.stderr.slice(-3000)}`).toBe(true);
  return dir;
}
