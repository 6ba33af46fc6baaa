// Fault options: each family's schema drives `faultline test --<family>-<name>` and `faultline nemesis` flags; values
// are validated when a test is set up (before any cluster starts), with errors that name the flag.
import { describe, expect, it } from 'vitest';
import { Options } from '../../../core/options.ts';
import type { TestSpec } from '../../../core/spec.ts';
import { nemesesFor, NEMESES } from '../../../nemeses/index.ts';
import { familyOptions } from '../../../nemeses/options.ts';
import { buildProgram } from '../../../harness/cli/main.ts';
import { specFromFlags } from '../../../harness/cli/test.ts';

const spec = (nemesis: string[], nemesisOptions: Record<string, string | number | boolean>): TestSpec =>
  ({ nemesis, nemesisOptions, killTarget: 'random', nemesisIntervalS: 10, cluster: { nodes: 3 } }) as unknown as TestSpec;

/** The spec `faultline test <args>` would run, without running it. */
function specOf(args: string[]): TestSpec {
  const program = buildProgram();
  let captured: TestSpec | undefined;
  const test = program.commands.find((c) => c.name() === 'test')!;
  test.action((flags: Parameters<typeof specFromFlags>[0]) => {
    captured = specFromFlags(flags);
  });
  program.parse(['node', 'faultline', 'test', '--seed', '1', ...args]);
  return captured!;
}

describe('fault options', () => {
  it('test flags become <family>-<name> entries; absent flags stay absent', () => {
    const s = specOf(['--nemesis', 'partition,clock', '--partition-shape', 'one,halves', '--clock-max-skew', '30']);
    expect(s.nemesisOptions).toEqual({ 'partition-shape': 'one,halves', 'clock-max-skew': '30' });
  });

  it('a fault flag of a family that is not selected is refused, naming the family', () => {
    expect(() => specOf(['--nemesis', 'kill', '--partition-shape', 'one'])).toThrow(/--partition-shape: the partition nemesis is not selected/);
  });

  it('a family sees its own keys only, and errors name the flag', () => {
    const o = familyOptions(spec([], { 'partition-mode': 'reject', 'clock-max-skew': 5 }), NEMESES.partition!);
    expect(o.choice('mode')).toBe('reject');
    expect(o.list('shape')).toEqual(
      NEMESES.partition!.options.find((x) => x.name === 'shape')!
        .default!.toString()
        .split(','),
    );
    expect(() => familyOptions(spec([], { 'partition-shape': 'one,bogus' }), NEMESES.partition!)).toThrow(/--partition-shape one,bogus/);
  });

  it('every family checks its options when the test is set up, before any cluster exists', () => {
    expect(() => nemesesFor(spec(['clock'], { 'clock-fault': 'warp' }))).toThrow(/--clock-fault/);
    expect(() => nemesesFor(spec(['pause'], { 'pause-mode': 'nap' }))).toThrow(/--pause-mode/);
    expect(() => nemesesFor(spec(['packet'], { 'packet-rate': 'fast' }))).toThrow(/--packet-rate fast: give a tc rate/);
    expect(() => nemesesFor(spec(['disk'], { 'disk-fault': 'melt' }))).toThrow(/--disk-fault/);
    expect(() => nemesesFor(spec(['kill'], { 'kill-speed': 'fast' }))).toThrow(/--kill-speed: not an option of the kill nemesis/);
    expect(nemesesFor(spec(Object.keys(NEMESES), {})).map((n) => n.family)).toEqual(Object.keys(NEMESES));
  });

  it("manual action options are the action's own: another action's option is refused", () => {
    const rate = NEMESES.packet!.manual.rate!;
    expect(Options.parse(rate.options ?? [], { rate: '2mbit' }, 'nemesis packet rate').string('rate')).toBe('2mbit');
    expect(() => Options.parse(rate.options ?? [], { loss: '0.5' }, 'nemesis packet rate')).toThrow(/--loss: not an option of nemesis packet rate/);
  });

  it('only the clock family needs libfaketime; every family has a distinct colour', () => {
    expect(
      Object.values(NEMESES)
        .filter((f) => f.needsFaketime)
        .map((f) => f.name),
    ).toEqual(['clock']);
    const colours = Object.values(NEMESES).map((f) => f.color);
    expect(new Set(colours).size).toBe(colours.length);
  });
});
