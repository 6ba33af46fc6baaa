// Facts about the host machine and installing Debian packages on it when faultline may (Debian + root).
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Progress } from './progress.ts';
import { EnvironmentError } from './errors.ts';

export const isDebian = (): boolean => existsSync('/etc/debian_version');
export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;
export const canInstallPackages = (): boolean => isDebian() && isRoot();

/** Full path of an executable on PATH, or undefined. */
export async function which(command: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

let aptUpdated = false;

/** apt-get install the packages (after one apt-get update per process); throws EnvironmentError when not allowed. */
export async function aptInstall(packages: string[], why: string, progress: Progress): Promise<void> {
  if (!canInstallPackages()) {
    throw new EnvironmentError(`${why}: install the Debian packages ${packages.join(' ')} (faultline installs them itself only on Debian as root)`);
  }
  const { execa } = await import('execa');
  await progress.step(`installing ${packages.join(' ')} (${why})`, async () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!aptUpdated) {
      await execa('apt-get', ['update', '-qq'], { env });
      aptUpdated = true;
    }
    const r = await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      env,
      reject: false,
      all: true,
    });
    if (r.exitCode !== 0) {
      const tail = (r.all ?? '').split('\n').slice(-5).join(' | ');
      throw new EnvironmentError(`apt-get install ${packages.join(' ')} failed (exit ${r.exitCode}): ${tail}`);
    }
  });
}

/** Makes sure `command` exists, installing `pkg` when possible. */
export async function ensureCommand(command: string, pkg: string, why: string, progress: Progress): Promise<string> {
  const found = await which(command);
  if (found) return found;
  await aptInstall([pkg], why, progress);
  const after = await which(command);
  if (!after) throw new EnvironmentError(`${command} is still missing after installing ${pkg}`);
  return after;
}
