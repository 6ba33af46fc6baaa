// The nfq-delay helper processes: host processes in a node's network namespace, one per node, tracked by pid files
// under the cache dir (per cluster) so a fresh process — or the next run — can stop what a killed run left behind.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, repoRoot } from '../../../core/paths.ts';
import type { Progress } from '../../../core/progress.ts';
import { buildNative, type NativeProgram } from '../../native/build.ts';

export const NFQ_DELAY_PROGRAM: NativeProgram = {
  name: 'nfq-delay',
  source: join(repoRoot, 'nemeses', 'packet', 'delay', 'nfq-delay.c'),
  pkgConfig: ['libnetfilter_queue'],
  aptPackages: ['libnetfilter-queue-dev'],
  link: ['{libs}'],
};

export const buildDelayHelper = (progress: Progress): Promise<string> => buildNative(NFQ_DELAY_PROGRAM, progress);

const runDir = (cluster: string): string => join(cacheDir(), 'run', cluster);
const pidFile = (cluster: string, node: string): string => join(runDir(cluster), `nfq-delay-${node}.pid`);
const tagOf = (cluster: string, node: string): string => `${cluster}/${node}`;

/** Is `pid` an nfq-delay process tagged for this cluster (and node, when given)? Guards against reused PIDs. */
function isOurHelper(pid: number, cluster: string, node?: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const tag = argv[argv.indexOf('--tag') + 1] ?? '';
    return argv.some((a) => a.includes('nfq-delay')) && (node ? tag === tagOf(cluster, node) : tag.startsWith(`${cluster}/`));
  } catch {
    return false;
  }
}

/** Starts the helper in the node's namespace (nsenter execs it, so the child PID is the helper's). */
export async function startDelayHelper(
  binary: string,
  cluster: string,
  node: { name: string },
  initPid: number,
  s: { queue: number; ms: number; jitterMs: number },
): Promise<number> {
  stopDelayHelper(cluster, node.name);
  mkdirSync(runDir(cluster), { recursive: true });
  const log = openSync(join(runDir(cluster), `nfq-delay-${node.name}.log`), 'a');
  const args = [
    '-t',
    String(initPid),
    '-n',
    '--',
    binary,
    '--queue',
    String(s.queue),
    '--delay-ms',
    String(s.ms),
    '--jitter-ms',
    String(s.jitterMs),
    '--watch-pid',
    String(initPid),
    '--tag',
    tagOf(cluster, node.name),
  ];
  const child = spawn('nsenter', args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start nfq-delay for ${node.name}`);
  writeFileSync(pidFile(cluster, node.name), `${pid}\n`);
  // It binds its queue within milliseconds; a quick exit means it could not (e.g. the queue is taken).
  await new Promise((r) => setTimeout(r, 300));
  if (child.exitCode !== null)
    throw new Error(`nfq-delay for ${node.name} exited at once (code ${child.exitCode}); see ${join(runDir(cluster), `nfq-delay-${node.name}.log`)}`);
  return pid;
}

function kill(pid: number): boolean {
  try {
    process.kill(pid, 'SIGTERM');
    return true;
  } catch {
    return false;
  }
}

/** Stops the node's helper, if one runs; true when one was stopped. */
export function stopDelayHelper(cluster: string, node: string): boolean {
  const file = pidFile(cluster, node);
  let stopped = false;
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid > 0 && isOurHelper(pid, cluster, node)) stopped = kill(pid);
  } catch {
    // no pid file
  }
  rmSync(file, { force: true });
  return stopped;
}

/** PIDs of every helper of this cluster still running, pid file or not (a killed run may have lost track). */
export function runningDelayHelpers(cluster: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (Number.isInteger(pid) && pid > 0 && isOurHelper(pid, cluster)) pids.push(pid);
  }
  return pids;
}

/** Stops every helper of this cluster and forgets their pid files; returns how many were running. */
export function stopAllDelayHelpers(cluster: string): number {
  const pids = runningDelayHelpers(cluster);
  for (const pid of pids) kill(pid);
  rmSync(runDir(cluster), { recursive: true, force: true });
  return pids.length;
}
