// Which Kafka versions faultline knows how to resolve from Maven Central, and the logging binding each needs.

/** The newest 4.x release Maven Central served when this was last checked (2026-11-25). */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
}

const VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:-[A-Za-z0-9.]+)?$/;

export function parseKafkaVersion(version: string): { major: number; minor: number; patch: number } | undefined {
  const m = VERSION_PATTERN.exec(version);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/**
 * Kafka's broker, its CLI tools, and the slf4j binding its release uses: every release from 3.5 to 4.4 logs through
 * slf4j-api 1.7.x; 3.x distributions bind it to reload4j, 4.x to log4j2.
 */
export function mavenArtifactsFor(version: string): MavenArtifact[] {
  const v = parseKafkaVersion(version);
  if (!v) throw new Error(`not a Kafka version: ${version}`);
  const kafka = (artifactId: string): MavenArtifact => ({ groupId: 'org.apache.kafka', artifactId, version });
  const logging: MavenArtifact[] =
    v.major >= 4
      ? [
          { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-slf4j-impl', version: '2.24.3' },
          { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core', version: '2.24.3' },
        ]
      : [
          { groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: '1.7.36' },
          { groupId: 'ch.qos.reload4j', artifactId: 'reload4j', version: '1.2.25' },
        ];
  return [kafka('kafka_2.13'), kafka('kafka-tools'), ...logging];
}

/** KRaft combined mode and the tools faultline uses need 3.5 or newer. */
export function isSupportedVersion(version: string): boolean {
  const v = parseKafkaVersion(version);
  return !!v && (v.major > 3 || (v.major === 3 && v.minor >= 5));
}
