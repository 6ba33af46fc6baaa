// Dev helper: one workload run against a broker on this machine (scripts/local-kafka.ts), through the harness's own
// pieces — the workload's setup and clients, the paced main phase (runClients), setup and final op sequences
// (runStages), the workload's checkers — with no cluster runtime. Optionally the broker is SIGKILLed and restarted
// during the main phase (recorded as nemesis ops), a stand-in for the kill nemesis. What a dev script needs to prove a
// client end to end, error paths included, without Docker.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterHandle } from '../core/cluster.ts';
import { Random } from '../core/generator/random.ts';
import { HistoryRecorder } from '../core/history/recorder.ts';
import type { Op } from '../core/history/op.ts';
import type { RunEnv } from '../core/plugins.ts';
import type { Progress } from '../core/progress.ts';
import type { ClientSummary, RunResults } from '../core/result.ts';
import { validateSpec, type TestSpec } from '../core/spec.ts';
import { recordNemesis, runClients, type Counts } from '../harness/run/main-phase.ts';
import { checkHistory } from '../harness/run/runner.ts';
import { ProcessIds, runStages } from '../harness/run/sequences.ts';
import { checkWorkload, workloadFor } from '../workloads/index.ts';
import type { LocalKafka } from './local-kafka.ts';

/** Kill the broker `firstAtS` into the main phase and then every `everyS`, for `downS` each time. */
export interface LocalKills {
  firstAtS: number;
  everyS: number;
  downS: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** After the main phase: the broker back, then this long before the final phase (as --recovery). */
const RECOVERY_MS = 5000;

export interface LocalRun {
  spec: TestSpec;
  ops: Op[];
  results: RunResults;
  client: ClientSummary | undefined;
  /** ns (history time) when the main phase began and ended. */
  mainPhase: { startNs: number; endNs: number };
  dir: string;
}

/** A ClusterHandle of one local broker: all a workload asks of the cluster is its bootstrap and its broker count. */
function localCluster(bootstrap: string): ClusterHandle {
  return {
    name: 'local',
    subnet: '127.0.0.1/32',
    gateway: '127.0.0.1',
    bootstrap: [bootstrap],
    nodes: [{ name: 'local', id: 1, ip: '127.0.0.1', roles: ['broker', 'controller'], handle: undefined as never }],
    runtime: undefined as never,
    system: undefined as never,
  };
}

/** The spec of a local run: `overrides` over faultline's defaults (no nemesis). */
export function localSpec(overrides: Partial<TestSpec> & Pick<TestSpec, 'workload' | 'client'>): TestSpec {
  return validateSpec(
    {
      name: `local-${overrides.workload}-${overrides.client}`,
      nemesis: [],
      seed: 1,
      timeLimitS: 8,
      rate: 200,
      concurrency: 10,
      nemesisIntervalS: 10,
      recoveryS: 0,
      finalReadTimeoutS: 60,
      opTimeoutMs: 10_000,
      killTarget: 'random',
      keepCluster: false,
      cluster: { nodes: 1, source: { kind: 'maven', version: '4.4.0' }, brokerOverrides: {} },
      workloadOptions: {},
      ...overrides,
    },
    'local run',
  );
}

/** Kills and restarts the broker on the schedule until `done()`; each kill and restart is a nemesis op. */
async function killLoop(env: RunEnv, kafka: LocalKafka, kills: LocalKills, done: () => boolean): Promise<number> {
  let at = performance.now() + kills.firstAtS * 1000;
  let count = 0;
  const fault = (phase: 'start' | 'stop', action: string, act: () => Promise<void>) =>
    recordNemesis(env, 'kill', phase, action, async () => {
      await act();
      return { type: 'ok', value: { family: 'kill', action, phase, targets: ['local'] } };
    });
  while (!done()) {
    if (performance.now() < at) {
      await sleep(Math.min(100, at - performance.now()));
      continue;
    }
    await fault('start', 'kill', () => kafka.kill());
    count++;
    const until = performance.now() + kills.downS * 1000;
    while (!done() && performance.now() < until) await sleep(100);
    await fault('stop', 'restart', () => kafka.restart());
    at += kills.everyS * 1000;
  }
  return count;
}

export async function runLocally(spec: TestSpec, bootstrap: string, progress: Progress, faults?: { kafka: LocalKafka; kills: LocalKills }): Promise<LocalRun> {
  const dir = mkdtempSync(join(tmpdir(), `faultline-local-${spec.workload}-${spec.client}-`));
  const workload = await workloadFor(spec);
  const history = new HistoryRecorder({ path: join(dir, 'history.jsonl') });
  const env: RunEnv = { spec, cluster: localCluster(bootstrap), history, progress, topics: [], runDir: dir, interrupted: () => false };
  const counts: Counts = { ok: 0, fail: 0, info: 0 };
  const mainPhase = { startNs: 0, endNs: 0 };
  let client: ClientSummary | undefined;
  try {
    env.topics = await workload.setup(env);
    if (workload.setupPhase) await runStages(env, [workload.setupPhase(env)], new ProcessIds(0), counts, Date.now() + 300_000);
    mainPhase.startNs = history.elapsedNs();
    const deadline = performance.now() + spec.timeLimitS * 1000;
    const over = (): boolean => performance.now() >= deadline;
    const [highest] = await Promise.all([
      runClients(env, workload, new Random(spec.seed).fork('clients'), counts, over),
      faults ? killLoop(env, faults.kafka, faults.kills, over) : Promise.resolve(0),
    ]);
    mainPhase.endNs = history.elapsedNs();
    if (faults) await sleep(RECOVERY_MS);
    await runStages(env, workload.finalPhase(env), new ProcessIds(highest + 1), counts, Date.now() + spec.finalReadTimeoutS * 1000);
  } finally {
    client = await workload.close?.();
    for (const p of history.pendingOps()) history.complete(p, 'info', p.value, { error: 'run ended before completion' });
    history.close();
  }
  const results = checkHistory(history.ops, [], (ops, events) => checkWorkload(spec, ops, events), progress);
  return { spec, ops: history.ops, results, client, mainPhase, dir };
}
