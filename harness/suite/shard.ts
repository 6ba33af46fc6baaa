// Sharding: `--shard i/n` runs a deterministic, balanced share of a suite's runs. Every machine computes the same
// assignment from the suite alone: runs sorted by estimated duration (longest first, then suite order), each given to
// the shard with the least estimated work so far (lowest index on ties) — the longest-processing-time rule, which
// keeps the longest shard within 4/3 of the best possible split.
import { UserError } from '../../core/errors.ts';
import type { ShardId } from '../../core/suite-record.ts';

export function parseShard(text: string): ShardId {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new UserError(`--shard ${text}: give i/n, e.g. --shard 1/4`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 1000) throw new UserError(`--shard ${text}: the number of shards must be from 1 to 1000`);
  if (index < 1 || index > count) throw new UserError(`--shard ${text}: the shard index must be from 1 to ${count}`);
  return { index, count };
}

export interface Weighted {
  /** Position in suite order (ties are broken by it). */
  order: number;
  estimatedS: number;
}

/** The shard (1-based) of each item, index-aligned with `items`. */
export function assignShards(items: readonly Weighted[], count: number): number[] {
  const load = new Array<number>(count).fill(0);
  const shardOf = new Array<number>(items.length).fill(1);
  const byDuration = items.map((item, i) => ({ ...item, i })).sort((a, b) => b.estimatedS - a.estimatedS || a.order - b.order);
  for (const item of byDuration) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[best]!) best = s;
    load[best]! += item.estimatedS;
    shardOf[item.i] = best + 1;
  }
  return shardOf;
}
