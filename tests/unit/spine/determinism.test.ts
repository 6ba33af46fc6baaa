// "The same --seed gives the same sequence of operations and fault choices": the real client loop and nemesis
// schedule, run twice with one seed against in-process fakes, issue the same ops per process and the same faults.
import { describe, expect, it } from 'vitest';
import { HistoryRecorder } from '../../../core/history/recorder.ts';
import { Random } from '../../../core/generator/random.ts';
import { runClients, runNemesisSchedule } from '../../../harness/run/main-phase.ts';
import type { Nemesis, RunEnv, Workload } from '../../../core/plugins.ts';
import type { TestSpec } from '../../../core/spec.ts';
import type { Op } from '../../../core/history/op.ts';
import { silentProgress } from '../../../core/progress.ts';

const workload: Workload = {
  name: 'fake',
  setup: async () => [],
  openClient: async () => ({
    // Every 7th op of a process is indeterminate, so process retirement is exercised too.
    invoke: async (op) => ((op.value as { n: number }).n % 7 === 6 ? { type: 'info', error: 'fake timeout' } : { type: 'ok', value: op.value }),
    close: async () => undefined,
  }),
  nextOp: (rng, process) => ({ f: rng.pick(['send', 'poll']), value: { partition: rng.int(6), n: rng.int(7), process } }),
  finalPhase: () => [],
};

const nemesis = (): Nemesis => ({
  family: 'fake',
  color: '#000',
  setup: async () => undefined,
  invoke: async (_env, phase, rng) => ({ type: 'ok', value: { family: 'fake', action: phase, phase, targets: [`n${1 + rng.int(3)}`] } }),
  healAll: async () => ({ type: 'ok', value: { family: 'fake', action: 'heal', phase: 'stop', targets: [] } }),
  active: () => [],
});

async function run(seed: number): Promise<Op[]> {
  const spec = { rate: 2000, concurrency: 4, opTimeoutMs: 1000, nemesisIntervalS: 0.05, timeLimitS: 0.5 } as TestSpec;
  const history = new HistoryRecorder();
  const env = { spec, history, progress: silentProgress, topics: [], interrupted: () => false } as unknown as RunEnv;
  const rng = new Random(seed);
  const stop = (): boolean => history.ops.length > 1200;
  const t0 = performance.now();
  await Promise.all([
    runClients(env, workload, rng.fork('clients'), { ok: 0, fail: 0, info: 0 }, stop),
    runNemesisSchedule(env, [nemesis()], rng.fork('nemesis'), () => performance.now() - t0 > 500, t0),
  ]);
  return history.ops;
}

/** Per process, the first k invocations (f and value): what the seed controls. */
function perProcess(ops: Op[], k: number): Map<unknown, string[]> {
  const out = new Map<unknown, string[]>();
  for (const o of ops) {
    if (o.type !== 'invoke' || o.process === 'nemesis') continue;
    const list = out.get(o.process) ?? [];
    if (list.length < k) list.push(`${o.f}:${JSON.stringify(o.value)}`);
    out.set(o.process, list);
  }
  return out;
}

const faults = (ops: Op[]): string[] => ops.filter((o) => o.process === 'nemesis' && o.type !== 'invoke').map((o) => JSON.stringify(o.value));

describe('seeded runs', () => {
  it('repeat per-process op sequences and fault choices; another seed differs', async () => {
    const [a, b, c] = [await run(99), await run(99), await run(100)];
    const pa = perProcess(a, 5);
    const pb = perProcess(b, 5);
    for (const p of [0, 1, 2, 3, 4, 5]) expect(pb.get(p), `process ${p}`).toEqual(pa.get(p));
    expect(pa.has(4)).toBe(true); // a retired process came back as p + concurrency
    const fa = faults(a);
    expect(fa.length).toBeGreaterThanOrEqual(4);
    expect(faults(b).slice(0, 4)).toEqual(fa.slice(0, 4));
    expect(perProcess(c, 5).get(0)).not.toEqual(pa.get(0));
  });
});
