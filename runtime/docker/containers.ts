// Containers and networks through dockerode: create, find by label, exec, copy files and logs out, remove.
import { mkdirSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { execa } from 'execa';
import type { ExecResult, NetworkRequest, NodeRequest } from '../../core/runtime.ts';

/** Labels on everything faultline creates, so that leftovers of a killed run can always be found and removed. */
export const LABELS = {
  managed: 'faultline.managed',
  cluster: 'faultline.cluster',
  node: 'faultline.node',
  createdAt: 'faultline.created-at',
} as const;

const ownLabels = (cluster: string): Record<string, string> => ({
  [LABELS.managed]: 'true',
  [LABELS.cluster]: cluster,
  [LABELS.createdAt]: new Date().toISOString(),
});

/** Container name of a node: <cluster>-<node>. */
export const containerName = (cluster: string, node: string): string => `${cluster}-${node}`;

export async function createNetwork(docker: Docker, req: NetworkRequest): Promise<void> {
  await docker.createNetwork({
    Name: req.name,
    Driver: 'bridge',
    CheckDuplicate: true,
    IPAM: { Driver: 'default', Config: [{ Subnet: req.subnet, Gateway: req.gateway }] },
    Labels: ownLabels(req.cluster),
  });
}

export async function createContainer(docker: Docker, req: NodeRequest): Promise<Docker.Container> {
  return docker.createContainer({
    name: containerName(req.cluster, req.name),
    Hostname: req.hostname,
    Image: req.image,
    Cmd: req.cmd,
    Env: Object.entries(req.env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...req.labels, ...ownLabels(req.cluster), [LABELS.node]: req.name },
    StopTimeout: 20,
    HostConfig: {
      NetworkMode: req.network,
      Binds: req.mounts.map((m) => `${m.host}:${m.node}:ro`),
      CapAdd: req.capabilities,
      Devices: req.devices.map((d) => ({ PathOnHost: d, PathInContainer: d, CgroupPermissions: 'rwm' })),
      ExtraHosts: req.extraHosts,
      Init: false,
    },
    NetworkingConfig: {
      EndpointsConfig: { [req.network]: { IPAMConfig: { IPv4Address: req.ip }, Aliases: req.aliases } },
    },
  });
}

const managedFilter = (cluster?: string): string => JSON.stringify({ label: [`${LABELS.managed}=true`, ...(cluster ? [`${LABELS.cluster}=${cluster}`] : [])] });

export async function listManagedContainers(docker: Docker, cluster?: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: managedFilter(cluster) });
}

export async function listManagedNetworks(docker: Docker, cluster?: string): Promise<Docker.NetworkInspectInfo[]> {
  return docker.listNetworks({ filters: managedFilter(cluster) });
}

export const isNotFound = (e: unknown): boolean => (e as { statusCode?: number }).statusCode === 404;

/** Removes every container and network faultline made for `cluster` (all clusters when omitted). Idempotent. */
export async function removeManaged(docker: Docker, cluster?: string): Promise<{ containers: number; networks: number }> {
  const containers = await listManagedContainers(docker, cluster);
  await Promise.all(
    containers.map(async (c) => {
      try {
        const container = docker.getContainer(c.Id);
        if (c.State === 'paused') await container.unpause().catch(() => undefined);
        await container.remove({ force: true, v: true });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }),
  );
  const networks = await listManagedNetworks(docker, cluster);
  for (const n of networks) {
    try {
      await docker.getNetwork(n.Id).remove();
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return { containers: containers.length, networks: networks.length };
}

/** Runs a command in a running container and waits for it (docker exec; refused while the container is paused). */
export async function execIn(docker: Docker, container: string, cmd: string[], opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
  const exec = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  docker.modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve, reject) => {
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          stream.destroy();
          reject(new Error(`exec ${cmd.join(' ')} in ${container} did not finish within ${opts.timeoutMs} ms`));
        }, opts.timeoutMs)
      : undefined;
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  const info = await exec.inspect();
  return {
    exitCode: info.ExitCode ?? -1,
    stdout: Buffer.concat(chunks.out).toString('utf8'),
    stderr: Buffer.concat(chunks.err).toString('utf8'),
  };
}

/** Copies a directory out of a container (works on stopped containers) and the container's stdout/stderr log. */
export async function collectFiles(docker: Docker, container: string, path: string, destDir: string): Promise<void> {
  mkdirSync(destDir, { recursive: true });
  const c = docker.getContainer(container);
  try {
    const archive = (await c.getArchive({ path })) as unknown as NodeJS.ReadableStream & { destroy(): void };
    const tar = execa('tar', ['-x', '-C', destDir, '--strip-components=1'], { stdin: 'pipe', reject: false });
    tar.stdin!.on('error', () => undefined); // tar may exit before the archive ends
    archive.pipe(tar.stdin!);
    try {
      await tar;
    } finally {
      // Docker sometimes keeps the archive response open after the last tar block; a dangling socket would keep
      // the process alive after the run has finished.
      archive.destroy();
    }
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const logs = (await c.logs({ stdout: true, stderr: true, timestamps: true, follow: false })) as unknown as Buffer;
  const file = createWriteStream(join(destDir, 'container-stdout.log'));
  file.end(demuxBuffer(logs));
  await new Promise<void>((r) => file.on('close', () => r()));
}

/** Docker's multiplexed log format (8-byte frame headers) to plain text. */
export function demuxBuffer(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return parts.length > 0 ? Buffer.concat(parts) : buf;
}
