// Lost writes attributed to their cause on recorded acks=1 runs under leader-crash-window (Kafka 4.4.0 and 3.9.1):
// `faultline check` on the stored run (events derived again from its node logs) explains each lost write by the kill
// that followed its ack, the leader change to a replica without it, and the truncation on the killed broker's
// return — in results.json and in the report. Without node logs, the same history gives the history-only account
// and says what it cannot know.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../core/paths.ts';
import type { Anomaly, RunResults } from '../../../core/result.ts';
import { unpackRun } from './recorded-runs.ts';

const CLI = join(repoRoot, 'harness', 'cli', 'faultline.mjs');

async function check(runDir: string) {
  const out = mkdtempSync(join(tmpdir(), 'faultline-check-out-'));
  const r = await execa('node', [CLI, 'check', runDir, '--json', '--out', out], { reject: false });
  const results = JSON.parse(r.stdout) as RunResults;
  return { code: r.exitCode, stderr: r.stderr, results, out, lost: results.checkers['lost-writes']!.anomalies.filter((a) => a.type === 'lost') };
}

const lostValue = (lost: Anomaly[], value: number): Anomaly => lost.find((a) => a.details?.value === value)!;

describe('lost writes of a recorded acks=1 run on Kafka 4.4.0', async () => {
  const run = await check(unpackRun('fx-acks1-lcw-440'));

  it('re-derives the broker events from the node logs and finds the 253 lost writes', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broker events derived again from .*nodes \(\d+\); history time 0 taken from the run directory name/);
    expect(run.lost).toHaveLength(253);
  });

  it("names the kill after the ack, the leader change and the truncation on the killed broker's return", () => {
    const a = lostValue(run.lost, 1684);
    expect(a.explanation).toBe(
      'Value 1684 was acknowledged (op 3394, partition 2 offset 264) but the final read of partition 2 from offset 0 to its end did not contain it. ' +
        'Cause: Acknowledged at 44.09 s by n3, leader of partition 2 in epoch 0 since 30.39 s (broker events). ' +
        'Then its followers were cut off from it (leader-crash-window cut-replication n3,n1,n2) when it acknowledged the record; ' +
        'n3 was killed 2.16 s after the ack (leader-crash-window crash-leader n3, at 46.25 s); ' +
        'n1 became leader in epoch 1 at 55.50 s, from offset 264, without offset 264; ' +
        'n2 (log up to offset 265) had fetched it but truncated it to offset 264; ' +
        'n3 truncated partition 2 to offset 264 when it came back, at 66.88 s.',
    );
    const roles = a.attribution!.faults.map((f) => [f.action, f.targets.join(','), f.role]);
    expect(roles.slice(0, 4)).toEqual([
      ['cut-replication', 'n3,n1,n2', 'isolated-leader'],
      ['crash-leader', 'n3', 'crashed-leader'],
      ['heal-followers', 'n1,n2', 'concurrent'],
      ['heal', 'n3', 'returned'],
    ]);
    expect(a.attribution!.faults.find((f) => f.role === 'crashed-leader')!.text).toBe(
      'n3 was killed 2.16 s after the ack (leader-crash-window crash-leader n3, at 46.25 s), while it led partition 2 in epoch 0; ' +
        'n1, which took over in epoch 1, had not fetched offset 264 (it started as leader from offset 264); n2 had fetched it but later truncated it.',
    );
    expect(a.attribution!.facts.map((f) => [f.kind, f.node, f.file, f.line])).toEqual([
      ['leader-change', 'n1', 'nodes/n1/server.log', 337],
      ['truncation', 'n2', 'nodes/n2/server.log', 390],
      ['truncation', 'n3', 'nodes/n3/server.log', 662],
    ]);
    expect(a.attribution!.basis).toEqual(['broker events', 'monitor rounds', 'history']);
  });

  it('every lost write: a kill of the broker that acknowledged it after the ack, a new leader without it, and the truncation when it returned', () => {
    for (const a of run.lost) {
      const attribution = a.attribution!;
      const crash = attribution.faults.filter((f) => f.role === 'crashed-leader');
      expect(crash, a.explanation).toHaveLength(1);
      expect(crash[0]!.action).toBe('crash-leader');
      expect(crash[0]!.applied).toBeGreaterThan(attribution.from);
      expect(attribution.faults.filter((f) => f.role === 'returned')).toHaveLength(1);
      expect(a.explanation).toMatch(/became leader in epoch \d+ at [\d.]+ s, from offset \d+, without offset \d+/);
      expect(a.explanation).toMatch(/n[23] truncated partition \d to offset \d+ when it came back, at [\d.]+ s\.$/);
    }
    // Both windows lost writes: n3's (partitions 2 and 5) and n2's (partitions 1 and 3).
    expect(new Set(run.lost.map((a) => a.attribution!.faults.find((f) => f.role === 'crashed-leader')!.targets[0]))).toEqual(new Set(['n2', 'n3']));
  });

  it('results.json and the report carry the same explanation', () => {
    const stored = JSON.parse(readFileSync(join(run.out, 'results.json'), 'utf8')) as RunResults;
    expect(lostValue(stored.checkers['lost-writes']!.anomalies, 1684).explanation).toBe(lostValue(run.lost, 1684).explanation);
    const report = readFileSync(join(run.out, 'report.html'), 'utf8');
    expect(report).toContain('n3 was killed 2.16 s after the ack (leader-crash-window crash-leader n3, at 46.25 s)');
    expect(report).toContain('n3 truncated partition 2 to offset 264 when it came back, at 66.88 s.');
    // The faults with their roles and the broker facts with the log line each was read from.
    expect(report).toContain('<span class="tag role-crashed-leader">crashed-leader</span> n3 was killed 2.16 s after the ack');
    expect(report).toContain('<td>nodes/n3/server.log:662</td>');
    expect(report).toContain('Checked for: lost 253, duplicated 0, unexpected 0, failed-but-read 0, moved 0');
  });

  it('lists every class it looked for, with zero counts for those not found', () => {
    expect(run.results.checkers['lost-writes']!.checked).toEqual({ lost: 253, duplicated: 0, unexpected: 0, 'failed-but-read': 0, moved: 0 });
    expect(run.results.checkers['metadata']!.checked).toEqual({ 'two-leaders-one-epoch': 0, 'epoch-regression': 0, 'isr-not-alive': 0 });
  });
});

describe('lost writes of the same scenario on Kafka 3.9.1', async () => {
  const run = await check(unpackRun('fx-acks1-lcw-391'));

  it('names the kill, the new leader without the record and the truncation on return', () => {
    expect(run.code).toBe(1);
    const a = lostValue(run.lost, 1352);
    expect(a.attribution!.summary).toBe(
      'Acknowledged at 37.92 s by n3, leader of partition 5 in epoch 0 since 25.16 s (broker events). ' +
        'Then its followers were cut off from it (leader-crash-window cut-replication n3,n1,n2) when it acknowledged the record; ' +
        'n3 was killed 2.12 s after the ack (leader-crash-window crash-leader n3, at 40.04 s); ' +
        'n1 became leader in epoch 1 at 47.66 s, from offset 239, without offset 239; ' +
        'n3 truncated partition 5 to offset 239 when it came back, at 77.02 s.',
    );
    for (const lost of run.lost)
      expect(
        lost.attribution!.faults.some((f) => f.role === 'crashed-leader'),
        lost.explanation,
      ).toBe(true);
  });
});

describe('the same 4.4.0 run without its node logs', async () => {
  const dir = unpackRun('fx-acks1-lcw-440');
  rmSync(join(dir, 'nodes'), { recursive: true });
  const run = await check(dir);

  it('falls back to the monitor rounds and the history, and says what they cannot show', () => {
    expect(existsSync(join(dir, 'events.jsonl'))).toBe(false);
    const a = lostValue(run.lost, 1684);
    expect(a.attribution!.basis).toEqual(['monitor rounds', 'history']);
    expect(a.attribution!.summary).toMatch(/^Acknowledged at 44\.09 s by n3, leader of partition 2 in epoch 0 \(by the monitor round at [\d.]+ s\)\. /);
    expect(a.attribution!.summary).toContain('n3 was killed 2.16 s after the ack (leader-crash-window crash-leader n3, at 46.25 s)');
    expect(a.attribution!.faults.find((f) => f.role === 'crashed-leader')!.text).toContain(
      'the history alone does not show whether a follower had fetched offset 264',
    );
    expect(a.attribution!.faults.find((f) => f.role === 'returned')!.text).toBe(
      'n3 came back (leader-crash-window heal n3, at 59.21 s); no truncation of partition 2 on it is in the broker events.',
    );
  });
});
