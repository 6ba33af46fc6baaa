// Corrupting a segment file of a node: choose the newest segment of a partition, then truncate its tail or flip bits.
// The choice and the damage are pure functions of the file list, the bytes and the seed.
import type Docker from 'dockerode';
import type { NodeSpec } from '../../systems/kafka/topology.ts';
import type { Random } from '../../core/generator/random.ts';
import { readNodeFile, readNodeTree, writeNodeFile } from '../node/files.ts';
import { nodeShell } from '../node/shell.ts';
import { DATA_DIR } from './control.ts';

export const CORRUPTIONS = ['truncate', 'bitflip'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

export interface SegmentFile {
  /** Path relative to the data dir, e.g. "faultline-lost-writes-2/00000000000000000000.log". */
  path: string;
  size: number;
}

/** `<topic>-<partition>` of a segment path. */
const partitionDir = (path: string): string => path.split('/')[0] ?? '';
const topicOf = (dir: string): string => dir.replace(/-\d+$/, '');

/**
 * The newest non-empty segment of a random partition, among the given topics (or, with none, every topic but
 * Kafka's internal ones).
 */
export function chooseSegment(files: SegmentFile[], topics: string[], rng: Random): SegmentFile | undefined {
  const wanted = files.filter((f) => f.path.endsWith('.log') && f.size > 0 && (topics.length > 0 ? topics.includes(topicOf(partitionDir(f.path))) : !partitionDir(f.path).startsWith('__')));
  const dirs = [...new Set(wanted.map((f) => partitionDir(f.path)))].sort();
  if (dirs.length === 0) return undefined;
  const dir = rng.pick(dirs);
  return wanted.filter((f) => partitionDir(f.path) === dir).sort((a, b) => a.path.localeCompare(b.path)).at(-1);
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
export async function listSegments(docker: Docker, node: NodeSpec): Promise<SegmentFile[]> {
  const r = await nodeShell(docker, node, `cd ${DATA_DIR} && find . -name '*.log' -type f -printf '%P %s\\n'`).catch(() => undefined);
  if (r && r.exitCode === 0) {
    return r.stdout.trim().split('\n').filter(Boolean).map((l) => {
      const [path, size] = l.split(' ');
      return { path: path!, size: Number(size) };
    });
  }
  const entries = await readNodeTree(docker, node, DATA_DIR);
  return entries.filter((e) => e.type === 'file').map((e) => ({ path: e.name.replace(/^data\//, ''), size: e.data.length }));
}

/** Damages one segment file in place (the node should be stopped); returns what was done. */
export async function corruptSegment(docker: Docker, node: NodeSpec, file: SegmentFile, kind: Corruption, rng: Random): Promise<Damage & { file: string }> {
  const path = `${DATA_DIR}/${file.path}`;
  const bytes = await readNodeFile(docker, node, path);
  if (!bytes) throw new Error(`${node.name}: ${path} is gone`);
  const r = damage(bytes, kind, rng);
  await writeNodeFile(docker, node, path, r.bytes);
  return { file: file.path, ...r.damage };
}
