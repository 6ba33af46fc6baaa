// The main phase: logical client processes paced to the target rate, and the nemesis schedule, until the time limit.
import type { NemesisValue, Op } from '../../core/history/op.ts';
import { Pacer } from '../../core/generator/pacer.ts';
import { planNemesis } from '../../core/generator/nemesis-schedule.ts';
import type { Random } from '../../core/generator/random.ts';
import { errorMessage } from '../../core/errors.ts';
import type { Client, ClientOp, Completion, Nemesis, NemesisOutcome, RunEnv, Workload } from '../../core/plugins.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Counts {
  ok: number;
  fail: number;
  info: number;
}

/** A client call bounded by the op timeout; a call that does not return in time completes as info. */
async function invokeBounded(client: Client, op: { f: string; value: unknown }, timeoutMs: number): Promise<Completion> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Completion>((resolve) => {
    timer = setTimeout(() => resolve({ type: 'info', error: `no completion within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([client.invoke(op).catch((e: unknown): Completion => ({ type: 'info', error: `client threw: ${errorMessage(e)}` })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Invokes one op on a client: recorded as invoke + completion, counted, bounded by `timeoutMs`. */
export async function invokeRecorded(env: RunEnv, client: Client, process: number, op: ClientOp, timeoutMs: number, counts: Counts): Promise<Completion> {
  const inv: Op = env.history.invoke(process, op.f, op.value);
  const done = await invokeBounded(client, op, timeoutMs);
  env.history.complete(inv, done.type, done.value ?? op.value, { node: done.node, error: done.error, requests: done.requests });
  counts[done.type]++;
  return done;
}

/**
 * Runs `concurrency` workers. A worker whose op completed `info` retires its process id (the op may still take
 * effect later) and continues as a new process id = old + concurrency, with a fresh client, as Jepsen does.
 */
export async function runClients(env: RunEnv, workload: Workload, rng: Random, counts: Counts, shouldStop: () => boolean): Promise<number> {
  const { spec } = env;
  const pacer = new Pacer(spec.rate, rng.fork('pacer'));
  let highestProcess = spec.concurrency - 1;
  const worker = async (slot: number): Promise<void> => {
    let process = slot;
    let procRng = rng.fork(`process-${process}`);
    let client: Client | undefined;
    try {
      while (!shouldStop()) {
        const wait = pacer.reserve();
        if (wait > 0) await sleep(wait);
        if (shouldStop()) break;
        if (!client) {
          try {
            client = await workload.openClient(env, process);
          } catch (e) {
            env.progress.warn(`process ${process} could not open a client: ${errorMessage(e)}`);
            await sleep(1000);
            continue;
          }
        }
        const op = workload.nextOp(procRng, process);
        const done = await invokeRecorded(env, client, process, op, spec.opTimeoutMs, counts);
        if (done.type === 'info') {
          void client.close().catch(() => undefined);
          client = undefined;
          process += spec.concurrency;
          highestProcess = Math.max(highestProcess, process);
          procRng = rng.fork(`process-${process}`);
        }
      }
    } finally {
      await client?.close().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, (_, slot) => worker(slot)));
  return highestProcess;
}

/** Records one nemesis action as an invoke/completion pair of process `nemesis`. */
export async function recordNemesis(
  env: RunEnv,
  family: string,
  phase: NemesisValue['phase'],
  action: string,
  run: () => Promise<NemesisOutcome>,
): Promise<NemesisOutcome> {
  const inv = env.history.invoke('nemesis', action, { family, action, phase, targets: [] });
  let outcome: NemesisOutcome;
  try {
    outcome = await run();
  } catch (e) {
    outcome = { type: 'info', value: { family, action, phase: 'instant', targets: [] }, error: errorMessage(e) };
  }
  // Jepsen convention: a nemesis op that ran completes `info` (its effect on the system is what the history shows).
  env.history.complete(inv, outcome.type === 'fail' ? 'fail' : 'info', outcome.value, { error: outcome.error });
  for (const seen of outcome.observations ?? []) env.history.complete(env.history.invoke('nemesis', seen.action, seen), 'info', seen);
  return outcome;
}

/** Follows the seeded schedule until the time limit or a stop request. */
export async function runNemesisSchedule(env: RunEnv, nemeses: Nemesis[], rng: Random, shouldStop: () => boolean, startedAt: number): Promise<number> {
  if (nemeses.length === 0) return 0;
  const plan = planNemesis(rng.fork('schedule'), {
    families: nemeses.map((n) => n.family),
    intervalS: env.spec.nemesisIntervalS,
    timeLimitS: env.spec.timeLimitS,
  });
  let done = 0;
  for (const step of plan) {
    while (!shouldStop() && performance.now() - startedAt < step.atMs) await sleep(Math.min(200, step.atMs - (performance.now() - startedAt)));
    if (shouldStop()) break;
    const nemesis = nemeses.find((n) => n.family === step.family)!;
    const run = (): Promise<NemesisOutcome> => nemesis.invoke(env, step.phase, rng.fork(`${step.family}-${done}`));
    // A multi-step fault records its own steps (env.step); any other fault is one op.
    const outcome = nemesis.recordsSteps
      ? await run().catch((e: unknown): NemesisOutcome => ({
          type: 'info',
          value: { family: nemesis.family, action: step.phase, phase: 'instant', targets: [] },
          error: errorMessage(e),
        }))
      : await recordNemesis(env, nemesis.family, step.phase, step.phase, run);
    env.progress.info(
      `nemesis ${nemesis.family} ${outcome.value.action} ${outcome.value.targets.join(',')}${outcome.error ? ` (${outcome.type}: ${outcome.error})` : ''}`,
    );
    done++;
  }
  return done;
}
