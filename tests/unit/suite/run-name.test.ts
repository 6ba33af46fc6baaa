// Default run names tell apart what a suite index must tell apart: the workload options and fault options given.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../harness/cli/main.ts';
import { specFromFlags, type TestFlags } from '../../../harness/cli/test.ts';
import type { TestSpec } from '../../../core/spec.ts';

/** The spec `faultline test <args>` would run. */
function specOf(args: string[]): TestSpec {
  const program = buildProgram();
  let spec: TestSpec | undefined;
  program.commands
    .find((c) => c.name() === 'test')!
    .action((flags: TestFlags) => {
      spec = specFromFlags(flags);
    });
  program.parse(['node', 'faultline', 'test', '--seed', '1', ...args]);
  return spec!;
}

describe('default run names', () => {
  it('include the workload options that were given', () => {
    expect(specOf(['--workload', 'queue']).name).toBe('queue-kill');
    expect(specOf(['--workload', 'queue', '--txn']).name).toBe('queue+txn-kill');
    expect(specOf(['--workload', 'queue', '--txn', '--keys', '4']).name).toBe('queue+keys_4+txn-kill');
    expect(specOf(['--workload', 'lost-writes', '--acks', '1']).name).toBe('lost-writes+acks_1-kill');
  });

  it('include composed families and the fault options that were given, in the characters a name allows', () => {
    expect(specOf(['--nemesis', 'partition,kill']).name).toBe('lost-writes-partition+kill');
    expect(specOf(['--nemesis', 'none']).name).toBe('lost-writes-none');
    expect(specOf(['--nemesis', 'partition', '--partition-shape', 'one,halves']).name).toBe('lost-writes-partition+partition-shape_one.halves');
  });

  it('an explicit --name wins', () => {
    expect(specOf(['--workload', 'queue', '--txn', '--name', 'mine']).name).toBe('mine');
  });
});
