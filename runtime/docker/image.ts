// Builds the node image offline (debootstrap of Debian packages → docker import), tagged by a hash of its recipe.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { cacheDir } from '../../core/paths.ts';
import { registerCleanup } from '../../core/cleanup.ts';
import { EnvironmentError, UserError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { ensureCommand } from '../../core/host.ts';

/** Everything that determines the image's content. Change it and the tag changes, so a new image is built. */
export const NODE_IMAGE_RECIPE = {
  recipe: 1,
  distribution: 'debian',
  suite: 'bookworm',
  variant: 'minbase',
  // JRE for Kafka; iproute2/iptables/procps for partitions and packet faults; faketime for clock skew;
  // fuse3 for the disk-fault filesystem; tini as PID 1 so the broker is an ordinary, signalable child;
  // netcat for connectivity probes between nodes.
  packages: ['openjdk-17-jre-headless', 'iproute2', 'iptables', 'procps', 'faketime', 'fuse3', 'tini', 'netcat-openbsd'],
} as const;

export const IMAGE_REPO = 'faultline-node';

export function nodeImageTag(recipe: typeof NODE_IMAGE_RECIPE = NODE_IMAGE_RECIPE): string {
  const hash = createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 12);
  return `${IMAGE_REPO}:${hash}`;
}

/**
 * Debian mirror for debootstrap: $FAULTLINE_DEBIAN_MIRROR, else the archive the host's own apt is set up with (the
 * first `URIs:` of a deb822 `.sources` file or `deb` line of `sources.list` serving the image's suite) — the one
 * source of packages this machine is known to reach.
 */
export function debianMirror(suite: string = NODE_IMAGE_RECIPE.suite, aptDir = '/etc/apt'): string {
  if (process.env.FAULTLINE_DEBIAN_MIRROR) return process.env.FAULTLINE_DEBIAN_MIRROR;
  const found = aptMirrors(aptDir).find((m) => m.suites.includes(suite));
  if (!found) {
    throw new EnvironmentError(`no apt source for Debian ${suite} in ${aptDir}; set FAULTLINE_DEBIAN_MIRROR to a Debian archive URL for debootstrap`);
  }
  return found.uri;
}

/** Archive URIs and their suites from apt's configuration (deb822 `.sources` files and one-line `sources.list`). */
export function aptMirrors(aptDir: string): Array<{ uri: string; suites: string[] }> {
  const out: Array<{ uri: string; suites: string[] }> = [];
  const read = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  const listDir = join(aptDir, 'sources.list.d');
  const sourcesFiles = existsSync(listDir)
    ? readdirSync(listDir)
        .filter((f) => f.endsWith('.sources'))
        .sort()
    : [];
  for (const f of sourcesFiles) {
    for (const stanza of read(join(listDir, f)).split(/\n\s*\n/)) {
      const field = (name: string): string[] => (new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1] ?? '').split(/\s+/).filter(Boolean);
      if (!field('Types').includes('deb') || /^Enabled:\s*no/im.test(stanza)) continue;
      for (const uri of field('URIs')) out.push({ uri, suites: field('Suites') });
    }
  }
  for (const line of read(join(aptDir, 'sources.list')).split('\n')) {
    const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (m) out.push({ uri: m[1]!, suites: [m[2]!] });
  }
  return out;
}

export async function imageExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getImage(name).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Returns the image to run nodes from: `baseImage` if given (must exist locally), else the recipe's, built if absent. */
export async function ensureNodeImage(docker: Docker, progress: Progress, baseImage?: string): Promise<string> {
  if (baseImage) {
    if (!(await imageExists(docker, baseImage))) {
      throw new UserError(`image ${baseImage} is not present in the Docker engine; load or build it first (no registry is contacted)`);
    }
    return baseImage;
  }
  const tag = nodeImageTag();
  if (await imageExists(docker, tag)) {
    progress.info(`node image ${tag} present, reusing it`);
    return tag;
  }
  await buildNodeImage(docker, tag, progress);
  return tag;
}

async function buildNodeImage(docker: Docker, tag: string, progress: Progress): Promise<void> {
  const debootstrap = await ensureCommand('debootstrap', 'debootstrap', 'building the node image', progress);
  const workDir = join(cacheDir(), `image-build-${tag.split(':')[1]}`);
  const rootfs = join(workDir, 'rootfs');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const unregister = registerCleanup('remove half-built image root', async () => rmSync(workDir, { recursive: true, force: true }));
  try {
    const r = NODE_IMAGE_RECIPE;
    const mirror = debianMirror(r.suite);
    await progress.step(`debootstrap ${r.suite} (${r.variant}) with ${r.packages.length} packages from ${mirror}`, async () => {
      const child = execa(debootstrap, [`--variant=${r.variant}`, `--include=${r.packages.join(',')}`, r.suite, rootfs, mirror], { all: true, reject: false });
      const counts = { Retrieving: 0, Extracting: 0, Unpacking: 0, Configuring: 0 };
      let lastReport = Date.now();
      const tail: string[] = [];
      for await (const line of child.all!) {
        const text = String(line);
        tail.push(text);
        if (tail.length > 8) tail.shift();
        const m = /^I: (Retrieving|Extracting|Unpacking|Configuring) /.exec(text);
        if (m) counts[m[1] as keyof typeof counts]++;
        if (Date.now() - lastReport > 5000) {
          lastReport = Date.now();
          progress.info(
            `  debootstrap: ${Object.entries(counts)
              .map(([k, v]) => `${k.toLowerCase()} ${v}`)
              .join(', ')}`,
          );
        }
      }
      const done = await child;
      if (done.exitCode !== 0) {
        throw new EnvironmentError(`debootstrap failed (exit ${done.exitCode}): ${tail.join(' | ')}`);
      }
    });
    // apt caches are useless in the image and make it larger.
    for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
      await execa(
        'find',
        [join(rootfs, dir), '-mindepth', '1', '-maxdepth', '1', '!', '-name', 'partial', '!', '-name', 'lock', '-exec', 'rm', '-rf', '{}', '+'],
        { reject: false },
      );
    }
    await progress.step(`docker import as ${tag}`, async () => {
      const tar = execa('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], { buffer: false, stdout: 'pipe' });
      const [repo, version] = tag.split(':');
      const stream = await docker.importImage(tar.stdout as unknown as NodeJS.ReadableStream as never, { repo, tag: version });
      await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
      await tar;
      if (!(await imageExists(docker, tag))) throw new EnvironmentError(`docker import finished but ${tag} is not in the engine`);
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    unregister();
  }
}
