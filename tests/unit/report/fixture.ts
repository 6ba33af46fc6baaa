// A realistic, deterministic ReportInput for tests: a register workload over 60 s with partition, kill, clock and
// pause faults, one valid and one invalid checker, and a linearizability counterexample.

import type { CheckerResult, LinearizabilityCounterexample, RunResults } from '../../../core/result.ts';
import type { NemesisValue, Op, ProcessId } from '../../../core/history/op.ts';
import type { ReportInput } from '../../../reports/html/index.ts';

const S = 1e9;

/** mulberry32: a tiny seeded PRNG, so the fixture is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Draft = Omit<Op, 'index'>;

/** Builds a history from drafts in any order: sorted by time (stable), then indexed densely. */
export function historyOf(drafts: Draft[]): Op[] {
  return drafts
    .map((d, order) => ({ d, order }))
    .sort((a, b) => a.d.time - b.d.time || a.order - b.order)
    .map(({ d }, index) => ({ index, ...d }));
}

export const nemesisPair = (invokeS: number, effectS: number | null, value: NemesisValue, outcome: 'info' | 'fail' = 'info'): Draft[] => [
  { type: 'invoke', process: 'nemesis', f: value.action, value, time: invokeS * S },
  ...(effectS === null ? [] : [{ type: outcome, process: 'nemesis' as ProcessId, f: value.action, value, time: effectS * S }]),
];

const FAULTS: Draft[] = [
  ...nemesisPair(10, 10.05, { family: 'partition', action: 'isolate', phase: 'start', targets: ['n1'] }),
  ...nemesisPair(20, 20.02, { family: 'partition', action: 'heal', phase: 'stop', targets: ['n1'] }),
  ...nemesisPair(30, 30.4, { family: 'kill', action: 'kill', phase: 'start', targets: ['n2'] }),
  ...nemesisPair(38, 39.5, { family: 'kill', action: 'restart', phase: 'stop', targets: ['n2'] }),
  ...nemesisPair(45, 45.01, { family: 'clock', action: 'skew', phase: 'instant', targets: ['n3'], detail: { offsetMs: 250 } }),
  ...nemesisPair(52, 52.2, { family: 'pause', action: 'pause', phase: 'start', targets: ['n3'] }),
];

const inFault = (t: number): boolean => (t >= 10 && t < 20) || (t >= 30 && t < 39.5) || t >= 52;

export interface FixtureOptions {
  processes?: number;
  durationS?: number;
  /** Mean pause between a process's ops, ms. */
  thinkMs?: number;
  seed?: number;
}

/** Client ops of a register workload: writes and reads; slow, failing and timed-out ops during faults. */
function clientDrafts(opts: Required<FixtureOptions>): Draft[] {
  const random = prng(opts.seed);
  const drafts: Draft[] = [];
  const nodes = ['n1', 'n2', 'n3'];
  let written = 0;
  for (let process = 0; process < opts.processes; process++) {
    let t = random() * 0.2;
    while (t < opts.durationS - 0.5) {
      const node = nodes[Math.floor(random() * nodes.length)]!;
      const isWrite = random() < 0.5;
      const f = isWrite ? 'write' : 'read';
      const value = isWrite ? { key: `k${process % 4}`, value: ++written } : { key: `k${process % 4}` };
      drafts.push({ type: 'invoke', process, f, value, time: t * S, node });
      const roll = random();
      let latencyMs = Math.exp(Math.log(4) + 0.6 * (random() + random() + random() - 1.5)) + (inFault(t) ? random() * 40 : 0);
      let completion: Pick<Draft, 'type' | 'value' | 'error'> = { type: 'ok', value: isWrite ? value : { ...value, value: written } };
      if (inFault(t) && roll < 0.08) {
        latencyMs = 5000;
        completion = { type: 'info', value, error: 'timeout' };
      } else if (inFault(t) && roll < 0.2) {
        latencyMs = 20 + random() * 60;
        completion = { type: 'fail', value, error: 'NOT_LEADER_OR_FOLLOWER' };
      } else if (roll > 0.995) {
        latencyMs *= 30;
      }
      drafts.push({ ...completion, process, f, time: (t + latencyMs / 1000) * S, node });
      t += latencyMs / 1000 + (random() * (2 * opts.thinkMs)) / 1000;
    }
  }
  // One invocation that never completes.
  drafts.push({ type: 'invoke', process: opts.processes, f: 'read', value: { key: 'k0' }, time: (opts.durationS - 0.3) * S });
  return drafts;
}

/** A counterexample over real ops of the history: a read that returned a value older than a completed write. */
function counterexampleFrom(ops: readonly Op[]): LinearizabilityCounterexample {
  const completions = new Map<number, Op>();
  const open = new Map<ProcessId, Op>();
  for (const op of ops) {
    const invoke = open.get(op.process);
    if (op.type === 'invoke') {
      open.set(op.process, op);
    } else if (invoke) {
      completions.set(invoke.index, op);
      open.delete(op.process);
    }
  }
  const window = ops
    .filter((op) => op.type === 'invoke' && typeof op.process === 'number' && op.process < 5 && op.time >= 21 * S && completions.has(op.index))
    .slice(0, 14);
  const ceOps = window.map((invoke, i) => {
    const completion = completions.get(invoke.index)!;
    const isWrite = invoke.f === 'write';
    return {
      id: invoke.index,
      process: invoke.process as number,
      f: invoke.f,
      input: isWrite ? 10 + i : null,
      output: isWrite ? 'ok' : 10 + Math.max(0, i - 3),
      start: invoke.time,
      end: i === 12 ? Number.MAX_SAFE_INTEGER : completion.time,
      type: i === 12 ? ('info' as const) : ('ok' as const),
    };
  });
  const linearized = ceOps.slice(0, 9).map((op) => op.id);
  const stuck = ceOps[9]!;
  return {
    partition: 'k2',
    ops: ceOps,
    linearized,
    states: ['0', ...linearized.map((_, i) => String(10 + i))],
    stuck: [stuck.id],
    reason: `${stuck.f}() returned ${String(stuck.output)}, but every write before it had completed and the register held 18; no order of the concurrent ops explains that value.`,
  };
}

export function fixtureInput(options: FixtureOptions = {}): ReportInput {
  const opts: Required<FixtureOptions> = { processes: 10, durationS: 60, thinkMs: 140, seed: 42, ...options };
  const ops = historyOf([...FAULTS, ...clientDrafts(opts)]);
  const clientOps = ops.filter((op) => typeof op.process === 'number');
  const ce = counterexampleFrom(ops);
  const queue: CheckerResult = {
    checker: 'queue',
    valid: true,
    anomalies: [0, 1].map((i) => ({
      type: 'duplicate',
      explanation: `Value ${100 + i} was read twice, at two offsets, after a producer retry during the partition of n1. Idempotence is off in this run, so this is allowed.`,
      ops: [clientOps[400 + i * 7]!.index, clientOps[401 + i * 7]!.index],
      allowed: true,
      details: { key: 'k1', offsets: [17 + i, 22 + i] },
    })),
    stats: { opsChecked: clientOps.length, keys: 4, duplicates: 2, lost: 0, checkTimeMs: 182 },
  };
  const register: CheckerResult = {
    checker: 'linearizable-register',
    valid: false,
    anomalies: [
      {
        type: 'nonlinearizable',
        explanation: ce.reason,
        ops: [...ce.stuck, ...ce.linearized.slice(-3)],
        details: { key: ce.partition, lastState: ce.states.at(-1) },
      },
    ],
    stats: { keys: 4, opsChecked: clientOps.length, statesExplored: 1_284_311, searchMs: 912, partitionsChecked: 4 },
    counterexample: ce,
  };
  const results: RunResults = { valid: false, checkers: { queue, 'linearizable-register': register } };
  return {
    title: 'register-partition-kill',
    spec: {
      workload: 'register',
      nemeses: ['partition', 'kill', 'clock', 'pause'],
      nodes: ['n1', 'n2', 'n3'],
      concurrency: opts.processes,
      timeLimitS: opts.durationS,
      kafkaVersion: '4.1.0',
      acks: 'all',
      seed: opts.seed,
    },
    results,
    ops,
    startedAt: '2025-11-24T09:30:00Z',
    durationMs: opts.durationS * 1000 + 8_412,
    nodeLogs: ['nodes/n1/server.log', 'nodes/n2/server.log', 'nodes/n3/server.log'],
  };
}
