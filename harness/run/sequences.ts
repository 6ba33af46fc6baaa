// Runs a workload's op sequences outside the main phase (seeding, draining, final reads): every op goes through the
// harness — invoked with a timeout, recorded, counted — so no plugin writes to the history itself.
import type { Completion, OpSequence, RunEnv } from '../../core/plugins.ts';
import { errorMessage } from '../../core/errors.ts';
import { invokeRecorded, type Counts } from './main-phase.ts';

/** Hands out process ids no earlier op used. */
export class ProcessIds {
  constructor(private nextId: number) {}
  take(): number {
    return this.nextId++;
  }
  /** The lowest id not handed out yet. */
  peek(): number {
    return this.nextId;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one sequence to its end, the deadline, or a stop request. An `info` completion retires the process (its op
 * may still take effect): the sequence continues as a new process with a new client, and is told what happened.
 */
async function runSequence(env: RunEnv, seq: OpSequence, ids: ProcessIds, counts: Counts, deadline: number): Promise<void> {
  let process = ids.take();
  let client = undefined as Awaited<ReturnType<OpSequence['open']>> | undefined;
  let last: { op: { f: string; value: unknown }; completion: Completion } | undefined;
  try {
    for (;;) {
      if (env.interrupted() || Date.now() >= deadline) {
        env.progress.warn(`${seq.label}: stopped before its end (${env.interrupted() ? 'interrupted' : 'phase deadline'})`);
        return;
      }
      const op = seq.next(last);
      if (!op) return;
      if (!client) {
        try {
          client = await seq.open(env, process);
        } catch (e) {
          env.progress.warn(`${seq.label}: process ${process} could not open a client: ${errorMessage(e)}`);
          await sleep(1000);
          continue;
        }
      }
      const timeoutMs = Math.max(1, Math.min(seq.opTimeoutMs ?? env.spec.opTimeoutMs, deadline - Date.now()));
      const completion = await invokeRecorded(env, client, process, op, timeoutMs, counts);
      last = { op, completion };
      if (completion.type === 'info') {
        void client.close().catch(() => undefined);
        client = undefined;
        process = ids.take();
      }
    }
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/** Runs stages one after another; the sequences of a stage run concurrently. */
export async function runStages(env: RunEnv, stages: OpSequence[][], ids: ProcessIds, counts: Counts, deadline: number): Promise<void> {
  for (const stage of stages) {
    await Promise.all(stage.map((seq) => runSequence(env, seq, ids, counts, deadline)));
  }
}
