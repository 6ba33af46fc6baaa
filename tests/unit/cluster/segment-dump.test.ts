// The segment dump's script: one DumpLogSegments run over every segment of the given topics, 4.x class first, and
// topic names outside Kafka's legal characters refused before anything runs in a node.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../../systems/kafka/broker-config.ts';
import { dumpScript } from '../../../systems/kafka/segment-dump.ts';

/** Runs the script against a fake data dir and a fake kafka-run-class that records its arguments. */
function runInFakeNode(topics: string[], dirs: string[], missingClasses: string[] = []): { stdout: string; status: number } {
  const root = mkdtempSync(join(tmpdir(), 'faultline-dump-'));
  const data = join(root, 'data');
  for (const d of dirs) {
    mkdirSync(join(data, d), { recursive: true });
    writeFileSync(join(data, d, '00000000000000000000.log'), '');
  }
  const tool = join(root, 'kafka-run-class');
  const missing = missingClasses.map((c) => `[ "$1" = "${c}" ] && { echo "Error: Could not find or load main class $1" >&2; exit 1; }`).join('\n');
  writeFileSync(tool, `#!/bin/sh\n${missing}\necho "$@"\n`);
  chmodSync(tool, 0o755);
  const script = dumpScript(topics).replaceAll(DATA_DIR, data).replaceAll('/opt/faultline/kafka-run-class', tool);
  try {
    return { stdout: execFileSync('sh', ['-c', script], { encoding: 'utf8' }).replaceAll(data, 'DATA'), status: 0 };
  } catch (e) {
    return { stdout: String((e as { stdout?: string }).stdout ?? ''), status: (e as { status: number }).status };
  }
}

describe('segment dump script', () => {
  it('dumps every segment of the topics, not of topics that merely share a prefix, in one JVM', () => {
    const r = runInFakeNode(['t', 'u'], ['t-0', 't-1', 't-extra-0', 'u-0', 'v-0']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(
      'org.apache.kafka.tools.DumpLogSegments --print-data-log --files ' + ['t-0', 't-1', 'u-0'].map((d) => `DATA/${d}/00000000000000000000.log`).join(','),
    );
  });

  it('falls back to the 3.x class when the 4.x one is missing', () => {
    const r = runInFakeNode(['t'], ['t-0'], ['org.apache.kafka.tools.DumpLogSegments']);
    expect(r.stdout).toMatch(/^kafka\.tools\.DumpLogSegments --print-data-log/);
  });

  it('prints nothing and succeeds on a node that holds none of the topics', () => {
    expect(runInFakeNode(['t'], ['v-0'])).toEqual({ stdout: '', status: 0 });
  });

  it('refuses a topic name a shell could misread', () => {
    expect(() => dumpScript(['ok', 'x; rm -rf /'])).toThrow('topic "x; rm -rf /" is not a legal Kafka topic name');
  });
});
