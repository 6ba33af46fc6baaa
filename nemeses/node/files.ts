// Files inside a node's container through Docker's archive API: works whether the node runs, is paused or stopped.
import type Docker from 'dockerode';
import type { NodeSpec } from '../../systems/kafka/topology.ts';
import { tarOneFile, untar, type TarEntry } from './tar.ts';

const isNotFound = (e: unknown): boolean => (e as { statusCode?: number }).statusCode === 404;

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** Writes (replaces) one file at an absolute path; missing parent directories are created. */
export async function writeNodeFile(docker: Docker, node: NodeSpec, path: string, content: Buffer | string, mode = 0o644): Promise<void> {
  await docker.getContainer(node.container).putArchive(tarOneFile(path.replace(/^\/+/, ''), content, mode), { path: '/' });
}

/** Every entry under `path` (a file or a directory), or [] when it does not exist. */
export async function readNodeTree(docker: Docker, node: NodeSpec, path: string): Promise<TarEntry[]> {
  try {
    const archive = await docker.getContainer(node.container).getArchive({ path });
    return untar(await readStream(archive as unknown as NodeJS.ReadableStream));
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
}

/** One file's content, or undefined when it does not exist. */
export async function readNodeFile(docker: Docker, node: NodeSpec, path: string): Promise<Buffer | undefined> {
  const entries = await readNodeTree(docker, node, path);
  return entries.find((e) => e.type === 'file')?.data;
}
