// Adding a workload and a fault family touches only their folders and one registry line each: the toy plugins in
// tests/fixtures/toy-plugins, registered here, get their CLI flags, spec validation, setup/main/final phases, manual
// action options and checker from the registries without any other code knowing them.
import { describe, expect, it } from 'vitest';
import { HistoryRecorder } from '../../../core/history/recorder.ts';
import { Random } from '../../../core/generator/random.ts';
import { Options } from '../../../core/options.ts';
import type { RunEnv } from '../../../core/plugins.ts';
import { silentProgress } from '../../../core/progress.ts';
import type { TestSpec } from '../../../core/spec.ts';
import { buildProgram } from '../../../harness/cli/main.ts';
import { specFromFlags } from '../../../harness/cli/test.ts';
import { runClients, runNemesisSchedule, type Counts } from '../../../harness/run/main-phase.ts';
import { ProcessIds, runStages } from '../../../harness/run/sequences.ts';
import { nemesesFor, NEMESES, registerFaultFamily } from '../../../nemeses/index.ts';
import { checkWorkload, registerWorkload, workloadFor } from '../../../workloads/index.ts';
import { toyFault, toyState } from '../../fixtures/toy-plugins/fault/index.ts';
import { counter, toyWorkload } from '../../fixtures/toy-plugins/workload/index.ts';

registerWorkload(toyWorkload);
registerFaultFamily(toyFault);

/** The spec `faultline test <args>` would run. */
function specOf(args: string[]): TestSpec {
  const program = buildProgram();
  let spec: TestSpec | undefined;
  program.commands
    .find((c) => c.name() === 'test')!
    .action((flags: Parameters<typeof specFromFlags>[0]) => {
      spec = specFromFlags(flags);
    });
  program.parse(['node', 'faultline', 'test', '--seed', '3', ...args]);
  return spec!;
}

describe('a workload and a fault family added through the registries only', () => {
  it('get their flags in `faultline test --help`', () => {
    const help = buildProgram()
      .commands.find((c) => c.name() === 'test')!
      .helpInformation();
    expect(help).toMatch(/--step <n> +toy: how much each add adds \(1\.\.100\); default 1/);
    expect(help).toMatch(/--toyfault-depth <n> +toyfault: how deep to poke/);
    expect(help).toContain('toyfault');
  });

  it('get their options validated into the spec, with errors naming the flag', () => {
    const spec = specOf(['--workload', 'toy', '--step', '3', '--nemesis', 'toyfault', '--toyfault-depth', '2']);
    expect(spec.workloadOptions).toEqual({ step: '3' });
    expect(spec.nemesisOptions).toEqual({ 'toyfault-depth': '2' });
    expect(() => nemesesFor({ ...spec, nemesisOptions: { 'toyfault-depth': '12' } })).toThrow(/--toyfault-depth 12: must be from 1 to 9/);
    expect(() => specOf(['--workload', 'lost-writes', '--step', '3'])).toThrow(/--step: not an option of workload lost-writes \(it belongs to toy\)/);
  });

  it('run through the harness phases and are judged by their own checker', async () => {
    const spec = {
      ...specOf(['--workload', 'toy', '--step', '3', '--nemesis', 'toyfault', '--toyfault-depth', '2']),
      rate: 500,
      concurrency: 3,
      timeLimitS: 0.4,
      nemesisIntervalS: 0.1,
      opTimeoutMs: 1000,
    };
    const workload = await workloadFor(spec);
    const history = new HistoryRecorder();
    const env = { spec, history, progress: silentProgress, topics: [], interrupted: () => false } as unknown as RunEnv;
    const counts: Counts = { ok: 0, fail: 0, info: 0 };
    const t0 = performance.now();
    const stop = (): boolean => performance.now() - t0 > spec.timeLimitS * 1000;
    const [highest] = await Promise.all([
      runClients(env, workload, new Random(1), counts, stop),
      runNemesisSchedule(env, nemesesFor(spec), new Random(2), stop, t0),
    ]);
    await runStages(env, workload.finalPhase(env), new ProcessIds(highest + 1), counts, Date.now() + 5000);
    const ops = history.ops;
    expect(ops.filter((o) => o.f === 'add' && o.type === 'ok').length).toBeGreaterThan(20);
    expect(ops.some((o) => o.process === 'nemesis' && (o.value as { family: string }).family === 'toyfault')).toBe(true);
    expect(toyState.depth).toBe(2);
    expect(ops.filter((o) => o.f === 'read')).toHaveLength(2); // the final read: invoke + ok, recorded by the harness
    const [result] = checkWorkload(spec, ops);
    expect(result).toMatchObject({ checker: 'toy', valid: true });
    counter.value += 1; // a lost update the checker must notice when re-checked against a history that disagrees
    const tampered = ops.map((o) => (o.f === 'read' && o.type === 'ok' ? { ...o, value: counter.value } : o));
    expect(checkWorkload(spec, tampered)[0]!.valid).toBe(false);
  });

  it('offer their manual actions and options to `faultline nemesis`', () => {
    const help = buildProgram()
      .commands.find((c) => c.name() === 'nemesis')!
      .helpInformation();
    expect(help).toContain('--depth <n>');
    const poke = NEMESES.toyfault!.manual.poke!;
    expect(Options.parse(poke.options ?? [], { depth: '4' }, 'nemesis toyfault poke').number('depth')).toBe(4);
  });
});
