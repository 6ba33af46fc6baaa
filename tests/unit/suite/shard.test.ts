// Sharding: `--shard i/n` is validated, every run lands in exactly one shard, the assignment depends on the suite
// alone (every machine computes the same), and the shards' estimated work is balanced.
import { describe, expect, it } from 'vitest';
import { assignShards, parseShard } from '../../../harness/suite/shard.ts';
import { loadSuite, plannedRuns, runsOfShard } from '../../../harness/suite/plan.ts';

describe('--shard i/n', () => {
  it.each([
    ['3/2', '--shard 3/2: the shard index must be from 1 to 2'],
    ['0/2', '--shard 0/2: the shard index must be from 1 to 2'],
    ['1/0', '--shard 1/0: the number of shards must be from 1 to 1000'],
    ['1-2', '--shard 1-2: give i/n, e.g. --shard 1/4'],
  ])('%s is refused', (text, message) => {
    expect(() => parseShard(text)).toThrow(message);
  });

  it('parses i/n', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
  });
});

describe('shard assignment', () => {
  it('longest first to the least loaded shard, ties by suite order and lowest shard', () => {
    const items = [30, 90, 30, 60, 30].map((estimatedS, order) => ({ order, estimatedS }));
    // 90 → shard 1; 60 → 2; 30 (order 0) → 2 (60 < 90); 30 (order 2) → 1 (90 = 90: lowest shard); 30 (order 4) → 2.
    expect(assignShards(items, 2)).toEqual([2, 1, 1, 2, 2]);
  });

  it('every run of the release suite is in exactly one shard, for 1 to 6 shards, and the shards are balanced', async () => {
    const plan = await loadSuite('release', {});
    const all = plannedRuns(plan).map((r) => `${r.test.name}#${r.slot}`);
    for (let n = 1; n <= 6; n++) {
      const shards = Array.from({ length: n }, (_, i) => runsOfShard(plan, { index: i + 1, count: n }));
      expect(
        shards
          .flat()
          .map((r) => `${r.test.name}#${r.slot}`)
          .sort(),
      ).toEqual([...all].sort());
      const loads = shards.map((runs) => runs.reduce((s, r) => s + r.test.estimatedS, 0));
      const longestRun = Math.max(...plan.tests.map((t) => t.estimatedS));
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(longestRun);
    }
  });

  it('the same suite gives the same assignment on every machine (a fresh load), and runs keep suite order within a shard', async () => {
    const a = runsOfShard(await loadSuite('release', {}), { index: 2, count: 3 }).map((r) => r.test.name);
    const b = runsOfShard(await loadSuite('release', { kafka: '3.9.1' }), { index: 2, count: 3 }).map((r) => r.test.name);
    expect(a).toEqual(b);
    const order = (await loadSuite('release', {})).tests.map((t) => t.name);
    expect([...a].sort((x, y) => order.indexOf(x) - order.indexOf(y))).toEqual(a);
  });
});
