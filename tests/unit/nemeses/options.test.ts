// Nemesis options: CLI flags into spec.nemesisOptions, read back per family with errors naming the flag.
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { addNemesisOptions, FamilyOptions, nemesisOptionsFrom } from '../../../nemeses/options.ts';
import { nemesesFor, NEMESES } from '../../../nemeses/index.ts';
import type { TestSpec } from '../../../core/spec.ts';

const spec = (nemesis: string[], nemesisOptions: Record<string, string | number | boolean>): TestSpec =>
  ({ nemesis, nemesisOptions, killTarget: 'random', nemesisIntervalS: 10 }) as unknown as TestSpec;

describe('nemesis options', () => {
  it('flags become <family>-<key> entries; absent flags stay absent', () => {
    const cmd = addNemesisOptions(new Command().exitOverride());
    cmd.parse(['--partition-shape', 'one,halves', '--clock-max-skew', '30'], { from: 'user' });
    expect(nemesisOptionsFrom(cmd.opts())).toEqual({ 'partition-shape': 'one,halves', 'clock-max-skew': '30' });
  });

  it('a family sees its own keys only, and errors name the flag', () => {
    const o = FamilyOptions.fromSpec(spec([], { 'partition-shape': 'one,bogus', 'clock-max-skew': 5 }), 'partition');
    expect(o.has('max-skew')).toBe(false);
    expect(() => o.list('shape', ['one', 'halves'] as const, ['one'])).toThrow(/--partition-shape one,bogus/);
  });

  it('every family checks its options when the test is set up, before any cluster exists', () => {
    expect(() => nemesesFor(spec(['clock'], { 'clock-fault': 'warp' }))).toThrow(/--clock-fault/);
    expect(() => nemesesFor(spec(['pause'], { 'pause-mode': 'nap' }))).toThrow(/--pause-mode/);
    expect(() => nemesesFor(spec(['packet'], { 'packet-rate': 'fast' }))).toThrow(/rate/);
    expect(() => nemesesFor(spec(['disk'], { 'disk-fault': 'melt' }))).toThrow(/--disk-fault/);
    expect(nemesesFor(spec(Object.keys(NEMESES), {})).map((n) => n.family)).toEqual(Object.keys(NEMESES));
  });

  it('only the clock family needs libfaketime; every family has a distinct colour', () => {
    expect(Object.values(NEMESES).filter((f) => f.needsFaketime).map((f) => f.name)).toEqual(['clock']);
    const colours = Object.values(NEMESES).map((f) => f.color);
    expect(new Set(colours).size).toBe(colours.length);
  });
});
