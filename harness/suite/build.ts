// The build under test of a suite, as an identity two machines agree on: a Maven version, an image name, or a
// distribution's content (a tarball's SHA-256, or a directory's libs/ jar names and sizes) — not its path, which
// differs between CI machines. Shards of one suite must have run the same build to be merged.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../../core/errors.ts';
import type { TestSpec } from '../../core/spec.ts';

export interface BuildIdentity {
  /** Compared when shards are merged. */
  id: string;
  /** Shown to people. */
  label: string;
}

function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function distributionDigest(path: string): string {
  if (!existsSync(path)) throw new UserError(`--kafka-dist ${path}: no such file or directory`);
  if (statSync(path).isFile()) return sha256OfFile(path);
  const libs = join(path, 'libs');
  const jars = existsSync(libs)
    ? readdirSync(libs)
        .filter((n) => n.endsWith('.jar'))
        .sort()
    : [];
  return createHash('sha256')
    .update(jars.map((n) => `${n} ${statSync(join(libs, n)).size}`).join('\n'))
    .digest('hex');
}

export function buildIdentity(cluster: TestSpec['cluster']): BuildIdentity {
  const base = cluster.baseImage ? { id: ` base-image:${cluster.baseImage}`, label: ` on ${cluster.baseImage}` } : { id: '', label: '' };
  const source = cluster.source;
  switch (source.kind) {
    case 'maven':
      return { id: `maven:${source.version}${base.id}`, label: `Kafka ${source.version}${base.label}` };
    case 'image':
      return { id: `image:${source.image}${base.id}`, label: `image ${source.image}${base.label}` };
    case 'dist': {
      const digest = distributionDigest(source.path);
      return { id: `dist:sha256:${digest}${base.id}`, label: `${basename(source.path)} (sha256 ${digest.slice(0, 12)})${base.label}` };
    }
  }
}
