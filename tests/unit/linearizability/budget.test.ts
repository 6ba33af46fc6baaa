// Budgets of a linearizability check: past its memory budget or time limit the answer is 'unknown' with the reason
// (never a crash, never a guess); peak memory is reported; progress is reported while the search runs.
import { describe, expect, it } from 'vitest';
import { getHeapStatistics } from 'node:v8';
import { ConfigurationCache } from '../../../checkers/linearizability/cache.ts';
import { checkLinearizability, type SearchProgress } from '../../../checkers/linearizability/index.ts';
import { MemoryBudget } from '../../../checkers/linearizability/memory.ts';
import { generateHistory } from '../../../checkers/linearizability/generate-history.ts';
import { concurrentThenImpossible } from './history-builder.ts';

/** 20 concurrent writes and a read nobody wrote: refuting it needs about a million configurations. */
const hard = () =>
  concurrentThenImpossible(
    Array.from({ length: 20 }, (_, i) => ({ f: 'write', input: i })),
    { f: 'read', output: 99 },
  );

describe('memory budget', () => {
  it('answers unknown with the reason when the search would go past it', () => {
    const result = checkLinearizability(hard(), { model: 'register', memoryMB: 8 });
    expect(result.valid).toBe('unknown');
    expect(result.stats.unknownReason).toMatch(/^the memory budget of 8 MB was reached after [\d,]+ states$/);
    expect(result.stats.memoryBudgetMB).toBe(8);
    expect(result.anomalies).toEqual([]);
    // It stopped near the budget, not far past it.
    expect(result.stats.peakMemoryMB as number).toBeLessThan(8 + 16);
  });

  it('decides the same history when the budget is large enough, and reports its peak', () => {
    const small = concurrentThenImpossible(
      Array.from({ length: 8 }, (_, i) => ({ f: 'write', input: i })),
      { f: 'read', output: 99 },
    );
    const result = checkLinearizability(small, { model: 'register', memoryMB: 64 });
    expect(result.valid).toBe(false);
    expect(result.stats.peakMemoryMB).toEqual(expect.any(Number));
    expect(result.stats.unknownReason).toBeUndefined();
  });

  it('stops a partitioned check as a whole (kv)', () => {
    const ops = concurrentThenImpossible(
      Array.from({ length: 20 }, (_, i) => ({ f: 'append', input: ['k', `${i}`] })),
      { f: 'get', input: ['k', null], output: ['k', 'never'] },
    );
    const result = checkLinearizability(ops, { model: 'kv', memoryMB: 4 });
    expect(result.valid).toBe('unknown');
    expect(result.stats.unknownReason).toMatch(/memory budget of 4 MB/);
    expect(result.stats.undecidedPartitions).toBe(1);
  });
});

describe('memory budget and the V8 heap', () => {
  it('refuses an allocation on the heap that would pass the heap limit, whatever the budget allows, and says so', () => {
    const used = getHeapStatistics().used_heap_size;
    const budget = new MemoryBudget(100_000, used + 64 * 1024 * 1024);
    expect(budget.reserve(32 * 1024 * 1024, true)).toBe(true);
    // The same bytes off the heap (typed arrays) are the budget's business only.
    expect(budget.reserve(512 * 1024 * 1024)).toBe(true);
    expect(budget.reserve(512 * 1024 * 1024, true)).toBe(false);
    expect(budget.exhaustedBecause).toMatch(/^the JavaScript heap \(\d+ MB\) had no room for 512 MB more within its limit of \d+ MB$/);
    expect(budget.reserve(1)).toBe(false);
  });

  it('grants a small allocation on the heap without measuring it, and measures a large one', () => {
    const used = getHeapStatistics().used_heap_size;
    // A heap limit already passed: only a measurement can tell.
    const budget = new MemoryBudget(100_000, used / 2);
    expect(budget.reserve(64 * 1024, true)).toBe(true);
    expect(budget.reserve(1024 * 1024, true)).toBe(false);
    expect(budget.exhaustedBecause).toMatch(/^the JavaScript heap \(\d+ MB\) had no room for 1 MB more/);
  });

  it('the memo reserves its states array too (one reference per entry), not only its typed arrays', () => {
    const budget = new MemoryBudget(1000);
    const before = budget.usedBytes;
    new ConfigurationCache<number>({ equal: (a, b) => a === b }, { remaining: 1e9 }, budget, 4096);
    // slots (2 × 4 B) + hashes, ends, holes (3 × 4 B) + states (8 B) per entry, and the 1 KB hole pool.
    expect(budget.usedBytes - before).toBe(4096 * (8 + 12 + 8) + 1024);
  });
});

describe('time limit', () => {
  it('answers unknown with the limit as the reason', () => {
    const result = checkLinearizability(hard(), { model: 'register', timeoutMs: 50 });
    expect(result.valid).toBe('unknown');
    expect(result.stats.unknownReason).toMatch(/^the time limit of 0\.1 s was reached after [\d,]+ states$/);
  });
});

describe('progress', () => {
  it('reports linearized ops, states and memory while searching', () => {
    const reports: SearchProgress[] = [];
    const ops = generateHistory({ model: 'register', clients: 5, ops: 20_000, crashRate: 0, violation: false, seed: 3 });
    const result = checkLinearizability(ops, { model: 'register', onProgress: (p) => reports.push(p), progressIntervalMs: 0 });
    expect(result.valid).toBe(true);
    expect(reports.length).toBeGreaterThan(0);
    for (const p of reports) {
      expect(p.calls).toBe(20_000);
      expect(p.linearized).toBeGreaterThan(0);
      expect(p.linearized).toBeLessThanOrEqual(p.calls);
      expect(p.states).toBeGreaterThan(0);
      expect(p.partitions).toBe(1);
    }
    // The search moves forward between reports.
    expect(reports[reports.length - 1]!.linearized).toBeGreaterThan(reports[0]!.linearized);
  });
});
