// Workload `lost-writes`: producers send unique integers to a replicated topic; a final read collects everything;
// the checker says which acknowledged values were lost.
import { brokerNodes } from '../../core/cluster.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Client, ClientOp, Completion, OpSequence, RunEnv, Workload } from '../../core/plugins.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { Options } from '../../core/options.ts';
import { lostWritesOptions, TOPIC } from './options.ts';
import { LogReader } from '../../systems/kafka/log-reader.ts';
import { readOutcome } from '../../systems/kafka/outcome.ts';
import { createTopic } from '../../systems/kafka/topics.ts';
import { sendOnce, workloadProducer, type StringProducer } from '../../systems/kafka/producer.ts';
import { replicationFactorFor } from '../../systems/kafka/broker-config.ts';

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
  constructor(
    private readonly producer: StringProducer,
    private readonly acks: -1 | 0 | 1,
    private readonly retries: number,
  ) {}

  async invoke(op: ClientOp): Promise<Completion> {
    const v = op.value as SendValue;
    const r = await sendOnce(this.producer, [{ topic: TOPIC, partition: v.partition, value: String(v.value) }], this.acks, { retries: this.retries });
    if (!r.ok) return r.completion;
    return { type: 'ok', value: { ...v, offset: r.offsets.get(`${TOPIC}/${v.partition}`) }, requests: r.requests };
  }

  async close(): Promise<void> {
    await this.producer.close(true);
  }
}

/** Reads a whole partition per `read` op: from offset 0 to the end offset it finds, retrying until the phase ends. */
class FinalReadClient implements Client {
  private readonly reader: LogReader;
  private readonly deadline: number;

  constructor(env: RunEnv) {
    this.reader = new LogReader({ bootstrap: env.cluster.bootstrap, topic: TOPIC });
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
      const o = readOutcome(e);
      return { type: o.type, value: { partition }, error: o.error };
    }
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}

/** One `read` op per partition, in order, each partition once (a read retries inside itself until the deadline). */
function finalReads(env: RunEnv, partitions: number): OpSequence {
  let partition = 0;
  return {
    label: 'final reads',
    opTimeoutMs: env.spec.finalReadTimeoutS * 1000,
    open: async (e) => new FinalReadClient(e),
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

export function lostWritesWorkload(_spec: TestSpec, options: Options): Workload {
  const opts = lostWritesOptions(options);
  let nextValue = 0;
  return {
    name: 'lost-writes',
    async setup(env: RunEnv) {
      const rf = replicationFactorFor(brokerNodes(env.cluster).length);
      await createTopic(env.cluster, { name: TOPIC, partitions: opts.partitions, replicationFactor: rf });
      return [TOPIC];
    },
    async openClient(env: RunEnv, process: number) {
      return new SendClient(workloadProducer(env, process, { acks: opts.acks, idempotent: false }), opts.acks, opts.retries);
    },
    nextOp(rng: Random): ClientOp {
      return { f: 'send', value: { value: nextValue++, partition: rng.int(opts.partitions) } satisfies SendValue };
    },
    finalPhase(env: RunEnv) {
      return [[finalReads(env, opts.partitions)]];
    },
  };
}

