// Running commands on a node: in the container (docker exec), or host binaries in the node's network namespace.
import type Docker from 'dockerode';
import { execa } from 'execa';
import type { NodeSpec } from '../../systems/kafka/topology.ts';
import { execIn, hostPid, type ExecResult } from '../../runtime/docker/containers.ts';

/**
 * pgrep/pkill pattern for the broker JVM. The brackets keep it from matching the `sh -c` running the command itself
 * (whose command line contains the pattern too), which would otherwise stop the shell along with the broker.
 */
export const BROKER_PROCESS = "'[k]afka[.]Kafka'";

/** Sends a signal to the node's broker JVM, e.g. STOP or CONT. */
export async function signalBroker(docker: Docker, node: NodeSpec, signal: 'STOP' | 'CONT'): Promise<void> {
  await nodeShellOk(docker, node, `pkill -${signal} -f ${BROKER_PROCESS}`);
}

/** Runs a shell script inside the node's container (refused while the node is paused or stopped). */
export async function nodeShell(docker: Docker, node: NodeSpec, script: string, timeoutMs = 30_000): Promise<ExecResult> {
  return execIn(docker, node.container, ['sh', '-c', script], { timeoutMs });
}

/** Like nodeShell, but throws with the script's output when it exits non-zero. */
export async function nodeShellOk(docker: Docker, node: NodeSpec, script: string, timeoutMs = 30_000): Promise<string> {
  const r = await nodeShell(docker, node, script, timeoutMs);
  if (r.exitCode !== 0) throw new Error(`${node.name}: \`${script.slice(0, 80)}\` exited ${r.exitCode}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
  return r.stdout;
}

/** Host PID of the node's init process, or undefined when the container is not running. */
export async function nodeInitPid(docker: Docker, node: NodeSpec): Promise<number | undefined> {
  try {
    const pid = await hostPid(docker, node.container);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs a host shell script (host iptables, tc, ...) inside the node's network namespace via nsenter. Works while
 * the node is paused; needs root on the host. Returns undefined when the node is not running (no namespace).
 */
export async function netnsShell(docker: Docker, node: NodeSpec, script: string): Promise<ExecResult | undefined> {
  const pid = await nodeInitPid(docker, node);
  if (pid === undefined) return undefined;
  const r = await execa('nsenter', ['-t', String(pid), '-n', '--', 'sh', '-c', script], { reject: false, timeout: 30_000 });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** netnsShell that throws with the script's output on failure (and when the node has no namespace). */
export async function netnsShellOk(docker: Docker, node: NodeSpec, script: string): Promise<string> {
  const r = await netnsShell(docker, node, script);
  if (!r) throw new Error(`${node.name} is not running: no network namespace to change`);
  if (r.exitCode !== 0) throw new Error(`${node.name}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  return r.stdout;
}
