// Finding java and mvn on PATH without running a shell (so a PATH without them is seen as such), and the one-line
// errors faultline gives when they are missing.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../../../core/errors.ts';

/** Full path of an executable named `command` in the PATH directories, or undefined. */
export function findOnPath(command: string, pathValue: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (pathValue ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function requireJava(): string {
  const java = findOnPath('java');
  if (!java) {
    throw new EnvironmentError(
      "--client java runs Kafka's Java client in a JVM, and java is not on PATH: install Java 17 or newer (e.g. apt-get install openjdk-17-jdk-headless)",
    );
  }
  return java;
}

export function requireMaven(): string {
  const mvn = findOnPath('mvn');
  if (!mvn) {
    throw new EnvironmentError(
      '--client java builds its driver (clients/java) with Maven on first use, and mvn is not on PATH: install Maven (e.g. apt-get install maven) and run again',
    );
  }
  return mvn;
}
