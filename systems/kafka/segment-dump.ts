// The workload topics' stored logs on every broker, as Kafka's own DumpLogSegments prints them: each batch with its
// producer id, epoch, sequence numbers, leader epoch and transactional/control flags, COMMIT/ABORT markers, and every
// record's payload. Taken after the final reads, before teardown, into <run>/segments/<node>.txt, so that a surprising
// verdict (a duplicate, an aborted record that turned up) can be traced to what each replica actually stored.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterHandle } from '../../core/cluster.ts';
import { errorMessage } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { nodeShell } from '../../core/runtime.ts';
import { DATA_DIR } from './broker-config.ts';

/** Kafka 4.x moved the tool to the tools module; 3.x has it in core. */
const TOOL_CLASSES = ['org.apache.kafka.tools.DumpLogSegments', 'kafka.tools.DumpLogSegments'];
/** Kafka's legal topic characters: nothing in a name needs quoting in a shell word. */
const LEGAL_TOPIC = /^[A-Za-z0-9._-]+$/;
const DUMP_TIMEOUT_MS = 120_000;

/** The shell script that prints every segment of `topics` in one JVM (nothing when the node holds none of them). */
export function dumpScript(topics: readonly string[]): string {
  const bad = topics.find((t) => !LEGAL_TOPIC.test(t));
  if (bad !== undefined) throw new Error(`topic ${JSON.stringify(bad)} is not a legal Kafka topic name`);
  const patterns = topics.map((t) => `${t}-[0-9]*`).join(' ');
  return [
    `cd ${DATA_DIR} || exit 0`,
    `files=$(for d in ${patterns}; do [ -d "$d" ] && ls "$PWD/$d"/*.log; done 2>/dev/null | paste -sd, -)`,
    '[ -n "$files" ] || exit 0',
    `for cls in ${TOOL_CLASSES.join(' ')}; do`,
    '  /opt/faultline/kafka-run-class "$cls" --print-data-log --files "$files" 2>/tmp/faultline-dump.err && exit 0',
    '  grep -q "Could not find or load main class" /tmp/faultline-dump.err || { cat /tmp/faultline-dump.err >&2; exit 1; }',
    'done',
    'echo "no DumpLogSegments class in /opt/kafka/libs" >&2; exit 1',
  ].join('\n');
}

/** Dumps `topics` on every running broker into `dir/<node>.txt`; a node that cannot be dumped costs a warning only. */
export async function dumpTopicSegments(cluster: Pick<ClusterHandle, 'nodes'>, topics: readonly string[], dir: string, progress: Progress): Promise<void> {
  if (topics.length === 0) return;
  const script = dumpScript(topics);
  await progress.step(`dumping the stored segments of ${topics.join(', ')} into ${dir}`, async () => {
    mkdirSync(dir, { recursive: true });
    await Promise.all(
      cluster.nodes
        .filter((n) => n.roles.includes('broker'))
        .map(async (n) => {
          try {
            if ((await n.handle.status()).state !== 'running') {
              progress.warn(`segments of ${n.name} not dumped: the node is not running`);
              return;
            }
            const r = await nodeShell(n.handle, script, DUMP_TIMEOUT_MS);
            if (r.exitCode !== 0) throw new Error(`exit ${r.exitCode}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
            writeFileSync(join(dir, `${n.name}.txt`), r.stdout);
          } catch (e) {
            progress.warn(`could not dump the segments of ${n.name}: ${errorMessage(e)}`);
          }
        }),
    );
  });
}
