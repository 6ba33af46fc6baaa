// What `--client java` checks before starting anything: the distribution has kafka-clients, java and (to build the
// driver) mvn are on PATH; each problem is one line naming the fix. And the jar cache key.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, cpSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError, UserError } from '../../../core/errors.ts';
import { silentProgress } from '../../../core/progress.ts';
import { driverClasspath, kafkaClientsJar } from '../../../systems/kafka/java-client/classpath.ts';
import { DRIVER_SOURCE_DIR, driverSourceHash } from '../../../systems/kafka/java-client/driver-jar.ts';
import { startJavaDriver } from '../../../systems/kafka/java-client/driver.ts';
import { findOnPath } from '../../../systems/kafka/java-client/host-tools.ts';

let scratch: string;
const saved = { PATH: process.env.PATH, FAULTLINE_CACHE: process.env.FAULTLINE_CACHE };

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'faultline-java-client-'));
});

afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.FAULTLINE_CACHE === undefined) delete process.env.FAULTLINE_CACHE;
  else process.env.FAULTLINE_CACHE = saved.FAULTLINE_CACHE;
  rmSync(scratch, { recursive: true, force: true });
});

/** A directory shaped like a Kafka distribution with the given jars (empty files) in libs/. */
function distribution(jars: string[]): string {
  const home = mkdtempSync(join(scratch, 'kafka-'));
  mkdirSync(join(home, 'libs'), { recursive: true });
  for (const jar of jars) writeFileSync(join(home, 'libs', jar), '');
  return home;
}

/** A directory holding only a link to the real java: a PATH with Java and without Maven. */
function pathWithJavaOnly(): string {
  const java = findOnPath('java', saved.PATH);
  if (!java) throw new Error('these tests need java on PATH');
  const bin = join(scratch, 'bin');
  mkdirSync(bin);
  symlinkSync(java, join(bin, 'java'));
  return bin;
}

const oneLine = (e: unknown): string => {
  const message = (e as Error).message;
  expect(message).not.toContain('\n');
  return message;
};

describe('the distribution', () => {
  it('finds its kafka-clients jar and version', () => {
    const home = distribution(['kafka_2.13-4.4.0.jar', 'kafka-clients-4.4.0.jar', 'slf4j-api-1.7.36.jar']);
    expect(kafkaClientsJar(home)).toEqual({ path: join(home, 'libs', 'kafka-clients-4.4.0.jar'), version: '4.4.0' });
    expect(driverClasspath('/d/driver.jar', home)).toBe(`/d/driver.jar:${join(home, 'libs', '*')}`);
    expect(kafkaClientsJar(distribution(['kafka-clients-4.5.0-SNAPSHOT.jar'])).version).toBe('4.5.0-SNAPSHOT');
  });

  it('without kafka-clients: one UserError line, before Java is even looked for', async () => {
    const home = distribution(['kafka_2.13-4.4.0.jar', 'kafka-clients-4.4.0-test.jar']);
    process.env.PATH = join(scratch, 'nothing-here');
    const e = await startJavaDriver({ kafkaHome: home, progress: silentProgress }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(oneLine(e)).toMatch(/has none \(no kafka-clients-<version>\.jar\): give a complete Kafka distribution .* --kafka-dist, or use --kafka <version>$/);
  });
});

describe('host tools', () => {
  it('findOnPath looks in each PATH directory for an executable file', () => {
    const bin = pathWithJavaOnly();
    writeFileSync(join(bin, 'not-executable'), '');
    expect(findOnPath('java', `${join(scratch, 'missing')}:${bin}`)).toBe(join(bin, 'java'));
    expect(findOnPath('not-executable', bin)).toBeUndefined();
    expect(findOnPath('mvn', bin)).toBeUndefined();
    expect(findOnPath('java', '')).toBeUndefined();
  });

  it('without java: one EnvironmentError line', async () => {
    process.env.PATH = join(scratch, 'nothing-here');
    const e = await startJavaDriver({ kafkaHome: distribution(['kafka-clients-4.4.0.jar']), progress: silentProgress }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EnvironmentError);
    expect(oneLine(e)).toMatch(/java is not on PATH: install Java 17 or newer/);
  });

  it('without mvn when the driver must be built: one EnvironmentError line, nothing built or started', async () => {
    process.env.FAULTLINE_CACHE = join(scratch, 'empty-cache');
    process.env.PATH = pathWithJavaOnly();
    const e = await startJavaDriver({ kafkaHome: distribution(['kafka-clients-4.4.0.jar']), progress: silentProgress }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EnvironmentError);
    expect(oneLine(e)).toMatch(/builds its driver \(clients\/java\) with Maven on first use, and mvn is not on PATH: install Maven/);
    expect(existsSync(join(scratch, 'empty-cache')) ? readdirSync(join(scratch, 'empty-cache')) : []).toEqual([]);
  });
});

describe('driverSourceHash', () => {
  it('is stable, and changes with any source file or the pom', () => {
    const copy = join(scratch, 'java');
    cpSync(join(DRIVER_SOURCE_DIR, 'pom.xml'), join(copy, 'pom.xml'));
    cpSync(join(DRIVER_SOURCE_DIR, 'src'), join(copy, 'src'), { recursive: true });
    const original = driverSourceHash(copy);
    expect(original).toMatch(/^[0-9a-f]{16}$/);
    expect(driverSourceHash(copy)).toBe(original);
    expect(driverSourceHash(DRIVER_SOURCE_DIR)).toBe(original);
    writeFileSync(join(copy, 'src', 'main', 'resources', 'extra.txt'), 'x');
    const withFile = driverSourceHash(copy);
    expect(withFile).not.toBe(original);
    writeFileSync(join(copy, 'pom.xml'), '<project/>');
    expect(driverSourceHash(copy)).not.toBe(withFile);
  });
});
