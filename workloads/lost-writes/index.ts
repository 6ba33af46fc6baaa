// Workload `lost-writes`: producers send unique integers to a replicated topic; a final read collects everything;
// the checker says which acknowledged values were lost.
import { brokerNodes } from '../../core/cluster.ts';
import type { Op } from '../../core/history/op.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Client, ClientOp, Completion, RunEnv, Workload } from '../../core/plugins.ts';
import type { TestSpec } from '../../core/spec.ts';
import { UserError } from '../../core/errors.ts';
import { checkLostWrites } from '../../checkers/lost-writes/index.ts';
import { LogReader } from '../../systems/kafka/log-reader.ts';
import { writeOutcome, readOutcome } from '../../systems/kafka/outcome.ts';
import { createTopic } from '../../systems/kafka/topics.ts';
import { workloadProducer, type StringProducer } from '../../systems/kafka/producer.ts';
import { replicationFactorFor } from '../../systems/kafka/broker-config.ts';

export const TOPIC = 'faultline-lost-writes';

export interface LostWritesOptions {
  partitions: number;
  /** -1 = all, 1 = leader only, 0 = none. */
  acks: -1 | 0 | 1;
}

export function lostWritesOptions(raw: Record<string, string | number | boolean>): LostWritesOptions {
  const partitions = Number(raw.partitions ?? 6);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000) throw new UserError(`--partitions ${raw.partitions}: must be a whole number from 1 to 1000`);
  const acksRaw = String(raw.acks ?? 'all');
  const acks = acksRaw === 'all' || acksRaw === '-1' ? -1 : acksRaw === '1' ? 1 : acksRaw === '0' ? 0 : undefined;
  if (acks === undefined) throw new UserError(`--acks ${acksRaw}: must be all, 1 or 0`);
  return { partitions, acks };
}

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
    private readonly acks: number,
  ) {}

  async invoke(op: ClientOp): Promise<Completion> {
    const v = op.value as SendValue;
    try {
      const r = await this.producer.send({ messages: [{ topic: TOPIC, partition: v.partition, value: String(v.value) }], acks: this.acks });
      const offset = r.offsets?.find((o) => o.partition === v.partition)?.offset;
      return { type: 'ok', value: { ...v, offset: offset === undefined ? undefined : Number(offset) } };
    } catch (e) {
      return writeOutcome(e);
    }
  }

  async close(): Promise<void> {
    await this.producer.close(true);
  }
}

export function lostWritesWorkload(spec: TestSpec): Workload {
  const opts = lostWritesOptions(spec.workloadOptions);
  let nextValue = 0;
  return {
    name: 'lost-writes',
    async setup(env: RunEnv) {
      const rf = replicationFactorFor(brokerNodes(env.cluster).length);
      await createTopic(env.cluster, { name: TOPIC, partitions: opts.partitions, replicationFactor: rf });
      return [TOPIC];
    },
    async openClient(env: RunEnv, process: number) {
      return new SendClient(workloadProducer(env, process, { acks: opts.acks, idempotent: false }), opts.acks);
    },
    nextOp(rng: Random): ClientOp {
      return { f: 'send', value: { value: nextValue++, partition: rng.int(opts.partitions) } satisfies SendValue };
    },
    async finalRead(env: RunEnv, process: number) {
      const reader = new LogReader({ bootstrap: env.cluster.bootstrap, topic: TOPIC });
      const deadline = Date.now() + env.spec.finalReadTimeoutS * 1000;
      try {
        let ends: number[] = [];
        for (;;) {
          try {
            ends = await reader.endOffsets();
            break;
          } catch (e) {
            if (Date.now() > deadline) throw e;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
        for (let partition = 0; partition < opts.partitions; partition++) {
          const inv = env.history.invoke(process, 'read', { partition } satisfies ReadValue);
          try {
            const read = await reader.readPartition(partition, ends[partition] ?? 0, deadline);
            const records = read.records.map((r): [number, number] => [r.offset, Number(r.value)]);
            env.history.complete(inv, 'ok', { partition, endOffset: read.endOffset, records } satisfies ReadValue);
            env.progress.info(`  partition ${partition}: read ${records.length} records up to offset ${read.endOffset}`);
          } catch (e) {
            const o = readOutcome(e);
            env.history.complete(inv, o.type, { partition }, { error: o.error });
            env.progress.warn(`final read of partition ${partition} failed: ${o.error}`);
          }
        }
      } finally {
        await reader.close();
      }
    },
    check(ops: Op[]) {
      return [checkLostWrites(ops)];
    },
  };
}
