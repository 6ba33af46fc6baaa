// The eos workload's end: first drain — one copier per input partition (opening it fences every copier left over from
// the main phase) copies until its partition is consumed, recording ordinary `copy` ops — so that input not yet copied
// is not mistaken for lost; then one `final-read` op per output partition reads it from offset 0 to its end with
// read_committed, once no transaction is open there (last stable offset = high watermark).
import type { RunEnv } from '../../core/plugins.ts';
import { errorMessage } from '../../core/errors.ts';
import { clientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { Copier } from './copier.ts';
import { TopicReader } from './observer.ts';
import { OUTPUT_TOPIC, type EosOptions } from './options.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Hands out fresh process ids above every id the main phase used. */
class ProcessIds {
  constructor(private next: number) {}
  take(): number {
    return this.next++;
  }
}

export async function eosFinalRead(env: RunEnv, firstProcess: number, opts: EosOptions): Promise<void> {
  const deadline = Date.now() + env.spec.finalReadTimeoutS * 1000;
  const ids = new ProcessIds(firstProcess);
  const partitions = Array.from({ length: opts.partitions }, (_, p) => p);
  const drained = await Promise.all(partitions.map((p) => drainPartition(env, p, ids, opts, deadline)));
  const copies = drained.reduce((a, b) => a + b, 0);
  env.progress.info(`  drain: ${copies} copy transactions after the main phase`);
  for (const p of partitions) await readOutputPartition(env, p, ids.take(), opts, deadline);
}

/** Copies input partition p to the end, replacing the copier (a new process) after an unknown outcome. */
async function drainPartition(env: RunEnv, partition: number, ids: ProcessIds, opts: EosOptions, deadline: number): Promise<number> {
  const timeouts = clientTimeouts(env.spec.opTimeoutMs);
  let copies = 0;
  while (Date.now() < deadline && !env.interrupted()) {
    const process = ids.take();
    let copier: Copier;
    try {
      copier = await Copier.open({ bootstrap: env.cluster.bootstrap, process, partition, maxTxnLen: opts.maxTxnLen, timeouts, budgetMs: Math.max(1000, env.spec.opTimeoutMs - 1500) });
    } catch (e) {
      env.progress.warn(`drain of input partition ${partition}: could not open a copier: ${errorMessage(e)}`);
      await sleep(1000);
      continue;
    }
    try {
      while (Date.now() < deadline && !env.interrupted()) {
        const inv = env.history.invoke(process, 'copy', { from: { partition, offsets: [] }, to: [] });
        const result = await copier.copy();
        env.history.complete(inv, result.type, result.value, { error: result.error });
        copies++;
        if (result.type === 'ok' && result.idle) return copies;
        if (result.type === 'info') break;
      }
    } finally {
      await copier.close();
    }
  }
  env.progress.warn(`drain of input partition ${partition} stopped before the end of the partition`);
  return copies;
}

/** One final-read op: output partition p from 0 to its end, once the end is stable. */
async function readOutputPartition(env: RunEnv, partition: number, process: number, opts: EosOptions, deadline: number): Promise<void> {
  const reader = new TopicReader(env.cluster.bootstrap, 'faultline-eos-final', OUTPUT_TOPIC, opts.partitions, clientTimeouts(env.spec.opTimeoutMs));
  const inv = env.history.invoke(process, 'final-read', { [String(partition)]: [] });
  const records: Array<[number, number]> = [];
  let lastError = '';
  try {
    while (Date.now() < deadline && !env.interrupted()) {
      const round = await reader.read([partition]);
      records.push(...(round.records[String(partition)] ?? []));
      const end = round.ends.get(partition);
      lastError = round.failed.get(partition) ?? '';
      // Done when nothing came back, the position reached the high watermark, and no transaction is open there.
      if (end && !round.records[String(partition)] && reader.position(partition) >= end.highWatermark && end.lastStable === end.highWatermark) {
        env.history.complete(inv, 'ok', { [String(partition)]: records });
        env.progress.info(`  output partition ${partition}: ${records.length} committed records up to offset ${end.highWatermark}`);
        return;
      }
      if (!round.records[String(partition)]) await sleep(200);
    }
    env.history.complete(inv, 'fail', inv.value, { error: `did not reach a stable end before the deadline${lastError ? ` (${lastError})` : ''}` });
    env.progress.warn(`final read of output partition ${partition} did not finish`);
  } finally {
    await reader.close();
  }
}
