// Corrupting a segment file of a node: choose the newest segment of a partition, then truncate its tail or flip bits.
// The choice and the damage are pure functions of the file list, the bytes and the seed.
import type { ClusterNode, System } from '../../core/cluster.ts';
import type { Random } from '../../core/generator/random.ts';
import { nodeShell, readNodeFile } from '../../core/runtime.ts';

export const CORRUPTIONS = ['truncate', 'bitflip'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

export interface SegmentFile {
  /** Path relative to the data dir, e.g. "faultline-lost-writes-2/00000000000000000000.log". */
  path: string;
  size: number;
}

/**
 * The newest non-empty segment of a random partition, among the given topics (or, with none, every topic but the
 * broker's internal ones). The system says which files are segments of which partition.
 */
export function chooseSegment(
  files: SegmentFile[],
  topics: string[],
  rng: Random,
  system: Pick<System, 'segmentOf' | 'isInternalTopic'>,
): SegmentFile | undefined {
  const key = (f: SegmentFile): string => {
    const s = system.segmentOf(f.path)!;
    return `${s.topic}/${s.partition}`;
  };
  const wanted = files.filter((f) => {
    const s = f.size > 0 ? system.segmentOf(f.path) : undefined;
    return s !== undefined && (topics.length > 0 ? topics.includes(s.topic) : !system.isInternalTopic(s.topic));
  });
  const partitions = [...new Set(wanted.map(key))].sort();
  if (partitions.length === 0) return undefined;
  const chosen = rng.pick(partitions);
  return wanted
    .filter((f) => key(f) === chosen)
    .sort((a, b) => a.path.localeCompare(b.path))
    .at(-1);
}

export interface Damage {
  kind: Corruption;
  sizeBefore: number;
  sizeAfter: number;
  /** Byte offsets of flipped bits (bitflip) or the cut point (truncate). */
  at: number[];
}

/** Cuts up to 16 KiB off the end, or flips 1-8 bits within the last 64 KiB. */
export function damage(bytes: Buffer, kind: Corruption, rng: Random): { bytes: Buffer; damage: Damage } {
  if (kind === 'truncate') {
    const cut = 1 + rng.int(Math.min(bytes.length, 16 * 1024));
    const out = bytes.subarray(0, bytes.length - cut);
    return { bytes: Buffer.from(out), damage: { kind, sizeBefore: bytes.length, sizeAfter: out.length, at: [out.length] } };
  }
  const out = Buffer.from(bytes);
  const window = Math.min(out.length, 64 * 1024);
  const at: number[] = [];
  for (let i = 1 + rng.int(8); i > 0; i--) {
    const pos = out.length - window + rng.int(window);
    out[pos] = out[pos]! ^ (1 << rng.int(8));
    at.push(pos);
  }
  return { bytes: out, damage: { kind, sizeBefore: bytes.length, sizeAfter: out.length, at: at.sort((a, b) => a - b) } };
}

/** Segment files with sizes: `find` while the node runs, else the archive of the whole data dir. */
export async function listSegments(node: ClusterNode, dataDir: string): Promise<SegmentFile[]> {
  const r = await nodeShell(node.handle, `cd ${dataDir} && find . -type f -printf '%P %s\\n'`).catch(() => undefined);
  if (r && r.exitCode === 0) {
    return r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [path, size] = l.split(' ');
        return { path: path!, size: Number(size) };
      });
  }
  // The archive of a directory names its entries after the directory itself.
  const top = `${dataDir.split('/').filter(Boolean).at(-1)}/`;
  const entries = await node.handle.readTree(dataDir);
  return entries.filter((e) => e.type === 'file').map((e) => ({ path: e.name.startsWith(top) ? e.name.slice(top.length) : e.name, size: e.data.length }));
}

/** Damages one segment file in place (the node should be stopped); returns what was done. */
export async function corruptSegment(node: ClusterNode, dataDir: string, file: SegmentFile, kind: Corruption, rng: Random): Promise<Damage & { file: string }> {
  const path = `${dataDir}/${file.path}`;
  const bytes = await readNodeFile(node.handle, path);
  if (!bytes) throw new Error(`${node.name}: ${path} is gone`);
  const r = damage(bytes, kind, rng);
  await node.handle.writeFile(path, r.bytes);
  return { file: file.path, ...r.damage };
}
