// The queue workload's final read: fence every transactional id (so transactions left open by crashed processes are
// aborted and the last stable offset can advance), assign every key from offset 0, and poll — ordinary `poll` ops run
// by the harness — until each key's position is past its highest acknowledged offset and a poll comes back empty, or
// the reads stall, or the final phase's time is up.
import type { Op } from '../../core/history/op.ts';
import type { Client, ClientOp, Completion, OpSequence, RunEnv } from '../../core/plugins.ts';
import type { QueueConsumer } from '../../systems/kafka/clients/types.ts';
import { readFailure, type RunClients } from '../clients.ts';
import { polledRecords } from './client.ts';
import { partitionOfKey, QUEUE_GROUP, QUEUE_TOPIC, type QueueOptions } from './options.ts';

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

/** The final reader's client: `assign` every key from offset 0, then `poll` ops (the checker's history shapes). */
class FinalReadClient implements Client {
  constructor(private readonly consumer: QueueConsumer) {}

  async invoke(op: ClientOp): Promise<Completion> {
    try {
      if (op.f === 'assign') {
        await this.consumer.assign((op.value as number[]).map(partitionOfKey), { fromBeginning: true });
        return { type: 'ok', value: op.value };
      }
      return { type: 'ok', value: [['poll', polledRecords(await this.consumer.poll())]] };
    } catch (e) {
      return { ...readFailure(e), value: op.value };
    }
  }

  close(): Promise<void> {
    return this.consumer.close();
  }
}

/**
 * Fences every transactional id once, then assigns every key from offset 0 and polls until each key's position is
 * past its highest acknowledged offset and a poll comes back empty — or the reads stall. A new process (after an
 * `info`) assigns again.
 */
export function queueFinalRead(env: RunEnv, opts: QueueOptions, clients: RunClients): OpSequence {
  const { spec, progress } = env;
  const targets = acknowledgedEnds(env.history.ops, opts.keys);
  const keys = Array.from({ length: opts.keys }, (_, k) => k);
  const reached = new Array<number>(opts.keys).fill(0);
  let fenced = !opts.txn;
  let lastProgress = Date.now();
  let polls = 0;
  const report = (): void => progress.info(`  final read: ${polls} polls, ${reached.reduce((a, b) => a + b, 0)} offsets covered over ${opts.keys} keys`);
  return {
    label: 'final read',
    async open(_e, process) {
      if (!fenced) {
        const ids = Array.from({ length: spec.concurrency }, (_, slot) => transactionalIdOf(slot));
        const failed = await clients.get().fenceTransactionalIds(ids, Date.now() + spec.finalReadTimeoutS * 1000);
        for (const f of failed) progress.warn(`could not fence ${f.id}: ${f.error}`);
        fenced = true;
      }
      const consumer = await clients
        .get()
        .queueConsumer({ process, clientId: 'faultline-queue-final' }, { topic: QUEUE_TOPIC, groupId: QUEUE_GROUP, isolation: opts.isolation });
      return new FinalReadClient(consumer);
    },
    next(last) {
      if (!last || last.completion.type === 'info') return { f: 'assign', value: keys };
      if (last.op.f === 'assign') {
        if (last.completion.type === 'ok') return { f: 'poll', value: [['poll']] };
        progress.warn(`final read failed: could not assign the keys (${last.completion.error})`);
        return undefined;
      }
      polls++;
      const polled = last.completion.type === 'ok' ? ((last.completion.value as [[string, Record<string, Array<[number, number]>>]])[0][1] ?? {}) : undefined;
      for (const [key, records] of Object.entries(polled ?? {})) {
        const end = (records.at(-1)?.[0] ?? -1) + 1;
        if (end > reached[Number(key)]!) {
          reached[Number(key)] = end;
          lastProgress = Date.now();
        }
      }
      if (polled !== undefined && Object.keys(polled).length === 0 && reached.every((r, k) => r >= targets[k]!)) {
        report();
        return undefined;
      }
      if (Date.now() - lastProgress > STALL_MS) {
        const short = keys.filter((k) => reached[k]! < targets[k]!);
        progress.warn(
          `final read stopped after ${polls} polls with ${short.length} key(s) short of their acknowledged offsets${short.length ? `: ${short.map((k) => `${k} (${reached[k]}/${targets[k]})`).join(', ')}` : ''}`,
        );
        report();
        return undefined;
      }
      return { f: 'poll', value: [['poll']] };
    },
  };
}
