// faultfs on the nodes: build the binary on the host, copy it in, check a FUSE mount works in the container, switch
// brokers over to it (restart), and talk to the daemon through its control files.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ClusterNode } from '../../core/cluster.ts';
import { nodeShell, readNodeFile } from '../../core/runtime.ts';
import { repoRoot } from '../../core/paths.ts';
import { EnvironmentError } from '../../core/errors.ts';
import type { FaultEnv } from '../family.ts';
import { buildNative, type NativeProgram } from '../native/build.ts';
import { ensureBrokerFeature } from '../node/features.ts';
import { probeNode } from '../node/state.ts';
import {
  COMMAND_FILE,
  FAULTFS_BINARY,
  RULES_FILE,
  STATUS_FILE,
  parseStatus,
  renderCommand,
  renderRules,
  type DiskRule,
  type FaultfsStatus,
} from './control.ts';

export const FAULTFS_PROGRAM: NativeProgram = {
  name: 'faultfs',
  source: join(repoRoot, 'nemeses', 'disk', 'fuse', 'faultfs.c'),
  pkgConfig: ['fuse3'],
  aptPackages: ['libfuse3-dev'],
  // libfuse linked in statically: the binary then needs only the node's libc.
  link: ['-Wl,-Bstatic', '-lfuse3', '-Wl,-Bdynamic', '-lpthread', '-ldl'],
};

async function installBinary(node: ClusterNode, binary: Buffer): Promise<void> {
  await node.handle.writeFile(FAULTFS_BINARY, binary, 0o755);
}

/** Mounts faultfs on a scratch dir in one node and unmounts it: proves /dev/fuse, CAP_SYS_ADMIN and the seccomp/AppArmor profile allow it. */
async function probeMount(env: FaultEnv, binary: Buffer): Promise<void> {
  const node = await probeNode(env, 'disk');
  await installBinary(node, binary);
  const d = '/tmp/faultfs-probe';
  const r = await nodeShell(
    node.handle,
    `set -e; ${FAULTFS_BINARY} --version >/dev/null; mkdir -p ${d}/mnt ${d}/ctl; ${FAULTFS_BINARY} ${d}/mnt ${d}/ctl; grep -q ' ${d}/mnt fuse.faultfs ' /proc/mounts; umount ${d}/mnt; rm -rf ${d}`,
  );
  if (r.exitCode !== 0) {
    const apparmor = (await env.cluster.runtime.securityFeatures()).some((o) => o.includes('apparmor'));
    throw new EnvironmentError(
      `disk: a FUSE mount does not work in ${node.name} (${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ')}); nodes need /dev/fuse and CAP_SYS_ADMIN${apparmor ? ", and the engine's AppArmor profile may block mount (security-opt apparmor:unconfined)" : ''}`,
    );
  }
}

/** Builds faultfs, checks FUSE works in the nodes, and restarts brokers that do not yet run on it. */
export async function ensureFaultfs(env: FaultEnv): Promise<void> {
  const path = await buildNative(FAULTFS_PROGRAM, env.progress);
  const binary = readFileSync(path);
  await probeMount(env, binary);
  await ensureBrokerFeature(env, 'faultfs', (node) => installBinary(node, binary), basename(path));
}

export async function setRules(node: ClusterNode, rules: DiskRule[]): Promise<void> {
  await node.handle.writeFile(RULES_FILE, renderRules(rules));
}

export async function currentRules(node: ClusterNode): Promise<string> {
  return (await readNodeFile(node.handle, RULES_FILE))?.toString('utf8').trim() ?? '';
}

export async function readStatus(node: ClusterNode): Promise<FaultfsStatus | undefined> {
  const text = await readNodeFile(node.handle, STATUS_FILE);
  return text ? parseStatus(text.toString('utf8')) : undefined;
}

/** Asks the daemon to roll every file back to its last fsync and waits for its acknowledgement. */
export async function rollbackUnsynced(node: ClusterNode, timeoutMs = 20_000): Promise<FaultfsStatus> {
  const id = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await node.handle.writeFile(COMMAND_FILE, renderCommand(id, 'rollback'));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await readStatus(node);
    if (status?.ack === id) return status;
    if (Date.now() > deadline) throw new Error(`faultfs on ${node.name} did not acknowledge the rollback within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
