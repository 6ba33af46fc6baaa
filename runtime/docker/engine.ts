// Finds a Docker engine, or (Debian + root, no engine answering) installs docker.io and starts dockerd itself.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import Docker from 'dockerode';
import { EnvironmentError, errorMessage } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { canInstallPackages, ensureCommand } from '../../core/host.ts';

export const DOCKERD_LOG = '/var/log/faultline-dockerd.log';
const DEFAULT_SOCKET = '/var/run/docker.sock';

export interface EngineInfo {
  docker: Docker;
  endpoint: string;
  serverVersion: string;
  storageDriver: string;
  cgroupVersion: string;
  kernelVersion: string;
  /** true when this call installed or started the engine. */
  started: boolean;
}

async function ping(docker: Docker, timeoutMs: number): Promise<string | undefined> {
  const timer = new Promise<string>((resolve) => setTimeout(() => resolve('no answer within ' + timeoutMs + ' ms'), timeoutMs));
  const answer = docker
    .ping()
    .then(() => undefined)
    .catch((e: unknown) => errorMessage(e));
  return Promise.race([answer, timer]);
}

async function describe(docker: Docker, endpoint: string, started: boolean): Promise<EngineInfo> {
  const info = (await docker.info()) as Record<string, unknown>;
  return {
    docker,
    endpoint,
    started,
    serverVersion: String(info.ServerVersion ?? '?'),
    storageDriver: String(info.Driver ?? '?'),
    cgroupVersion: String(info.CgroupVersion ?? '?'),
    kernelVersion: String(info.KernelVersion ?? '?'),
  };
}

/** Returns a working engine, starting one if needed and allowed; otherwise throws one line saying what to do. */
export async function ensureEngine(progress: Progress): Promise<EngineInfo> {
  const endpoint = process.env.DOCKER_HOST ?? `unix://${DEFAULT_SOCKET}`;
  const docker = new Docker();
  const problem = await ping(docker, 5000);
  if (!problem) return describe(docker, endpoint, false);

  if (process.env.DOCKER_HOST) {
    throw new EnvironmentError(
      `no Docker engine answers at DOCKER_HOST=${process.env.DOCKER_HOST} (${problem}); start it, or unset DOCKER_HOST to use the local socket`,
    );
  }
  if (!canInstallPackages()) {
    throw new EnvironmentError(
      `no Docker engine answers at ${DEFAULT_SOCKET} (${problem}); install and start Docker (Debian: apt-get install docker.io && dockerd &) or set DOCKER_HOST`,
    );
  }
  progress.info(`no Docker engine answers at ${DEFAULT_SOCKET} (${problem}); faultline will start one`);
  const dockerd = await ensureCommand('dockerd', 'docker.io', 'a Docker engine is needed', progress);
  await progress.step(`starting ${dockerd} (log: ${DOCKERD_LOG})`, async () => {
    const log = openSync(DOCKERD_LOG, 'a');
    const child = spawn(dockerd, [], { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    const deadline = Date.now() + 60_000;
    let last = problem;
    while (Date.now() < deadline) {
      const p = await ping(new Docker(), 2000);
      if (!p) return;
      last = p;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new EnvironmentError(`dockerd did not answer within 60 s (${last}); see ${DOCKERD_LOG}`);
  });
  return describe(new Docker(), endpoint, true);
}
