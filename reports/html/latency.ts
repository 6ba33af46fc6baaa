// Latency points for completed client ops, and the downsampling that keeps big histories drawable.

import { isClientProcess } from '../../core/history/op.ts';
import type { OpPair } from '../../core/history/pairing.ts';

export interface LatencyPoint {
  /** History index of the invocation. */
  index: number;
  process: number;
  f: string;
  type: 'ok' | 'fail' | 'info';
  /** Invocation time, seconds since test start. */
  t: number;
  /** Latency in ms, at least MIN_LATENCY_MS so it fits a log scale. */
  ms: number;
  node?: string;
  error?: string;
}

/** 1 µs: zero latencies are drawn here rather than dropped by the log scale. */
export const MIN_LATENCY_MS = 0.001;
export const DEFAULT_POINT_LIMIT = 20_000;
/** Share of the ok budget given to the slowest ok ops, so latency outliers survive sampling. */
const SLOWEST_OK_SHARE = 0.1;

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** One point per client op that really completed (an invocation that never completed has no latency). */
export function latencyPoints(pairs: readonly OpPair[]): LatencyPoint[] {
  const points: LatencyPoint[] = [];
  for (const pair of pairs) {
    const { completion } = pair;
    if (!completion || !isClientProcess(pair.process)) continue;
    const point: LatencyPoint = {
      index: pair.invoke.index,
      process: pair.process,
      f: pair.f,
      type: pair.type,
      t: round(pair.start / 1e9, 6),
      ms: Math.max(MIN_LATENCY_MS, round((pair.end - pair.start) / 1e6, 3)),
    };
    const node = completion.node ?? pair.invoke.node;
    if (node !== undefined) point.node = node;
    if (completion.error !== undefined) point.error = completion.error;
    points.push(point);
  }
  return points;
}

export interface LatencySample {
  points: LatencyPoint[];
  /** Points before sampling. */
  total: number;
  /** How many ok points were kept because they were the slowest. */
  slowestOkKept: number;
  sampled: boolean;
}

/** Every k-th element so that `count` elements spread evenly over the list. */
function evenly<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  const picked: T[] = [];
  for (let i = 0; i < count; i++) picked.push(items[Math.floor((i * items.length) / count)]!);
  return picked;
}

/**
 * At most `limit` points, except that every fail and info point, and every point whose invocation index is in `keep`
 * (the ops anomalies name), is always kept (they are the interesting ones).
 * The ok budget goes first to the slowest ok ops, the rest is sampled evenly over time. Deterministic.
 */
export function downsampleLatency(points: readonly LatencyPoint[], limit = DEFAULT_POINT_LIMIT, keep: ReadonlySet<number> = new Set()): LatencySample {
  if (points.length <= limit) return { points: [...points], total: points.length, slowestOkKept: 0, sampled: false };
  const notOk = points.filter((p) => p.type !== 'ok' || keep.has(p.index));
  const ok = points.filter((p) => p.type === 'ok' && !keep.has(p.index));
  const okBudget = Math.max(0, limit - notOk.length);
  const slowestCount = Math.ceil(okBudget * SLOWEST_OK_SHARE);
  const slowest = new Set([...ok].sort((a, b) => b.ms - a.ms).slice(0, slowestCount));
  const rest = evenly(
    ok.filter((p) => !slowest.has(p)),
    okBudget - slowest.size,
  );
  const kept = [...notOk, ...slowest, ...rest].sort((a, b) => a.t - b.t || a.index - b.index);
  return { points: kept, total: points.length, slowestOkKept: slowest.size, sampled: true };
}
