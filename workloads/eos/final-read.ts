// The eos workload's end, as op sequences the harness runs: first a drain — one copier per input partition (opening
// it fences every copier left over from the main phase) copies until its partition is consumed, with ordinary `copy`
// ops, so that input not yet copied is not mistaken for lost; then one `final-read` op per output partition reads it
// from offset 0 to its end with read_committed, once no transaction is open there (last stable offset = high watermark).
import type { Client, ClientOp, Completion, OpSequence, RunEnv } from '../../core/plugins.ts';
import type { CommittedReader } from '../../systems/kafka/clients/types.ts';
import type { RunClients } from '../clients.ts';
import { Copier, type CopyResult } from './copier.ts';
import { OUTPUT_TOPIC, type EosOptions } from './options.ts';
import { topicRecords } from './records.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Copies input partition p to its end; an `info` copy makes the harness replace the copier (a new process). */
function drainPartition(env: RunEnv, partition: number, opts: EosOptions, clients: RunClients): OpSequence {
  let copies = 0;
  return {
    label: `drain of input partition ${partition}`,
    async open(e, process) {
      const copier = await Copier.open(clients.get(), { process, partition, maxTxnLen: opts.maxTxnLen, budgetMs: copyBudgetMs(e.spec.opTimeoutMs) });
      return { invoke: () => copier.copy(), close: () => copier.close() };
    },
    next(last) {
      if (last) copies++;
      if (last?.completion.type === 'ok' && (last.completion as CopyResult).idle) {
        env.progress.info(`  drain of input partition ${partition}: ${copies} copy transactions`);
        return undefined;
      }
      return { f: 'copy', value: { from: { partition, offsets: [] }, to: [] } };
    },
  };
}

/** Reads one output partition from 0 until its end is stable (nothing open, position at the high watermark). */
class FinalReadClient implements Client {
  constructor(private readonly reader: CommittedReader) {}

  async invoke(op: ClientOp): Promise<Completion> {
    const partition = Number(Object.keys(op.value as Record<string, unknown>)[0]);
    const records: Array<[number, number]> = [];
    let lastError = '';
    // The harness bounds this op by the final phase's time; past it the op is recorded info and this loop ends with
    // the reader's close.
    for (;;) {
      const round = await this.reader.read([partition], { withEnds: true });
      const read = topicRecords(round.records)[String(partition)];
      records.push(...(read ?? []));
      const end = round.ends.get(partition);
      lastError = round.failed.get(partition) ?? lastError;
      if (end && !read && this.reader.position(partition) >= end.highWatermark && end.lastStable === end.highWatermark) {
        return { type: 'ok', value: { [String(partition)]: records }, error: lastError || undefined };
      }
      if (!read) await sleep(200);
    }
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}

function readOutputPartition(env: RunEnv, partition: number, opts: EosOptions, clients: RunClients): OpSequence {
  let asked = false;
  return {
    label: `final read of output partition ${partition}`,
    opTimeoutMs: env.spec.finalReadTimeoutS * 1000,
    open: async (_e, process) =>
      new FinalReadClient(await clients.get().committedReader({ process, clientId: 'faultline-eos-final' }, OUTPUT_TOPIC, opts.partitions)),
    next(last) {
      if (last) {
        const records = (last.completion.value as Record<string, unknown[]> | undefined)?.[String(partition)];
        if (last.completion.type === 'ok') env.progress.info(`  output partition ${partition}: ${records?.length ?? 0} committed records`);
        else env.progress.warn(`final read of output partition ${partition} did not finish (${last.completion.error ?? last.completion.type})`);
      }
      if (asked) return undefined;
      asked = true;
      return { f: 'final-read', value: { [String(partition)]: [] } };
    },
  };
}

export function eosFinalPhase(env: RunEnv, opts: EosOptions, clients: RunClients): OpSequence[][] {
  const partitions = Array.from({ length: opts.partitions }, (_, p) => p);
  return [partitions.map((p) => drainPartition(env, p, opts, clients)), partitions.map((p) => readOutputPartition(env, p, opts, clients))];
}

/** A copy's budget: room inside the op timeout, so the copy itself reports what it consumed and produced. */
export const copyBudgetMs = (opTimeoutMs: number): number => Math.max(1000, opTimeoutMs - 1500);
