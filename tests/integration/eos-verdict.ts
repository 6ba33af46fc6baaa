// The eos verdicts the integration tests accept, and what a failure prints. Kafka 4.x can lose a transaction marker
// (KAFKA-20734; recorded in tests/unit/causality/eos-markers-skipped.test.ts): when every replica of an output
// partition is down while a copier's transaction is aborted, the coordinator completes it without the marker and the
// aborted records are committed with the next transaction there. Duplicates with that cause in their attribution are
// Kafka's, found and explained; any other anomaly fails, with its causality in the test output (a CI run keeps that,
// not the run directory): the ops that wrote a duplicated value and every broker's stored batches around its places.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Op } from '../../core/history/op.ts';
import type { CheckerResult } from '../../core/result.ts';

export const readHistory = (dir: string): Op[] =>
  readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Op);

/**
 * What a failed verdict needs for its causality, in the test's own output (a CI run keeps that, not the run directory):
 * the anomalies, the ops that wrote each duplicated value, and every broker's stored batches around its places.
 */
export function diagnose(dir: string, anomalies: CheckerResult['anomalies']): string {
  const ops = readHistory(dir);
  const lines = [JSON.stringify(anomalies.slice(0, 3))];
  for (const a of anomalies.slice(0, 3)) {
    const d = a.details as { value?: number; places?: Array<{ partition: number; offset: number }> } | undefined;
    if (d?.value === undefined || !d.places?.length) continue;
    const writers = ops.filter((o) => o.type !== 'invoke' && (o.value as { to?: Array<{ value: number }> } | null)?.to?.some((t) => t.value === d.value));
    for (const o of writers) lines.push(`op ${o.index} ${o.f} ${o.type} p${String(o.process)} t=${o.time} ${JSON.stringify(o.value)} ${o.error ?? ''}`);
    const { partition } = d.places[0]!;
    const offsets = d.places.map((p) => p.offset);
    const [lo, hi] = [Math.min(...offsets) - 12, Math.max(...offsets) + 12];
    for (const node of ['n1', 'n2', 'n3']) {
      const file = join(dir, 'segments', `${node}.txt`);
      let inPartition = false;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.startsWith('Dumping ')) inPartition = line.includes(`/faultline-eos-output-${partition}/`);
        const at = /^(?:baseOffset|\| offset): (\d+)/.exec(line);
        if (inPartition && at && Number(at[1]) >= lo && Number(at[1]) <= hi) lines.push(`${node}: ${line}`);
      }
    }
  }
  return lines.join('\n');
}

const kafkaLostMarker = (a: CheckerResult['anomalies'][number]): boolean =>
  a.type === 'duplicate' && (a.attribution?.facts ?? []).some((f) => f.kind === 'txn-markers-skipped');

/** Every input value exactly once in the output, except duplicates from a marker Kafka skipped (said on stderr). */
export function expectExactlyOnceOrKafkasLostMarker(dir: string, eos: CheckerResult, stats: { inputValues: number; outputRecords: number }): void {
  const unexplained = eos.anomalies.filter((a) => !kafkaLostMarker(a));
  expect(unexplained, unexplained.length === 0 ? '' : diagnose(dir, unexplained)).toEqual([]);
  if (eos.valid === false)
    console.warn(`eos: ${eos.anomalies.length} duplicates from a transaction marker Kafka skipped (KAFKA-20734):\n${diagnose(dir, eos.anomalies)}`);
  expect(stats.outputRecords).toBe(stats.inputValues + eos.anomalies.length);
}
