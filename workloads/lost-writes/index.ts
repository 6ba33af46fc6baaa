// Workload `lost-writes`: producers send unique integers to a replicated topic; a final read collects everything;
// the checker says which acknowledged values were lost.
import { brokerNodes } from '../../core/cluster.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Client, ClientOp, Completion, OpSequence, RunEnv, Workload } from '../../core/plugins.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { Options } from '../../core/options.ts';
import { lostWritesOptions, TOPIC } from './options.ts';
import { replicationFactorFor } from '../../systems/kafka/broker-config.ts';
import type { PartitionReader, RecordSender } from '../../systems/kafka/clients/types.ts';
import { readFailure, RunClients, sendFacts } from '../clients.ts';

/** Send invocation value: the unique value and the partition it is sent to. The ok completion adds the offset. */
export interface SendValue {
  value: number;
  partition: number;
  offset?: number;
}

/** Final read op (one per partition): ok value lists every [offset, value] read from offset 0 to the end offset. */
export interface ReadValue {
  partition: number;
  endOffset?: number;
  records?: Array<[number, number]>;
}

class SendClient implements Client {
  constructor(private readonly sender: RecordSender) {}

  async invoke(op: ClientOp): Promise<Completion> {
    const v = op.value as SendValue;
    const r = await this.sender.send({ topic: TOPIC, partition: v.partition, value: String(v.value) });
    if (!r.ok) return { type: r.type, error: r.error, requests: r.requests };
    return { type: 'ok', value: { ...v, offset: r.offset }, ...sendFacts(r) };
  }

  close(): Promise<void> {
    return this.sender.close();
  }
}

/** Reads a whole partition per `read` op: from offset 0 to the end offset it finds, retrying until the phase ends. */
class FinalReadClient implements Client {
  private readonly deadline: number;

  constructor(
    env: RunEnv,
    private readonly reader: PartitionReader,
  ) {
    this.deadline = Date.now() + env.spec.finalReadTimeoutS * 1000;
  }

  async invoke(op: ClientOp): Promise<Completion> {
    const { partition } = op.value as ReadValue;
    try {
      let ends: number[];
      for (;;) {
        try {
          ends = await this.reader.endOffsets();
          break;
        } catch (e) {
          if (Date.now() > this.deadline) throw e;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      const read = await this.reader.readPartition(partition, ends[partition] ?? 0, this.deadline);
      const records = read.records.map((r): [number, number] => [r.offset, Number(r.value)]);
      return { type: 'ok', value: { partition, endOffset: read.endOffset, records } satisfies ReadValue };
    } catch (e) {
      return { ...readFailure(e), value: { partition } };
    }
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}

/** One `read` op per partition, in order, each partition once (a read retries inside itself until the deadline). */
function finalReads(env: RunEnv, partitions: number, clients: RunClients): OpSequence {
  let partition = 0;
  return {
    label: 'final reads',
    opTimeoutMs: env.spec.finalReadTimeoutS * 1000,
    open: async (e, process) => new FinalReadClient(e, await clients.get().partitionReader({ process, clientId: 'faultline-reader' }, TOPIC, partitions)),
    next(last) {
      if (last) {
        const v = last.completion.value as ReadValue;
        if (last.completion.type === 'ok') env.progress.info(`  partition ${v.partition}: read ${v.records?.length ?? 0} records up to offset ${v.endOffset}`);
        else env.progress.warn(`final read of partition ${v.partition} failed: ${last.completion.error}`);
      }
      return partition < partitions ? { f: 'read', value: { partition: partition++ } satisfies ReadValue } : undefined;
    },
  };
}

export function lostWritesWorkload(spec: TestSpec, options: Options): Workload {
  const opts = lostWritesOptions(options);
  const clients = new RunClients(spec);
  let nextValue = 0;
  return {
    name: 'lost-writes',
    async setup(env: RunEnv) {
      const rf = replicationFactorFor(brokerNodes(env.cluster).length);
      await (await clients.open(env)).createTopic({ name: TOPIC, partitions: opts.partitions, replicationFactor: rf });
      return [TOPIC];
    },
    async openClient(_env: RunEnv, process: number) {
      const sender = await clients
        .get()
        .recordSender({ process, clientId: `faultline-lost-writes-${process}` }, { acks: opts.acks, idempotent: false, retries: opts.retries });
      return new SendClient(sender);
    },
    nextOp(rng: Random): ClientOp {
      return { f: 'send', value: { value: nextValue++, partition: rng.int(opts.partitions) } satisfies SendValue };
    },
    finalPhase(env: RunEnv) {
      return [[finalReads(env, opts.partitions, clients)]];
    },
    close: () => clients.close(),
  };
}
