// Throughput: client ops completed per second, per completion type, in 1 s buckets.

import { isClientProcess } from '../../core/history/op.ts';
import type { OpPair } from '../../core/history/pairing.ts';

export interface ThroughputBucket {
  /** Bucket start, seconds since test start. */
  t: number;
  type: 'ok' | 'fail' | 'info';
  /** Ops per second. */
  rate: number;
}

const BUCKET_NS = 1e9;

/**
 * Counts real completions only (an invocation that never completed did not finish anywhere in time). Every type that
 * occurs gets a bucket for every second up to the last completion, zero-filled, so lines drop to zero in quiet periods.
 */
export function throughputBuckets(pairs: readonly OpPair[]): ThroughputBucket[] {
  const counts = new Map<ThroughputBucket['type'], number[]>();
  let lastBucket = -1;
  for (const pair of pairs) {
    if (!pair.completion || !isClientProcess(pair.process)) continue;
    const bucket = Math.floor(pair.end / BUCKET_NS);
    lastBucket = Math.max(lastBucket, bucket);
    const series = counts.get(pair.type) ?? [];
    series[bucket] = (series[bucket] ?? 0) + 1;
    counts.set(pair.type, series);
  }
  const buckets: ThroughputBucket[] = [];
  for (const [type, series] of counts) {
    for (let b = 0; b <= lastBucket; b++) buckets.push({ t: b, type, rate: series[b] ?? 0 });
  }
  return buckets;
}
