// One Jepsen-style test run: cluster → setup → main phase (clients + nemesis) → heal → recover → final reads →
// logs → teardown → checkers → results.json, report.html, junit.xml. Abort-safe at every step.
import type { CheckerResult, ClientSummary, RunResults } from '../../core/result.ts';
import { mergeValidity } from '../../core/result.ts';
import type { ExitedNode } from '../../core/cluster.ts';
import { clusterUp, collectNodeLogs, type Cluster } from '../../systems/kafka/cluster.ts';
import { dumpTopicSegments } from '../../systems/kafka/segment-dump.ts';
import { startClientHost } from '../../systems/kafka/client-host.ts';
import { dockerRuntime } from '../../runtime/docker/runtime.ts';
import { HistoryRecorder } from '../../core/history/recorder.ts';
import { Random } from '../../core/generator/random.ts';
import { clientLibraryErrorsSeen, crashedWith, interruptedBy, onInterrupt, registerCleanup, resetClientLibraryErrors } from '../../core/cleanup.ts';
import { EXIT, errorMessage } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { writeRunOutputs } from './outputs.ts';
import { recordNemesis, runClients, runNemesisSchedule, type Counts } from './main-phase.ts';
import { createRunDir, type RunDir } from './store.ts';
import { ProcessIds, runStages } from './sequences.ts';
import { startMonitor, type Monitor } from './monitor.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { Nemesis, RunEnv, Workload } from '../../core/plugins.ts';
import type { Op } from '../../core/history/op.ts';
import type { BrokerEvent } from '../../core/events.ts';
import { writeRunEvents } from './run-events.ts';

export interface RunOutcome {
  exitCode: number;
  dir: RunDir;
  results?: RunResults;
  interrupted?: NodeJS.Signals;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface RunPlugins {
  workload: Workload;
  /** The workload's checkers over the recorded history and the brokers' events (with causal attribution). */
  check(ops: Op[], events: readonly BrokerEvent[]): CheckerResult[];
  nemeses: Nemesis[];
  /** Extra cluster settings a nemesis needs (e.g. libfaketime preloaded for clock faults). */
  faketime: boolean;
}

export async function runTest(spec: TestSpec, plugins: RunPlugins, progress: Progress): Promise<RunOutcome> {
  const dir = createRunDir(spec);
  progress.info(`run directory ${dir.path} (seed ${spec.seed})`);
  const history = new HistoryRecorder({ path: dir.history });
  // A signal that arrived before this run began (e.g. while a suite resolved the build) stops it at once.
  let signal: NodeJS.Signals | undefined = interruptedBy();
  let stopRequested = signal !== undefined;
  const stopListening = onInterrupt((reason) => {
    if (reason !== 'crash') signal = reason;
    stopRequested = true;
  });
  resetClientLibraryErrors();
  const rng = new Random(spec.seed);
  const counts: Counts = { ok: 0, fail: 0, info: 0 };
  let cluster: Cluster | undefined;
  let env: RunEnv | undefined;
  let harnessError: unknown;
  let teardownRegistered: (() => void) | undefined;
  let client: ClientSummary | undefined;
  let monitor: Monitor | undefined;
  let removeClientHost: (() => Promise<void>) | undefined;
  /** The workload's topics, once the final reads have run: their stored segments are dumped before teardown. */
  let dumpTopics: string[] = [];
  const t0 = Date.now();
  /** What the run was doing, for results.json when a signal stops it. */
  let phase = 'cluster start';

  try {
    const runtime = await dockerRuntime(progress);
    cluster = await clusterUp(
      runtime,
      {
        nodes: spec.cluster.nodes,
        controllers: spec.cluster.controllers,
        source: spec.cluster.source,
        baseImage: spec.cluster.baseImage,
        brokerOverrides: effectiveBrokerSettings(spec),
        faketime: plugins.faketime,
        fresh: true,
      },
      progress,
    );
    const c = cluster;
    teardownRegistered = registerCleanup('tear down the test cluster', async () => {
      if (!spec.keepCluster) await c.runtime.remove(c.name);
    });
    if (spec.clientHost === 'container') removeClientHost = await startClientHost(c, progress);
    env = { spec, cluster, history, progress, topics: [], runDir: dir.path, interrupted: () => stopRequested };
    const stepEnv = env;
    env.step = (family, action, phase, run) => recordNemesis(stepEnv, family, phase, action, run);
    const e = env;
    phase = 'setup';
    env.topics = await progress.step(`setting up workload ${spec.workload}`, () => plugins.workload.setup(e));
    env.coordinatorKeys = plugins.workload.coordinatorKeys?.();
    const setupStages = plugins.workload.setupPhase ? [plugins.workload.setupPhase(e)] : [];
    if (setupStages.length > 0)
      await progress.step('setup ops', () => runStages(e, setupStages, new ProcessIds(0), { ok: 0, fail: 0, info: 0 }, Date.now() + SETUP_PHASE_MS));
    for (const n of plugins.nemeses) await progress.step(`setting up nemesis ${n.family}`, () => n.setup(e));
    monitor = startMonitor(e, e.topics);

    phase = 'main phase';
    const mainStart = performance.now();
    const deadline = mainStart + spec.timeLimitS * 1000;
    const timeUp = (): boolean => stopRequested || performance.now() >= deadline;
    progress.info(
      `main phase: ${spec.timeLimitS}s, ${spec.concurrency} processes, ${spec.rate} ops/s, nemesis ${plugins.nemeses.map((n) => n.family).join(',') || 'none'} every ~${spec.nemesisIntervalS}s`,
    );
    const ticker = setInterval(() => {
      const elapsed = (performance.now() - mainStart) / 1000;
      const active = plugins.nemeses.flatMap((n) => n.active());
      progress.info(
        `main ${elapsed.toFixed(0)}s/${spec.timeLimitS}s | ok ${counts.ok} fail ${counts.fail} info ${counts.info} | faults: ${active.length > 0 ? active.join(', ') : 'none'}`,
      );
    }, 5000);
    let highestProcess: number;
    try {
      // allSettled: if one side fails, the other must still finish before healing (no nemesis op left in flight).
      let failed = false;
      const settle = <T>(p: Promise<T>): Promise<T> =>
        p.catch((err: unknown) => {
          failed = true;
          throw err;
        });
      const stop = (): boolean => failed || timeUp();
      const [clients, schedule] = await Promise.allSettled([
        settle(runClients(e, plugins.workload, rng.fork('clients'), counts, stop)),
        settle(runNemesisSchedule(e, plugins.nemeses, rng.fork('nemesis'), stop, mainStart)),
      ] as const);
      if (clients.status === 'rejected') throw clients.reason;
      if (schedule.status === 'rejected') throw schedule.reason;
      highestProcess = clients.value;
    } finally {
      clearInterval(ticker);
    }
    progress.info(`main phase done: ok ${counts.ok}, fail ${counts.fail}, info ${counts.info} in ${((performance.now() - mainStart) / 1000).toFixed(1)}s`);

    await healAll(e, plugins.nemeses);
    phase = 'heal and recovery';
    if (!stopRequested) {
      await c.system.waitReady(progress, 180_000, { onExited: restartExitedNode(e) });
      if (spec.recoveryS > 0) await progress.step(`recovery wait ${spec.recoveryS}s`, () => sleep(spec.recoveryS * 1000));
      await monitor.stop();
      phase = 'final reads';
      await progress.step('final reads', () => boundedFinalPhase(e, plugins.workload, new ProcessIds(highestProcess + 1), () => (stopRequested = true)));
      dumpTopics = e.topics;
    } else {
      progress.info(`${signal ? `interrupted by ${signal}` : 'stopped by an internal error'}: skipping recovery wait and final reads`);
    }
  } catch (err) {
    harnessError = err;
    progress.warn(`run failed: ${errorMessage(err)}`);
    if (env) await healAll(env, plugins.nemeses).catch((e) => progress.warn(`heal failed: ${errorMessage(e)}`));
  } finally {
    stopListening();
    await monitor?.stop();
    // Before the pending ops are closed and the cluster goes: a client process ended now answers what it still had in
    // flight (as info, recorded as such), and its clients can still say goodbye to the brokers.
    client = await closeWorkload(plugins.workload, progress);
    // After the driver closed, before the cluster's network goes (also with --keep-cluster: it belongs to the run).
    await removeClientHost?.().catch((e) => progress.warn(`removing the client host failed: ${errorMessage(e)}`));
    for (const p of history.pendingOps()) history.complete(p, 'info', p.value, { error: 'run ended before completion' });
    history.close();
    if (cluster) {
      await collectNodeLogs(cluster, dir.nodes, progress).catch((e) => progress.warn(`log collection failed: ${errorMessage(e)}`));
      await dumpTopicSegments(cluster, dumpTopics, dir.segments, progress).catch((e) => progress.warn(`segment dump failed: ${errorMessage(e)}`));
      if (!spec.keepCluster) await cluster.runtime.remove(cluster.name).catch((e) => progress.warn(`teardown failed: ${errorMessage(e)}`));
      else progress.info(`--keep-cluster: cluster ${cluster.name} left running (faultline cluster down removes it)`);
      teardownRegistered?.();
    }
  }

  // An error nothing caught stopped the run like a signal; the run is then the harness's failure, not a verdict.
  harnessError ??= crashedWith();
  const events = deriveEvents(dir, history, progress);
  const checked = checkHistory(history.ops, events, plugins.check, progress);
  const results: RunResults = harnessError
    ? { ...checked, valid: checked.valid === false ? false : 'unknown', harnessError: errorMessage(harnessError) }
    : checked;
  results.historyStartMs = history.startedAtMs;
  if (signal) results.interrupted = { signal, phase };
  const libraryErrors = clientLibraryErrorsSeen();
  if (client) results.client = client;
  if (libraryErrors.count > 0) results.clientLibraryErrors = libraryErrors;
  await writeRunOutputs(
    dir,
    spec,
    results,
    history.ops,
    { startedAt: new Date(history.startedAtMs).toISOString(), durationMs: Date.now() - t0, events },
    progress,
  );
  progress.info(`verdict: ${results.valid === true ? 'valid' : results.valid === false ? 'INVALID' : 'unknown'} (${dir.results})`);
  if (harnessError) throw harnessError;
  const exitCode = signal ? (signal === 'SIGINT' ? 130 : 143) : results.valid === true ? EXIT.valid : results.valid === false ? EXIT.invalid : EXIT.unknown;
  return { exitCode, dir, results, interrupted: signal };
}

/** Setup ops (e.g. seeding) get this long in all. */
const SETUP_PHASE_MS = 300_000;

/**
 * The final phase gets --final-read-timeout; each op is cut to the time left. An outer bound 30 s past it covers a
 * client that never even opens: past it the run stops waiting, ops still pending are completed `info` when the
 * history closes, and the checkers see an incomplete final read (verdict unknown), never a hang.
 */
async function boundedFinalPhase(env: RunEnv, workload: Workload, ids: ProcessIds, giveUp: () => void): Promise<void> {
  const counts: Counts = { ok: 0, fail: 0, info: 0 };
  const deadline = Date.now() + env.spec.finalReadTimeoutS * 1000;
  const boundMs = (env.spec.finalReadTimeoutS + 30) * 1000;
  const reads = runStages(env, workload.finalPhase(env), ids, counts, deadline);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), boundMs);
  });
  try {
    const first = await Promise.race([reads, timedOut]);
    if (first === 'timeout') {
      giveUp();
      reads.catch(() => undefined); // it may still settle, against a closed history
      env.progress.warn(`final reads did not finish within ${boundMs / 1000}s; the reads still pending are recorded as info`);
    }
    env.progress.info(`final phase ops: ok ${counts.ok}, fail ${counts.fail}, info ${counts.info}`);
  } finally {
    clearTimeout(timer);
  }
}

const MAX_RECOVERY_RESTARTS_PER_NODE = 3;

/**
 * The recovery phase brings every node back. A broker may shut itself down during or just after the faults — e.g. one
 * that cannot register with the controller quorum within initial.broker.registration.timeout.ms (60 s) exits with
 * code 1 — so a node found exited while the cluster recovers is restarted (a few times at most), and each restart is a
 * nemesis op with the node's exit code and last log lines: the report shows that Kafka stopped a broker by itself.
 */
function restartExitedNode(env: RunEnv): (exited: ExitedNode) => Promise<boolean> {
  const restarts = new Map<string, number>();
  return async ({ node, exitCode, logTail }) => {
    const count = restarts.get(node.name) ?? 0;
    if (count >= MAX_RECOVERY_RESTARTS_PER_NODE) return false;
    restarts.set(node.name, count + 1);
    env.progress.warn(`node ${node.name} had exited by itself (code ${exitCode}); restarting it for the recovery phase`);
    const outcome = await recordNemesis(env, 'recovery', 'stop', 'restart-exited', async () => {
      await node.handle.start();
      return { type: 'ok', value: { family: 'recovery', action: 'restart-exited', phase: 'stop', targets: [node.name], detail: { exitCode, logTail } } };
    });
    return outcome.type === 'ok';
  };
}

/** The workload's close: never throws (a failure to close is a warning, not a verdict). */
async function closeWorkload(workload: Workload, progress: Progress): Promise<ClientSummary | undefined> {
  try {
    return await workload.close?.();
  } catch (e) {
    progress.warn(`closing the workload's clients failed: ${errorMessage(e)}`);
    return undefined;
  }
}

async function healAll(env: RunEnv, nemeses: Nemesis[]): Promise<void> {
  for (const n of nemeses) {
    await recordNemesis(env, n.family, 'stop', 'heal-all', () => n.healAll(env));
  }
}

/** The broker settings a run applies: the selected faults' presets, then the user's --broker-config on top. */
export function effectiveBrokerSettings(spec: TestSpec): Record<string, string> {
  return Object.assign({}, ...(spec.cluster.presets ?? []).map((p) => p.settings), spec.cluster.brokerOverrides);
}

/** events.jsonl from the collected node logs; a failure costs the run its broker events, never its verdict. */
function deriveEvents(dir: RunDir, history: HistoryRecorder, progress: Progress): BrokerEvent[] {
  try {
    const events = writeRunEvents(dir.path, history.ops, history.startedAtMs);
    progress.info(`broker events: ${events.length} (events.jsonl)`);
    return events;
  } catch (e) {
    progress.warn(`broker events not derived from the node logs: ${errorMessage(e)}`);
    return [];
  }
}

export function checkHistory(ops: Op[], events: readonly BrokerEvent[], check: RunPlugins['check'], progress: Progress): RunResults {
  const checkers: Record<string, CheckerResult> = {};
  for (const r of check(ops, events)) checkers[r.checker] = r;
  const valid = mergeValidity(Object.values(checkers).map((c) => c.valid));
  for (const c of Object.values(checkers)) {
    const counted = c.anomalies.filter((a) => !a.allowed).length;
    progress.info(`checker ${c.checker}: ${c.valid === true ? 'valid' : c.valid === false ? 'INVALID' : 'unknown'}${counted ? `, ${counted} anomalies` : ''}`);
  }
  return { valid, checkers };
}
