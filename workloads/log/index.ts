// Workload `log`: one single-partition topic checked for linearizability. Appends return the offset the broker
// assigned; reads ask the leader for the end offset (high watermark) and fetch every record up to it. The history is
// judged by the linearizability checker with the `log` model: a read must contain every append that completed
// before the read began, in offset order, and nothing that was never appended.
import { brokerNodes } from '../../core/cluster.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Client, ClientOp, Completion, OpSequence, RunEnv, Workload } from '../../core/plugins.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { Options } from '../../core/options.ts';
import { LOG_TOPIC, logOptions } from './options.ts';
import { LogReader } from '../../systems/kafka/log-reader.ts';
import { readOutcome } from '../../systems/kafka/outcome.ts';
import { createTopic } from '../../systems/kafka/topics.ts';
import { rotateBootstrap } from '../../systems/kafka/bootstrap.ts';
import { sendOnce, workloadProducer, type StringProducer } from '../../systems/kafka/producer.ts';
import { replicationFactorFor } from '../../systems/kafka/broker-config.ts';

class LogClient implements Client {
  constructor(
    private readonly producer: StringProducer,
    private readonly reader: LogReader,
    private readonly opTimeoutMs: number,
  ) {}

  async invoke(op: ClientOp): Promise<Completion> {
    if (op.f === 'append') {
      const r = await sendOnce(this.producer, [{ topic: LOG_TOPIC, partition: 0, value: String(op.value) }], -1);
      if (!r.ok) return r.completion;
      const offset = r.offsets.get(`${LOG_TOPIC}/0`);
      if (offset === undefined) return { type: 'info', error: 'produce answered without an offset', requests: r.requests };
      return { type: 'ok', value: [op.value, offset], requests: r.requests };
    }
    try {
      const [end] = await this.reader.endOffsets();
      const read = await this.reader.readPartition(0, end ?? 0, Date.now() + this.opTimeoutMs);
      return { type: 'ok', value: read.records.map((r) => Number(r.value)) };
    } catch (e) {
      return readOutcome(e);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.producer.close(true), this.reader.close()]);
  }
}

export function logWorkload(spec: TestSpec, options: Options): Workload {
  const opts = logOptions(options);
  let nextValue = 0;
  return {
    name: 'log',
    async setup(env: RunEnv) {
      await createTopic(env.cluster, { name: LOG_TOPIC, partitions: 1, replicationFactor: replicationFactorFor(brokerNodes(env.cluster).length) });
      return [LOG_TOPIC];
    },
    async openClient(env: RunEnv, process: number) {
      const reader = new LogReader({ bootstrap: rotateBootstrap(env.cluster.bootstrap, process), topic: LOG_TOPIC, timeoutMs: Math.max(1000, env.spec.opTimeoutMs - 500) });
      return new LogClient(workloadProducer(env, process), reader, env.spec.opTimeoutMs);
    },
    nextOp(rng: Random): ClientOp {
      return rng.next() < opts.readFraction ? { f: 'read', value: null } : { f: 'append', value: nextValue++ };
    },
    finalPhase() {
      let read = false;
      const once: OpSequence = { label: 'final read', open: (e, process) => this.openClient(e, process), next: () => (read ? undefined : ((read = true), { f: 'read', value: null })) };
      return [[once]];
    },
  };
}
