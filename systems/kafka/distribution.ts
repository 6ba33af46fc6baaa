// The cluster build under test: a Kafka version from Maven Central, a distribution directory/tarball, or an image.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { cacheDir } from '../../core/paths.ts';
import { EnvironmentError, UserError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { ensureCommand } from '../../core/host.ts';
import { DEFAULT_KAFKA_VERSION, mavenArtifactsFor, type MavenArtifact } from './versions.ts';
import type { KafkaSource } from './source.ts';

export { chooseSource, type KafkaSource } from './source.ts';

export interface KafkaDistribution {
  source: KafkaSource;
  /** Kafka version, as far as it can be known (`unknown` for an image we did not look into). */
  version: string;
  /** Host directory with `libs/` mounted read-only at /opt/kafka; undefined when the image carries Kafka itself. */
  home?: string;
}

export async function resolveDistribution(source: KafkaSource, progress: Progress): Promise<KafkaDistribution> {
  switch (source.kind) {
    case 'maven':
      return { source, version: source.version, home: await resolveFromMaven(source.version, progress) };
    case 'dist': {
      const home = await unpackDistribution(source.path, progress);
      return { source, version: detectVersion(home, source.path), home };
    }
    case 'image':
      return { source, version: 'unknown' };
  }
}

function pomFor(artifacts: MavenArtifact[]): string {
  const deps = artifacts
    .map((a) => `    <dependency><groupId>${a.groupId}</groupId><artifactId>${a.artifactId}</artifactId><version>${a.version}</version></dependency>`)
    .join('\n');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>faultline</groupId><artifactId>kafka-distribution</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}

/** Resolves Kafka and its runtime dependencies with mvn into <cache>/kafka/<version>/libs; reuses a complete cache. */
async function resolveFromMaven(version: string, progress: Progress): Promise<string> {
  const home = join(cacheDir(), 'kafka', version);
  const marker = join(home, '.complete');
  if (existsSync(marker)) {
    progress.info(`Kafka ${version} found in cache ${home}`);
    return home;
  }
  const mvn = await ensureCommand('mvn', 'maven', `resolving Kafka ${version} from Maven Central`, progress);
  await ensureCommand('java', 'openjdk-17-jdk-headless', 'Maven needs Java', progress);
  const staging = `${home}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    writeFileSync(join(staging, 'pom.xml'), pomFor(mavenArtifactsFor(version)));
    await progress.step(`resolving org.apache.kafka:kafka_2.13:${version} + kafka-tools + logging from Maven Central`, async () => {
      const r = await execa(
        mvn,
        [
          '-B',
          '-q',
          '-f',
          join(staging, 'pom.xml'),
          `-Dmaven.repo.local=${join(cacheDir(), 'm2')}`,
          'dependency:copy-dependencies',
          `-DoutputDirectory=${join(staging, 'libs')}`,
          '-DincludeScope=runtime',
        ],
        { reject: false, all: true },
      );
      if (r.exitCode !== 0) {
        const out = r.all ?? '';
        if (/kafka_2\.13:jar:[^ ]+ (was not found|could not be found)|Could not find artifact org\.apache\.kafka/.test(out)) {
          throw new UserError(`Kafka ${version} is not on Maven Central; pick a released version (e.g. ${DEFAULT_KAFKA_VERSION} or 3.9.1)`);
        }
        const lines = out
          .split('\n')
          .filter((l) => /ERROR/.test(l))
          .slice(0, 3)
          .join(' | ');
        throw new EnvironmentError(`mvn could not resolve Kafka ${version} (exit ${r.exitCode}): ${lines || out.slice(-400)}`);
      }
    });
    const jars = readdirSync(join(staging, 'libs'));
    if (!jars.some((j) => j.startsWith(`kafka_2.13-${version}`))) {
      throw new EnvironmentError(`mvn finished but kafka_2.13-${version}.jar is not among the ${jars.length} jars it copied`);
    }
    writeFileSync(join(staging, '.complete'), JSON.stringify({ version, jars: jars.length, resolvedAt: new Date().toISOString() }) + '\n');
    rmSync(home, { recursive: true, force: true });
    mkdirSync(join(home, '..'), { recursive: true });
    renameSync(staging, home);
    progress.info(`Kafka ${version}: ${jars.length} jars in ${home}/libs`);
    return home;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const CORE_JAR = /^kafka_2\.\d+-(.+)\.jar$/;
const SERVER_JAR = /^kafka-server-(\d.+)\.jar$/;

/** Reads the Kafka version from the core jar's file name in libs/. */
function detectVersion(home: string, givenAs: string): string {
  const jars = readdirSync(join(home, 'libs'));
  for (const j of jars) {
    const m = CORE_JAR.exec(j) ?? SERVER_JAR.exec(j);
    if (m && !j.includes('-test') && !j.includes('-sources') && !j.includes('-javadoc')) return m[1]!;
  }
  throw new UserError(
    `${givenAs} is not a Kafka distribution: libs/ has no kafka_2.*-<version>.jar; give a directory or .tgz as Kafka's build produces it (bin/, libs/, config/)`,
  );
}

/** A directory is used in place; a .tgz is unpacked once into the cache (keyed by its content hash). */
async function unpackDistribution(path: string, progress: Progress): Promise<string> {
  if (!existsSync(path)) throw new UserError(`--kafka-dist ${path}: no such file or directory`);
  if (statSync(path).isDirectory()) {
    if (!existsSync(join(path, 'libs'))) {
      throw new UserError(
        `${path} is not a Kafka distribution: it has no libs/ directory; give a directory or .tgz as Kafka's build produces it (bin/, libs/, config/)`,
      );
    }
    detectVersion(path, path);
    return path;
  }
  if (!/\.(tgz|tar\.gz)$/.test(path)) throw new UserError(`--kafka-dist ${path}: expected a directory or a .tgz/.tar.gz file`);
  const hash = await sha256File(path);
  const target = join(cacheDir(), 'dist', hash.slice(0, 16));
  if (!existsSync(join(target, '.complete'))) {
    await progress.step(`unpacking ${basename(path)}`, async () => {
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target, { recursive: true });
      const tar = await ensureCommand('tar', 'tar', 'unpacking the Kafka distribution', progress);
      const r = await execa(tar, ['-xzf', path, '-C', target], { reject: false, all: true });
      if (r.exitCode !== 0) {
        rmSync(target, { recursive: true, force: true });
        throw new UserError(`--kafka-dist ${path}: not a readable .tgz (${(r.all ?? '').split('\n')[0]})`);
      }
      writeFileSync(join(target, '.complete'), path + '\n');
    });
  }
  const entries = readdirSync(target).filter((e) => e !== '.complete');
  const home = entries.length === 1 && statSync(join(target, entries[0]!)).isDirectory() ? join(target, entries[0]!) : target;
  if (!existsSync(join(home, 'libs'))) {
    throw new UserError(`${path} is not a Kafka distribution: it has no libs/ directory; give a .tgz as Kafka's build produces it`);
  }
  return home;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
