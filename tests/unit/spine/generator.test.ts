// Seeded generator pieces: the same seed gives the same choices; the schedule and pacer keep their promises.
import { describe, expect, it } from 'vitest';
import { Random } from '../../../core/generator/random.ts';
import { Pacer } from '../../../core/generator/pacer.ts';
import { planNemesis } from '../../../core/generator/nemesis-schedule.ts';

describe('Random', () => {
  it('is deterministic per seed and per fork label, and different across them', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.int(1000)
      )(new Random(7)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.int(1000)
      )(new Random(7)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.int(1000)
      )(new Random(8)),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const f1 = new Random(7).fork('process-1');
    const f2 = new Random(7).fork('process-2');
    expect(f1.next()).not.toBe(f2.next());
    expect(new Random(7).fork('process-1').next()).toBe(new Random(7).fork('process-1').next());
  });

  it('weighted picks follow the weights', () => {
    const r = new Random(1);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted({ a: 1, b: 3 })]++;
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });
});

describe('planNemesis', () => {
  it('alternates start/stop per family, staggers families, stays within the time limit, and is seed-stable', () => {
    const plan = planNemesis(new Random(3), { families: ['kill', 'partition'], intervalS: 10, timeLimitS: 60 });
    expect(plan).toEqual(planNemesis(new Random(3), { families: ['kill', 'partition'], intervalS: 10, timeLimitS: 60 }));
    for (const family of ['kill', 'partition']) {
      const phases = plan.filter((p) => p.family === family).map((p) => p.phase);
      expect(phases.length).toBeGreaterThanOrEqual(4);
      phases.forEach((p, i) => expect(p).toBe(i % 2 === 0 ? 'start' : 'stop'));
    }
    expect(plan.every((p) => p.atMs < 60_000)).toBe(true);
    const firstKill = plan.find((p) => p.family === 'kill')!.atMs;
    const firstPartition = plan.find((p) => p.family === 'partition')!.atMs;
    expect(firstKill).not.toBe(firstPartition);
  });
});

describe('Pacer', () => {
  it('hands out slots at the target rate on average', () => {
    const now = 0;
    const pacer = new Pacer(100, new Random(5), () => now);
    let last = 0;
    for (let i = 0; i < 1000; i++) last = now + pacer.reserve();
    // 1000 slots at 100/s span ~10 s of the clock.
    expect(last).toBeGreaterThan(9_000);
    expect(last).toBeLessThan(11_000);
  });
});
