// A recorded eos run on Kafka 4.4.0 (seed 106, kill every ~4 s) whose output holds five values twice: the transaction
// coordinator completed an aborted transaction without writing its ABORT marker to a leaderless output partition
// ("likely deleted already"), so that transaction's records stayed open and were committed with the producer's next
// transaction there. The checker finds the duplicates; the broker events and the attribution name the skipped marker.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runDirectoryTime } from '../../../harness/run/run-events.ts';
import { repoRoot } from '../../../core/paths.ts';
import type { RunResults } from '../../../core/result.ts';
import { kafkaEventsFromRunDir } from '../../../systems/kafka/events/index.ts';
import { readOps, unpackRun } from './recorded-runs.ts';

const CLI = join(repoRoot, 'harness', 'cli', 'faultline.mjs');

describe('eos run on Kafka 4.4.0 with a skipped ABORT marker', async () => {
  const dir = unpackRun('fx-eos-markers-440');
  const events = kafkaEventsFromRunDir(dir, readOps(dir), runDirectoryTime(dir)!);
  const r = await execa('node', [CLI, 'check', dir, '--json', '--out', mkdtempSync(join(tmpdir(), 'faultline-check-out-'))], { reject: false });
  const results = JSON.parse(r.stdout) as RunResults;
  const anomalies = results.checkers.eos!.anomalies;

  it("reads the coordinator's skipped markers as one event per partition", () => {
    const skipped = events.filter((e) => e.kind === 'txn-markers-skipped');
    expect(skipped.map((e) => [e.node, 'topic' in e ? `${e.topic}-${e.partition}` : '', 'transactionalId' in e ? e.transactionalId : ''])).toEqual([
      ['n1', 'faultline-eos-output-3', 'faultline-eos-copier-3'],
      ['n1', '__consumer_offsets-2', 'faultline-eos-copier-3'],
      ['n1', 'faultline-eos-output-0', 'faultline-eos-copier-0'],
      ['n1', '__consumer_offsets-2', 'faultline-eos-copier-0'],
    ]);
  });

  it('finds the aborted copy committed with its successor: five values twice, in adjacent batches', () => {
    expect(r.exitCode).toBe(1);
    expect(anomalies.map((a) => [a.type, a.details?.value])).toEqual([100, 104, 108, 112, 116].map((v) => ['duplicate', v]));
    expect(anomalies[0]!.details).toMatchObject({
      partition: 0,
      topic: 'faultline-eos-output',
      places: [
        { partition: 0, offset: 30 },
        { partition: 0, offset: 35 },
      ],
    });
    expect(anomalies[0]!.explanation).toContain('copy ops that wrote it: op 110 (info), op 1467 (ok)');
  });

  it('attributes the duplicates to the skipped marker on their partition', () => {
    const a = anomalies[0]!.attribution!;
    expect(a.facts.filter((f) => f.kind === 'txn-markers-skipped')).toEqual([
      expect.objectContaining({ node: 'n1', text: expect.stringContaining('transaction markers for faultline-eos-copier-0') }),
    ]);
    expect(a.summary).toContain(
      "n1's transaction coordinator completed a transaction without writing its marker to this partition (97.33 s; it found no leader for it and took it for deleted)",
    );
  });
});
