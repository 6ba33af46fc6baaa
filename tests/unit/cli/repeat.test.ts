// Repetition of a test: seeds seed, seed+1, …; a summary that a gate can read; the worst verdict as exit code.
import { describe, expect, it } from 'vitest';
import { repeatExitCode, repeatedSpec, repeatSummary, type RepeatRun } from '../../../harness/run/repeat.ts';
import type { TestSpec } from '../../../core/spec.ts';

const run = (
  seed: number,
  valid: RepeatRun['valid'],
  elapsedS: number,
  anomalies: Record<string, number> = {},
  exitCode = valid === true ? 0 : valid === false ? 1 : 2,
): RepeatRun => ({ seed, dir: `store/x/${seed}`, valid, exitCode, anomalies, elapsedS });

describe('repetition', () => {
  it('run i uses seed + i', () => {
    expect(repeatedSpec({ seed: 7 } as TestSpec, 3).seed).toBe(10);
  });

  it('says in how many runs anomalies appeared, which, and when the first was seen', () => {
    const runs = [
      run(7, true, 90),
      run(8, false, 181, { lost: 12 }),
      run(9, true, 270),
      run(10, false, 362, { lost: 3, duplicated: 1 }),
      run(11, 'unknown', 450),
    ];
    expect(repeatSummary(runs, 5)).toBe('anomalies in 2 of 5 runs (seeds 8, 10: duplicated, lost); first after 181 s (run 2, seed 8); 1 unknown');
    expect(repeatExitCode(runs)).toBe(1);
  });

  it('says when it stopped early, and exits 0 only when every run was valid', () => {
    expect(repeatSummary([run(1, true, 60)], 5)).toBe('anomalies in 0 of 1 runs (stopped after 1 of 5)');
    expect(repeatExitCode([run(1, true, 60), run(2, true, 120)])).toBe(0);
    expect(repeatExitCode([run(1, true, 60), run(2, 'unknown', 120)])).toBe(2);
    expect(repeatExitCode([run(1, false, 60, { lost: 1 }), run(2, true, 120, {}, 130)])).toBe(130);
  });
});
