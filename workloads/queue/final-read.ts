// The queue workload's final read: fence every transactional id (so transactions left open by crashed processes are
// aborted and the last stable offset can advance), assign every key from offset 0, and poll — ordinary `poll` ops —
// until each key's position is past its highest acknowledged offset and a poll comes back empty, or the reads stall,
// or the final-read timeout passes.
import type { Op } from '../../core/history/op.ts';
import type { RunEnv } from '../../core/plugins.ts';
import { errorMessage } from '../../core/errors.ts';
import { clientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { readOutcome } from '../../systems/kafka/outcome.ts';
import { fenceTransactionalIds } from '../../systems/kafka/transactions.ts';
import { QueueConsumer } from './consumer.ts';
import { QUEUE_GROUP, QUEUE_TOPIC, type QueueOptions } from './options.ts';

/** Reads stop when no key advanced for this long. */
const STALL_MS = 20_000;

/** Per key, one past the highest offset an `ok` send or txn was acknowledged at (0 when none). */
export function acknowledgedEnds(ops: readonly Op[], keys: number): number[] {
  const ends = new Array<number>(keys).fill(0);
  for (const op of ops) {
    if (op.type !== 'ok' || (op.f !== 'send' && op.f !== 'txn') || !Array.isArray(op.value)) continue;
    for (const micro of op.value as unknown[]) {
      if (!Array.isArray(micro) || micro[0] !== 'send') continue;
      const key = micro[1] as number;
      const offset = (micro[2] as [number | null, number] | undefined)?.[0];
      if (typeof offset === 'number' && key >= 0 && key < keys) ends[key] = Math.max(ends[key]!, offset + 1);
    }
  }
  return ends;
}

export const transactionalIdOf = (slot: number): string => `faultline-queue-${slot}`;

export async function queueFinalRead(env: RunEnv, process: number, opts: QueueOptions): Promise<void> {
  const { spec, history, progress } = env;
  const deadline = Date.now() + spec.finalReadTimeoutS * 1000;
  const timeouts = clientTimeouts(spec.opTimeoutMs);
  if (opts.txn) {
    const ids = Array.from({ length: spec.concurrency }, (_, slot) => transactionalIdOf(slot));
    const failed = await fenceTransactionalIds(ids, env.cluster.bootstrap, timeouts, deadline);
    for (const f of failed) progress.warn(`could not fence ${f.id}: ${f.error}`);
  }
  const targets = acknowledgedEnds(history.ops, opts.keys);
  const keys = Array.from({ length: opts.keys }, (_, k) => k);
  const consumer = new QueueConsumer({ bootstrap: env.cluster.bootstrap, clientId: 'faultline-queue-final', topic: QUEUE_TOPIC, groupId: QUEUE_GROUP, isolation: opts.isolation, timeouts });
  try {
    const assign = history.invoke(process, 'assign', keys);
    try {
      await consumer.assign(keys, { fromBeginning: true });
      history.complete(assign, 'ok', keys);
    } catch (e) {
      history.complete(assign, 'fail', keys, { error: errorMessage(e) });
      throw e;
    }
    const reached = new Array<number>(opts.keys).fill(0);
    let lastProgress = Date.now();
    let polls = 0;
    for (;;) {
      const inv = history.invoke(process, 'poll', [['poll']]);
      let polled: Record<string, Array<[number, number]>> | undefined;
      try {
        polled = await consumer.poll();
        history.complete(inv, 'ok', [['poll', polled]]);
      } catch (e) {
        const o = readOutcome(e);
        history.complete(inv, o.type, inv.value, { error: o.error });
      }
      polls++;
      let advanced = false;
      for (const [key, records] of Object.entries(polled ?? {})) {
        const last = records.at(-1)?.[0];
        if (last !== undefined && last + 1 > reached[Number(key)]!) {
          reached[Number(key)] = last + 1;
          advanced = true;
        }
      }
      if (advanced) lastProgress = Date.now();
      const caughtUp = polled !== undefined && Object.keys(polled).length === 0 && reached.every((r, k) => r >= targets[k]!);
      if (caughtUp) break;
      if (env.interrupted() || Date.now() > deadline || Date.now() - lastProgress > STALL_MS) {
        const short = keys.filter((k) => reached[k]! < targets[k]!);
        progress.warn(`final read stopped after ${polls} polls with ${short.length} key(s) short of their acknowledged offsets${short.length ? `: ${short.map((k) => `${k} (${reached[k]}/${targets[k]})`).join(', ')}` : ''}`);
        break;
      }
    }
    progress.info(`  final read: ${polls} polls, ${reached.reduce((a, b) => a + b, 0)} offsets covered over ${opts.keys} keys`);
  } catch (e) {
    progress.warn(`final read failed: ${errorMessage(e)}`);
  } finally {
    await consumer.close();
  }
}
