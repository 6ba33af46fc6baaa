// Integration: the `queue` workload end to end under the kill nemesis against a real Kafka 4.4.0 cluster, through the
// CLI: transactional sends and polls are acknowledged and read back, the Kafka checker computes a verdict, and every
// acknowledged offset was read by the final read — or the verdict accounts for it (lost-write / unseen); and the
// non-transactional path (idempotent producer, assign-only consumers) comes out valid.
process.env.FAULTLINE_CLUSTER = 'flq';
process.env.FAULTLINE_SUBNET = '10.88.10.0/24';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Op } from '../../core/history/op.ts';
import type { CheckerResult, RunResults } from '../../core/result.ts';
import { faultline, leftovers, runDirOf } from './cli.ts';

const ENV = { FAULTLINE_CLUSTER: 'flq', FAULTLINE_SUBNET: '10.88.10.0/24' };
/** Cycle classes built on ww edges from log order: Kafka does not order concurrent transactions' writes. */
const CYCLES = /^G(0|1c)(-process|-realtime)?$/;

const readHistory = (dir: string): Op[] =>
  readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Op);

type Micro = [string, number, [number | null, number] | number] | [string, Record<string, Array<[number, number]>>];

/** Acknowledged sends as "key:value", and everything any poll returned, as "key:value". */
function sendsAndReads(ops: Op[]): { acknowledged: Set<string>; read: Set<string>; finalPolls: number } {
  const acknowledged = new Set<string>();
  const read = new Set<string>();
  const lastProcess = Math.max(...ops.filter((o) => typeof o.process === 'number').map((o) => o.process as number));
  let finalPolls = 0;
  for (const op of ops) {
    if (op.type !== 'ok' || !Array.isArray(op.value)) continue;
    if (op.f === 'poll' && op.process === lastProcess) finalPolls++;
    for (const micro of op.value as Micro[]) {
      if (micro[0] === 'send') acknowledged.add(`${micro[1]}:${(micro[2] as [number | null, number])[1]}`);
      if (micro[0] === 'poll')
        for (const [key, records] of Object.entries(micro[1] as Record<string, Array<[number, number]>>)) for (const [, v] of records) read.add(`${key}:${v}`);
    }
  }
  return { acknowledged, read, finalPolls };
}

afterAll(async () => {
  await faultline(['cluster', 'down'], ENV);
  expect(await leftovers('flq')).toEqual({ containers: [], networks: [] });
});

describe('queue workload', () => {
  it('--txn under kill for 40 s: transactions commit, polls return records, the final read covers every acknowledged send or the verdict says why', async () => {
    const r = await faultline(
      [
        'test',
        '--workload',
        'queue',
        '--txn',
        '--nemesis',
        'kill',
        '--time-limit',
        '40',
        '--nemesis-interval',
        '8',
        '--seed',
        '7',
        '--final-read-timeout',
        '60',
        '--name',
        'it-queue-txn',
      ],
      ENV,
    );
    const dir = runDirOf(r, [0, 1]);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    const kafka = results.checkers.kafka as CheckerResult;
    expect(kafka.valid).not.toBe('unknown');
    const stats = kafka.stats as {
      transactions: { ok: number; fail: number; info: number };
      polledRecords: number;
      unseen: number;
      options: Record<string, unknown>;
      anomalies?: Record<string, { total: number }>;
    };
    expect(stats.options).toMatchObject({ txn: true, idempotent: true, isolation: 'read_committed', groupRebalances: true });
    expect(stats.transactions.ok).toBeGreaterThan(100);
    expect(stats.polledRecords).toBeGreaterThan(100);

    const ops = readHistory(dir);
    const nemesis = ops.filter((o) => o.process === 'nemesis' && o.type !== 'invoke').map((o) => (o.value as { action: string }).action);
    expect(nemesis).toContain('kill');
    expect(ops.some((o) => o.f === 'txn' && o.type === 'ok')).toBe(true);
    expect(ops.some((o) => o.f === 'subscribe' && o.type === 'ok') || ops.some((o) => o.f === 'assign' && o.type === 'ok')).toBe(true);

    const { acknowledged, read, finalPolls } = sendsAndReads(ops);
    expect(finalPolls).toBeGreaterThan(0);
    const unread = [...acknowledged].filter((s) => !read.has(s));
    const accounted = stats.unseen + (stats.anomalies?.['lost-write']?.total ?? 0);
    expect(unread.length, `unread acknowledged sends: ${unread.slice(0, 10).join(', ')}`).toBe(accounted);

    // What Kafka must never do, whatever the checker's policy on cycles: lose, duplicate, reorder or leak aborted data.
    const failing = kafka.anomalies.filter((a) => !a.allowed).map((a) => a.type);
    expect(
      failing.filter((t) => !CYCLES.test(t)),
      JSON.stringify(kafka.anomalies.filter((a) => !a.allowed && !CYCLES.test(a.type)).slice(0, 3)),
    ).toEqual([]);
  });

  it('idempotent single sends and polls, assign only, under kill for 30 s: valid — no loss, duplicate, gap or reordering', async () => {
    const r = await faultline(
      [
        'test',
        '--workload',
        'queue',
        '--idempotent',
        '--sub-via',
        'assign',
        '--nemesis',
        'kill',
        '--time-limit',
        '30',
        '--nemesis-interval',
        '8',
        '--seed',
        '5',
        '--final-read-timeout',
        '60',
        '--name',
        'it-queue-idempotent',
      ],
      ENV,
    );
    const dir = runDirOf(r, [0, 1]);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    const kafka = results.checkers.kafka as CheckerResult;
    const stats = kafka.stats as { transactions: { ok: number }; sends: number; polledRecords: number; unseen: number; options: Record<string, unknown> };
    expect(stats.options).toMatchObject({ txn: false, idempotent: true, isolation: 'read_uncommitted', groupRebalances: false });
    expect(stats.sends).toBeGreaterThan(100);
    expect(stats.polledRecords).toBeGreaterThan(100);
    const ops = readHistory(dir);
    expect(ops.some((o) => o.f === 'txn' || o.f === 'subscribe')).toBe(false);
    const { acknowledged, read } = sendsAndReads(ops);
    expect([...acknowledged].filter((s) => !read.has(s))).toEqual([]);
    expect(kafka.valid, JSON.stringify(kafka.anomalies.filter((a) => !a.allowed).slice(0, 3))).toBe(true);
    expect(r.exitCode).toBe(0);
  });
});
