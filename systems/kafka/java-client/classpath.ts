// The driver's runtime classpath: the driver jar, then every jar of the build under test's libs/ — its own
// kafka-clients, that client's dependencies, and the slf4j binding the distribution ships.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UserError } from '../../../core/errors.ts';

const CLIENTS_JAR = /^kafka-clients-(\d[^-]*(?:-[A-Za-z0-9.]+)?)\.jar$/;

/** The kafka-clients jar in <home>/libs and its version; a UserError naming the fix when there is none. */
export function kafkaClientsJar(kafkaHome: string): { path: string; version: string } {
  const libs = join(kafkaHome, 'libs');
  const jars = existsSync(libs) ? readdirSync(libs) : [];
  for (const jar of jars) {
    const m = CLIENTS_JAR.exec(jar);
    if (m && !/-(test|sources|javadoc)\.jar$/.test(jar)) return { path: join(libs, jar), version: m[1]! };
  }
  throw new UserError(
    `--client java runs the build under test's own kafka-clients, and ${libs} has none (no kafka-clients-<version>.jar): give a complete Kafka distribution (bin/, libs/, config/) with --kafka-dist, or use --kafka <version>`,
  );
}

/** `java -cp` value: the driver jar first, then the distribution's libs/* (expanded by the JVM). */
export function driverClasspath(driverJar: string, kafkaHome: string): string {
  kafkaClientsJar(kafkaHome);
  return [driverJar, join(kafkaHome, 'libs', '*')].join(delimiter);
}
