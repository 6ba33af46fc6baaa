// Latency points, downsampling of big histories (every fail/info point kept), and throughput buckets.

import { describe, expect, it } from 'vitest';
import type { Op } from '../../../core/history/op.ts';
import { downsampleLatency, latencyPoints, MIN_LATENCY_MS, type LatencyPoint } from '../../../reports/html/latency.ts';
import { pairOps } from '../../../core/history/pairing.ts';
import { throughputBuckets } from '../../../reports/html/throughput.ts';
import { historyOf } from './fixture.ts';

const S = 1e9;
const MS = 1e6;

describe('latencyPoints', () => {
  it('has one point per completed client op, none for nemesis ops or invocations that never completed', () => {
    const ops = historyOf([
      { type: 'invoke', process: 0, f: 'write', value: 1, time: 1 * S, node: 'n1' },
      { type: 'fail', process: 0, f: 'write', value: 1, time: 1 * S + 12.5 * MS, error: 'timeout' },
      { type: 'invoke', process: 1, f: 'read', value: null, time: 2 * S },
      { type: 'ok', process: 1, f: 'read', value: 1, time: 2 * S },
      { type: 'invoke', process: 'nemesis', f: 'kill', value: null, time: 3 * S },
      { type: 'info', process: 'nemesis', f: 'kill', value: null, time: 4 * S },
      { type: 'invoke', process: 2, f: 'read', value: null, time: 5 * S },
    ]);
    expect(latencyPoints(pairOps(ops, { lenient: true }))).toEqual([
      { index: 0, process: 0, f: 'write', type: 'fail', t: 1, ms: 12.5, node: 'n1', error: 'timeout' },
      { index: 2, process: 1, f: 'read', type: 'ok', t: 2, ms: MIN_LATENCY_MS },
    ]);
  });
});

describe('downsampleLatency', () => {
  const points: LatencyPoint[] = Array.from({ length: 50_000 }, (_, i) => ({
    index: i,
    process: i % 10,
    f: 'send',
    type: i % 25 === 0 ? 'fail' : i % 40 === 1 ? 'info' : 'ok',
    t: i / 1000,
    ms: i === 31_337 ? 9_999 : 1 + (i % 97),
  }));
  const notOk = points.filter((p) => p.type !== 'ok');

  it('leaves small sets alone', () => {
    const small = points.slice(0, 1000);
    expect(downsampleLatency(small, 20_000)).toEqual({ points: small, total: 1000, slowestOkKept: 0, sampled: false });
  });

  it('keeps every fail and info point, the slowest ok points, and stays within the limit', () => {
    const sample = downsampleLatency(points, 20_000);
    expect(sample.sampled).toBe(true);
    expect(sample.total).toBe(50_000);
    expect(sample.points).toHaveLength(20_000);
    const kept = new Set(sample.points);
    expect(notOk.every((p) => kept.has(p))).toBe(true);
    expect(kept.has(points[31_337]!)).toBe(true);
    expect(sample.slowestOkKept).toBe(Math.ceil((20_000 - notOk.length) * 0.1));
    // In time order, and ok points spread over the whole run.
    expect(sample.points.every((p, i, all) => i === 0 || all[i - 1]!.t <= p.t)).toBe(true);
    const okTimes = sample.points.filter((p) => p.type === 'ok').map((p) => p.t);
    expect(Math.min(...okTimes)).toBeLessThan(1);
    expect(Math.max(...okTimes)).toBeGreaterThan(49);
  });

  it('keeps every non-ok point even when they alone exceed the limit', () => {
    const sample = downsampleLatency(points, 1_000);
    expect(sample.points.filter((p) => p.type !== 'ok')).toHaveLength(notOk.length);
    expect(sample.points.filter((p) => p.type === 'ok')).toHaveLength(0);
  });
});

describe('throughputBuckets', () => {
  it('counts completions per second and type, zero-filled', () => {
    const drafts: Array<Omit<Op, 'index'>> = [];
    const complete = (process: number, atS: number, type: 'ok' | 'fail') => {
      drafts.push({ type: 'invoke', process, f: 'send', value: null, time: (atS - 0.1) * S });
      drafts.push({ type, process, f: 'send', value: null, time: atS * S });
    };
    complete(0, 0.5, 'ok');
    complete(1, 0.7, 'ok');
    complete(0, 2.2, 'fail');
    expect(throughputBuckets(pairOps(historyOf(drafts), { lenient: true }))).toEqual([
      { t: 0, type: 'ok', rate: 2 },
      { t: 1, type: 'ok', rate: 0 },
      { t: 2, type: 'ok', rate: 0 },
      { t: 0, type: 'fail', rate: 0 },
      { t: 1, type: 'fail', rate: 0 },
      { t: 2, type: 'fail', rate: 1 },
    ]);
  });
});
