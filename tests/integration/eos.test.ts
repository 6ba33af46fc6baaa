// Integration: the `eos` workload end to end under the kill nemesis against a real Kafka 4.4.0 cluster, through the
// CLI: the input is seeded, copiers commit transactions (and crash inside some), the observer reads the output, a
// drain and a final read follow, and the exactly-once checker finds every input value exactly once, in order.
process.env.FAULTLINE_CLUSTER = 'flq';
process.env.FAULTLINE_SUBNET = '10.88.10.0/24';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckerResult, RunResults } from '../../core/result.ts';
import { faultline, leftovers, runDirOf } from './cli.ts';
import { expectExactlyOnceOrKafkasLostMarker, readHistory } from './eos-verdict.ts';

const ENV = { FAULTLINE_CLUSTER: 'flq', FAULTLINE_SUBNET: '10.88.10.0/24' };

afterAll(async () => {
  await faultline(['cluster', 'down'], ENV);
  expect(await leftovers('flq')).toEqual({ containers: [], networks: [] });
});

describe('eos workload', () => {
  it('under kill for 40 s with 4 copiers: exactly once, in order, observers see only committed records', async () => {
    const r = await faultline(
      [
        'test',
        '--workload',
        'eos',
        '--nemesis',
        'kill',
        '--time-limit',
        '40',
        '--nemesis-interval',
        '8',
        '--concurrency',
        '5',
        '--seed',
        '11',
        '--final-read-timeout',
        '90',
        '--name',
        'it-eos',
      ],
      ENV,
    );
    const dir = runDirOf(r, [0, 1]);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    const eos = results.checkers.eos as CheckerResult;
    const stats = eos.stats as {
      inputValues: number;
      outputRecords: number;
      finalReads: number;
      observedRecords: number;
      copies: { ok: number; fail: number; info: number };
      orderPerPartition: boolean;
    };
    expect(stats.inputValues).toBe(1280); // 8 values/s × 40 s × 4 partitions
    expect(stats.finalReads).toBe(4);
    expect(stats.copies.ok).toBeGreaterThan(50);
    expect(stats.observedRecords).toBeGreaterThan(0);
    expect(stats.orderPerPartition).toBe(true);
    expectExactlyOnceOrKafkasLostMarker(dir, eos, stats);
    expect(r.exitCode).toBe(eos.valid === true ? 0 : 1);

    const ops = readHistory(dir);
    const nemesis = ops.filter((o) => o.process === 'nemesis' && o.type !== 'invoke').map((o) => (o.value as { action: string }).action);
    expect(nemesis).toContain('kill');
    expect(ops.filter((o) => o.f === 'seed' && o.type === 'ok')).toHaveLength(1);
    // Copiers crashed inside transactions (seed 11: process 2 at its 15th op), and their partitions went on being
    // copied by successors that fenced them.
    const crashes = ops.filter((o) => o.f === 'crash' && o.type === 'info');
    expect(crashes.length).toBeGreaterThan(0);
    for (const crash of crashes) {
      const partition = (crash.value as { partition: number }).partition;
      expect(
        ops.some(
          (o) => o.index > crash.index && o.f === 'copy' && o.type === 'ok' && (o.value as { from: { partition: number } }).from.partition === partition,
        ),
      ).toBe(true);
    }
    // Copies that committed report where their records landed.
    const committed = ops.filter((o) => o.f === 'copy' && o.type === 'ok' && (o.value as { to: unknown[] }).to.length > 0);
    expect(committed.length).toBeGreaterThan(0);
    for (const c of committed.slice(0, 50)) for (const t of (c.value as { to: Array<{ offset: number | null }> }).to) expect(t.offset).not.toBeNull();
    // A crash op names the records its abandoned transaction sent.
    for (const crash of crashes) expect((crash.value as { to?: unknown[] }).to?.length).toBe((crash.value as { abandoned: number }).abandoned);
    // The stored segments of both topics on every broker, with the transaction markers, are kept in the run directory.
    const dumps = ['n1', 'n2', 'n3'].map((node) => readFileSync(join(dir, 'segments', `${node}.txt`), 'utf8'));
    for (const dump of dumps) {
      expect(dump).toContain('/faultline-eos-input-0/');
      expect(dump).toContain('/faultline-eos-output-3/');
      expect(dump).toMatch(/isTransactional: true isControl: true/);
    }
    // Committed copies, and the crashed copiers' transactions aborted by their successors.
    expect(dumps.join('\n')).toMatch(/endTxnMarker: COMMIT/);
    expect(dumps.join('\n')).toMatch(/endTxnMarker: ABORT/);
  });
});
