// Clock faults: the faketime offset file format, offset measurement, and the random choices of the scheduled nemesis.
import { describe, expect, it } from 'vitest';
import { Random } from '../../../core/generator/random.ts';
import { formatOffset, offsetFromReading, parseOffset } from '../../../nemeses/clock/faketime.ts';
import { randomOffsetMs, randomSubset } from '../../../nemeses/clock/index.ts';

describe('faketime offsets', () => {
  it('formats signed seconds with ms precision and parses them back', () => {
    expect(formatOffset(120_000)).toBe('+120.000\n');
    expect(formatOffset(-1_500)).toBe('-1.500\n');
    expect(formatOffset(0)).toBe('+0.000\n');
    for (const ms of [120_000, -1_500, 0, 7, -86_400_000]) expect(parseOffset(formatOffset(ms))).toBe(ms);
  });

  it('reads libfaketime units and treats a missing or odd file as the real clock', () => {
    expect(parseOffset('+2m')).toBe(120_000);
    expect(parseOffset('-1h')).toBe(-3_600_000);
    expect(parseOffset('+0')).toBe(0);
    expect(parseOffset(undefined)).toBe(0);
    expect(parseOffset('@2020-01-01 00:00:00')).toBe(0);
  });

  it('offset of a reading is taken against the midpoint of the host clock around it', () => {
    expect(offsetFromReading(BigInt(1_000_120_000) * 1_000_000n, 1_000_000_000, 1_000_000_010)).toBe(119_995);
  });
});

describe('scheduled clock choices', () => {
  it('random offsets are non-trivial (at least a tenth of the maximum) and within the maximum, both signs', () => {
    const rng = new Random(5);
    const values = Array.from({ length: 500 }, () => randomOffsetMs(rng, 60_000));
    for (const v of values) {
      expect(Math.abs(v)).toBeGreaterThanOrEqual(6_000);
      expect(Math.abs(v)).toBeLessThanOrEqual(60_000);
    }
    expect(values.some((v) => v < 0) && values.some((v) => v > 0)).toBe(true);
  });

  it('random subsets are non-empty and without repeats', () => {
    const rng = new Random(2);
    for (let i = 0; i < 100; i++) {
      const s = randomSubset(['n1', 'n2', 'n3'], rng);
      expect(s.length).toBeGreaterThan(0);
      expect(new Set(s).size).toBe(s.length);
    }
  });
});
