// Broker start-up features a fault family needs (libfaketime, the faultfs data dir): switched on per node by a marker
// file the node's start script reads, then a clean restart. A cluster started with the feature already on is left alone.
import type { BrokerFeature, ClusterNode } from '../../core/cluster.ts';
import { EnvironmentError, errorMessage } from '../../core/errors.ts';
import { nodeShell } from '../../core/runtime.ts';
import type { FaultEnv } from '../family.ts';
import { nodeState } from './state.ts';

/** With `version`, the marker must also name that build (e.g. the faultfs binary): a broker started with another is restarted. */
export async function brokerHasFeature(env: FaultEnv, node: ClusterNode, feature: BrokerFeature, version?: string): Promise<boolean> {
  const f = env.cluster.system.features[feature];
  const versionCheck = version ? ` && [ "$(cat ${f.marker} 2>/dev/null)" = '${version}' ]` : '';
  const r = await nodeShell(node.handle, `${f.probe}${versionCheck}`, 15_000);
  return r.exitCode === 0;
}

/**
 * Makes every node's broker run with `feature`: nodes lacking it get `prepare` (e.g. copying a binary in), the
 * marker, and one clean restart (all at once), then the cluster is awaited. Returns the nodes that were restarted.
 */
export async function ensureBrokerFeature(
  env: FaultEnv,
  feature: BrokerFeature,
  prepare?: (node: ClusterNode) => Promise<void>,
  version?: string,
): Promise<ClusterNode[]> {
  if (version !== undefined && !/^[A-Za-z0-9._-]+$/.test(version)) throw new Error(`feature version ${version}: letters, digits, . _ - only`);
  const lacking: ClusterNode[] = [];
  for (const node of env.cluster.nodes) {
    const state = await nodeState(node);
    if (state === 'paused') await node.handle.resume();
    if (state === 'stopped') await node.handle.start();
    if (state === 'missing') throw new EnvironmentError(`node ${node.name} does not exist; start the cluster first`);
    if (state === 'running' && (await brokerHasFeature(env, node, feature, version))) continue;
    lacking.push(node);
  }
  if (lacking.length === 0) return [];
  // Never a surprise: a restart moves leadership, so say so before doing it.
  env.progress.warn(
    `${feature} is not on in ${lacking.map((n) => n.name).join(', ')}: restarting ${lacking.length === 1 ? 'that broker' : 'those brokers'} with it now (partition leadership will move)${feature === 'faketime' ? '; a cluster started by `faultline test --nemesis clock` has it from the start' : ''}`,
  );
  await env.progress.step(`restarting ${lacking.map((n) => n.name).join(', ')} with ${feature} (a ${feature} fault needs it)`, async () => {
    await Promise.all(
      lacking.map(async (node) => {
        await prepare?.(node);
        await node.handle.writeFile(env.cluster.system.features[feature].marker, `${version ?? 'on'}\n`);
        await node.handle.restart(30);
      }),
    );
  });
  await env.cluster.system.waitReady(env.progress, 180_000);
  for (const node of lacking) {
    const has = await brokerHasFeature(env, node, feature, version).catch((e: unknown) => {
      throw new EnvironmentError(`${node.name}: cannot tell whether ${feature} is on: ${errorMessage(e)}`);
    });
    if (!has) {
      throw new EnvironmentError(`${node.name}: the broker still runs without ${feature} after a restart (see the node's log)`);
    }
  }
  return lacking;
}
