// Capability probes for network faults: run the exact kinds of rules a family will use in a node's namespace once,
// and fail the test with one clear line when this host, kernel or engine cannot do them.
import { isRoot, which } from '../../core/host.ts';
import { EnvironmentError } from '../../core/errors.ts';
import type { FaultEnv } from '../family.ts';
import { probeNode } from '../node/state.ts';
import { installChainScript, removeChainScript } from './iptables.ts';

const PROBE_CHAIN = 'FAULTLINE-PROBE';

/** Root and nsenter: needed to run host iptables/tc in a node's namespace (which also works while it is paused). */
export async function requireNetnsAccess(family: string): Promise<void> {
  if (!isRoot()) throw new EnvironmentError(`${family} faults need root on the host (they enter node network namespaces with nsenter)`);
  if (!(await which('nsenter'))) throw new EnvironmentError(`${family} faults need nsenter (Debian package util-linux)`);
  if (!(await which('iptables'))) throw new EnvironmentError(`${family} faults need iptables on the host (Debian package iptables)`);
}

/** Installs `samples` in a scratch chain of one node and removes it; throws naming the first rule that fails. */
export async function requireIptablesRules(env: FaultEnv, family: string, what: string, samples: string[][]): Promise<void> {
  await requireNetnsAccess(family);
  const node = await probeNode(env, family);
  const r = await node.handle.inNetns(
    `${installChainScript({ chain: PROBE_CHAIN, hook: 'INPUT', rules: [] })}\n${samples.map((s) => `iptables -w -A ${PROBE_CHAIN} ${s.join(' ')}`).join('\n')}`,
  );
  await node.handle.inNetns(removeChainScript(PROBE_CHAIN, 'INPUT'));
  if (!r || r.exitCode !== 0) {
    const why = (r?.stderr || r?.stdout || 'node not running').trim().split('\n').slice(-2).join(' | ');
    throw new EnvironmentError(`${family}: ${what} is not supported in ${node.name}'s network namespace on this kernel: ${why}`);
  }
}

/** Does `tc qdisc add ... <kind>` work in a node (tried on its loopback, removed again)? */
export async function qdiscSupported(env: FaultEnv, family: string, kind: string, args: string): Promise<boolean> {
  const node = await probeNode(env, family);
  const r = await node.handle.inNetns(`tc qdisc add dev lo root handle 1: ${kind} ${args} && tc qdisc del dev lo root`);
  return r?.exitCode === 0;
}
