// The driver jar, built from clients/java with Maven once per version of its sources and cached in
// <cache>/java-driver/<hash of pom.xml + src/>/ (cache = $FAULTLINE_CACHE, else ~/.cache/faultline). The build runs
// the driver's JUnit tests; it tries Maven offline first (the local repository <cache>/m2 is the one Kafka
// distributions are resolved into) and goes online only for what is missing.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../../../core/errors.ts';
import { cacheDir, repoRoot } from '../../../core/paths.ts';
import type { Progress } from '../../../core/progress.ts';
import { requireJava, requireMaven } from './host-tools.ts';

export const DRIVER_SOURCE_DIR = join(repoRoot, 'clients', 'java');
export const DRIVER_JAR_NAME = 'faultline-kafka-driver.jar';

/** Files whose content defines the jar: pom.xml and everything under src/, in a stable order. */
function sourceFiles(sourceDir: string): string[] {
  const out: string[] = [join(sourceDir, 'pom.xml')];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk(join(sourceDir, 'src'));
  return out;
}

/** sha256 over each source file's relative path and content; the cache key (first 16 hex digits). */
export function driverSourceHash(sourceDir: string = DRIVER_SOURCE_DIR): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(sourceDir)) {
    hash.update(relative(sourceDir, file).split('\\').join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export interface DriverJarOptions {
  sourceDir?: string;
  /** Where built jars are kept; default <cacheDir()>/java-driver. */
  jarCache?: string;
}

/** Path of the driver jar for the current sources, building it first when the cache has none. */
export async function ensureDriverJar(progress: Progress, opts: DriverJarOptions = {}): Promise<string> {
  const sourceDir = opts.sourceDir ?? DRIVER_SOURCE_DIR;
  const hash = driverSourceHash(sourceDir);
  const home = join(opts.jarCache ?? join(cacheDir(), 'java-driver'), hash);
  const jar = join(home, DRIVER_JAR_NAME);
  if (existsSync(join(home, '.complete')) && existsSync(jar)) return jar;
  requireJava();
  const mvn = requireMaven();
  const staging = `${home}.build-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    cpSync(join(sourceDir, 'pom.xml'), join(staging, 'pom.xml'));
    cpSync(join(sourceDir, 'src'), join(staging, 'src'), { recursive: true });
    await progress.step(`building the Java driver (clients/java, sources ${hash}) with Maven`, () => mavenPackage(mvn, staging, progress));
    const built = join(staging, 'target', DRIVER_JAR_NAME);
    if (!existsSync(built)) throw new EnvironmentError(`mvn package finished but made no ${DRIVER_JAR_NAME} in ${staging}/target`);
    mkdirSync(home, { recursive: true });
    renameSync(built, jar);
    writeFileSync(join(home, '.complete'), JSON.stringify({ hash, builtAt: new Date().toISOString() }) + '\n');
    progress.info(`Java driver: ${jar}`);
    return jar;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const OFFLINE_MISS = /offline mode|in offline|has not been downloaded|Cannot access .* in offline/i;

async function mavenPackage(mvn: string, projectDir: string, progress: Progress): Promise<void> {
  const args = ['-B', '-q', '-f', join(projectDir, 'pom.xml'), `-Dmaven.repo.local=${join(cacheDir(), 'm2')}`, 'package'];
  const offline = await execa(mvn, ['-o', ...args], { reject: false, all: true });
  if (offline.exitCode === 0) return;
  let result = offline;
  if (OFFLINE_MISS.test(offline.all ?? '')) {
    progress.info('Maven needs artifacts the local repository lacks; fetching them from Maven Central');
    result = await execa(mvn, args, { reject: false, all: true });
    if (result.exitCode === 0) return;
  }
  const errors = (result.all ?? '')
    .split('\n')
    .filter((l) => /ERROR|FAIL/.test(l))
    .slice(0, 4)
    .join(' | ');
  throw new EnvironmentError(`building the Java driver with mvn failed (exit ${result.exitCode}): ${errors || (result.all ?? '').slice(-400)}`);
}
