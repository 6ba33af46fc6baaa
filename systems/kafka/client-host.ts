// The client host (--client-host container): a container on the cluster network, with an address of its own, whose
// network namespace the Java driver runs in — so a partition of the clients (`--partition-shape client`) cuts off a
// real client host, as it would a producer machine, not only the harness's own side of the bridge. The container
// only holds the namespace (it runs `sleep`); the JVM is a host process entered into it with nsenter, so its memory,
// logs and exit are observed as with --client-host host. It is labelled as a cluster of its own (<cluster>-client),
// so the Kafka nodes' listing and reuse never see it, and it is removed before the cluster's network.
import { registerCleanup } from '../../core/cleanup.ts';
import type { Progress } from '../../core/progress.ts';
import type { Cluster } from './cluster.ts';
import { subnetBase } from './topology.ts';

const NAME = 'client';
/** Host part of the client container's address, outside the range the topology gives nodes (.11…, .21…). */
const HOST_PART = 250;

/** The runtime "cluster" the client container belongs to. */
export const clientHostGroup = (cluster: Pick<Cluster, 'name'>): string => `${cluster.name}-${NAME}`;

/**
 * Creates and starts the client container on the cluster's network and attaches it to `cluster.clientHost`;
 * returns a function that removes it (also registered as a cleanup, so an abort removes it before the cluster).
 */
export async function startClientHost(cluster: Cluster, progress: Progress): Promise<() => Promise<void>> {
  const group = clientHostGroup(cluster);
  const ip = `${subnetBase(cluster.subnet)}.${HOST_PART}`;
  const remove = async (): Promise<void> => {
    cluster.clientHost = undefined;
    await cluster.runtime.remove(group);
  };
  await progress.step(`starting client host ${NAME} (${ip}) on ${cluster.topology.network}`, async () => {
    await cluster.runtime.remove(group);
    const handle = await cluster.runtime.createNode({
      cluster: group,
      name: NAME,
      hostname: NAME,
      image: cluster.image,
      network: cluster.topology.network,
      ip,
      aliases: [NAME],
      env: {},
      cmd: ['sleep', 'infinity'],
      mounts: [],
      labels: {},
      capabilities: [],
      devices: [],
      extraHosts: cluster.nodes.map((n) => `${n.name}:${n.ip}`),
    });
    await handle.start();
    cluster.clientHost = { name: NAME, ip, handle };
  });
  const unregister = registerCleanup(`remove client host of ${cluster.name}`, remove);
  return async () => {
    unregister();
    await remove();
  };
}
