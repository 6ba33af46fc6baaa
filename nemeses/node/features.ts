// Broker start-up features a fault family needs (libfaketime, the faultfs data dir): switched on per node by a marker
// file that start.sh reads, then a clean restart. A cluster started with the feature already on is left alone.
import type Docker from 'dockerode';
import type { NodeSpec } from '../../systems/kafka/topology.ts';
import { waitReady } from '../../systems/kafka/cluster.ts';
import { EnvironmentError, errorMessage } from '../../core/errors.ts';
import type { FaultEnv } from '../family.ts';
import { BROKER_PROCESS, nodeShell } from './shell.ts';
import { nodeState } from './state.ts';
import { writeNodeFile } from './files.ts';

export type BrokerFeature = 'faketime' | 'faultfs';

/** Marker files start.sh looks for (next to the env switches FAULTLINE_FAKETIME / FAULTLINE_FAULTFS). */
export const FEATURE_MARKERS: Record<BrokerFeature, string> = {
  faketime: '/var/lib/faultline/faketime.enabled',
  faultfs: '/var/lib/faultline/faultfs/enabled',
};

/** Shell tests run in the node: exit 0 when the running broker has the feature. */
const FEATURE_PROBES: Record<BrokerFeature, string> = {
  faketime: `p=$(pgrep -f ${BROKER_PROCESS} | head -n1) && tr '\\0' '\\n' < /proc/$p/environ | grep -q '^LD_PRELOAD=.*faketime'`,
  faultfs: `grep -q ' /var/lib/kafka/data fuse.faultfs ' /proc/mounts`,
};

/** With `version`, the marker must also name that build (e.g. the faultfs binary): a broker started with another is restarted. */
export async function brokerHasFeature(docker: Docker, node: NodeSpec, feature: BrokerFeature, version?: string): Promise<boolean> {
  const versionCheck = version ? ` && [ "$(cat ${FEATURE_MARKERS[feature]} 2>/dev/null)" = '${version}' ]` : '';
  const r = await nodeShell(docker, node, `${FEATURE_PROBES[feature]}${versionCheck}`, 15_000);
  return r.exitCode === 0;
}

/**
 * Makes every node's broker run with `feature`: nodes lacking it get `prepare` (e.g. copying a binary in), the
 * marker, and one clean restart (all at once), then the cluster is awaited. Returns the nodes that were restarted.
 */
export async function ensureBrokerFeature(env: FaultEnv, feature: BrokerFeature, prepare?: (node: NodeSpec) => Promise<void>, version?: string): Promise<NodeSpec[]> {
  if (version !== undefined && !/^[A-Za-z0-9._-]+$/.test(version)) throw new Error(`feature version ${version}: letters, digits, . _ - only`);
  const { docker } = env.cluster;
  const lacking: NodeSpec[] = [];
  for (const node of env.cluster.topology.nodes) {
    const state = await nodeState(docker, node);
    if (state === 'paused') await docker.getContainer(node.container).unpause();
    if (state === 'stopped') await docker.getContainer(node.container).start();
    if (state === 'missing') throw new EnvironmentError(`node ${node.name} (${node.container}) does not exist; start the cluster first`);
    if (state === 'running' && (await brokerHasFeature(docker, node, feature, version))) continue;
    lacking.push(node);
  }
  if (lacking.length === 0) return [];
  await env.progress.step(`restarting ${lacking.map((n) => n.name).join(', ')} with ${feature}`, async () => {
    await Promise.all(
      lacking.map(async (node) => {
        await prepare?.(node);
        await writeNodeFile(docker, node, FEATURE_MARKERS[feature], `${version ?? 'on'}\n`);
        await docker.getContainer(node.container).restart({ t: 30 });
      }),
    );
  });
  await waitReady(env.cluster, env.progress, 180_000);
  for (const node of lacking) {
    const has = await brokerHasFeature(docker, node, feature, version).catch((e: unknown) => {
      throw new EnvironmentError(`${node.name}: cannot tell whether ${feature} is on: ${errorMessage(e)}`);
    });
    if (!has) {
      throw new EnvironmentError(`${node.name}: the broker still runs without ${feature} after a restart (see the node's log)`);
    }
  }
  return lacking;
}
