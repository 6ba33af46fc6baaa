// Helpers for integration tests: run the real CLI as a child process, inspect what faultline left in Docker.
import { join } from 'node:path';
import Docker from 'dockerode';
import { execa, type ResultPromise } from 'execa';
import { repoRoot } from '../../harness/util/paths.ts';

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

/** Containers and networks labelled as faultline's for a cluster name. */
export async function leftovers(cluster: string): Promise<{ containers: string[]; networks: string[] }> {
  const docker = new Docker();
  const filters = JSON.stringify({ label: ['faultline.managed=true', `faultline.cluster=${cluster}`] });
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  return { containers: containers.map((c) => c.Names[0] ?? c.Id), networks: networks.map((n) => n.Name) };
}
