// The Docker Runtime: nodes are containers on a user-defined bridge network, found again by their labels. A remote
// engine is a configuration (DOCKER_HOST=tcp://… or ssh://…), as long as the host can reach the node network.
import type Docker from 'dockerode';
import type { NetworkRequest, NodeHandle, NodeRecord, NodeRequest, Runtime } from '../../core/runtime.ts';
import type { Progress } from '../../core/progress.ts';
import { LABELS, containerName, createContainer, createNetwork, listManagedContainers, removeManaged } from './containers.ts';
import { ensureEngine, type EngineInfo } from './engine.ts';
import { ensureNodeImage } from './image.ts';
import { DockerNode } from './node.ts';

export class DockerRuntime implements Runtime {
  readonly description: string;

  constructor(
    readonly engine: EngineInfo,
    private readonly progress: Progress,
  ) {
    this.description = `docker ${engine.endpoint} (Docker ${engine.serverVersion})`;
  }

  private get docker(): Docker {
    return this.engine.docker;
  }

  ensureImage(custom?: string): Promise<string> {
    return ensureNodeImage(this.docker, this.progress, custom);
  }

  createNetwork(req: NetworkRequest): Promise<void> {
    return createNetwork(this.docker, req);
  }

  async createNode(req: NodeRequest): Promise<NodeHandle> {
    await createContainer(this.docker, req);
    return this.node(req.cluster, req.name);
  }

  node(cluster: string, name: string): NodeHandle {
    return new DockerNode(this.docker, name, containerName(cluster, name));
  }

  async list(cluster?: string): Promise<NodeRecord[]> {
    const containers = await listManagedContainers(this.docker, cluster);
    return containers.map((c) => {
      const net = Object.values(c.NetworkSettings?.Networks ?? {})[0];
      const state = c.State === 'running' ? 'running' : c.State === 'paused' ? 'paused' : 'stopped';
      return {
        cluster: c.Labels[LABELS.cluster] ?? '',
        name: c.Labels[LABELS.node] ?? (c.Names[0] ?? '').replace(/^\//, ''),
        state,
        ip: net?.IPAMConfig?.IPv4Address || net?.IPAddress || undefined,
        labels: c.Labels,
      };
    });
  }

  async remove(cluster?: string): Promise<{ nodes: number; networks: number }> {
    const r = await removeManaged(this.docker, cluster);
    return { nodes: r.containers, networks: r.networks };
  }

  async securityFeatures(): Promise<string[]> {
    const info = (await this.docker.info()) as { SecurityOptions?: string[] };
    return (info.SecurityOptions ?? []).map((o) => /name=([^,]+)/.exec(o)?.[1] ?? o);
  }
}

/** The Docker engine (found, or installed and started on Debian as root) as a Runtime. */
export async function dockerRuntime(progress: Progress): Promise<DockerRuntime> {
  return new DockerRuntime(await ensureEngine(progress), progress);
}
