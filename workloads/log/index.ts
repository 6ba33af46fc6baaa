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
import { replicationFactorFor } from '../../systems/kafka/broker-config.ts';
import type { PartitionReader, RecordSender } from '../../systems/kafka/clients/types.ts';
import { readFailure, RunClients, sendFacts } from '../clients.ts';

class LogClient implements Client {
  constructor(
    private readonly sender: RecordSender,
    private readonly reader: PartitionReader,
    private readonly opTimeoutMs: number,
  ) {}

  async invoke(op: ClientOp): Promise<Completion> {
    if (op.f === 'append') {
      const r = await this.sender.send({ topic: LOG_TOPIC, partition: 0, value: String(op.value) });
      if (!r.ok) return { type: r.type, error: r.error, requests: r.requests };
      if (r.offset === undefined) return { type: 'info', error: 'produce answered without an offset', requests: r.requests };
      return { type: 'ok', value: [op.value, r.offset], ...sendFacts(r) };
    }
    try {
      const [end] = await this.reader.endOffsets();
      const read = await this.reader.readPartition(0, end ?? 0, Date.now() + this.opTimeoutMs);
      return { type: 'ok', value: read.records.map((r) => Number(r.value)) };
    } catch (e) {
      return readFailure(e);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.sender.close(), this.reader.close()]);
  }
}

export function logWorkload(spec: TestSpec, options: Options): Workload {
  const opts = logOptions(options);
  const clients = new RunClients(spec);
  let nextValue = 0;
  return {
    name: 'log',
    async setup(env: RunEnv) {
      await (await clients.open(env)).createTopic({ name: LOG_TOPIC, partitions: 1, replicationFactor: replicationFactorFor(brokerNodes(env.cluster).length) });
      return [LOG_TOPIC];
    },
    async openClient(env: RunEnv, process: number) {
      const ctx = { process, clientId: `faultline-log-${process}` };
      const sender = await clients.get().recordSender(ctx, { acks: -1, idempotent: false, retries: 0 });
      try {
        const reader = await clients.get().partitionReader(ctx, LOG_TOPIC, 1, { requestTimeoutMs: Math.max(1000, env.spec.opTimeoutMs - 500) });
        return new LogClient(sender, reader, env.spec.opTimeoutMs);
      } catch (e) {
        await sender.close();
        throw e;
      }
    },
    nextOp(rng: Random): ClientOp {
      return rng.next() < opts.readFraction ? { f: 'read', value: null } : { f: 'append', value: nextValue++ };
    },
    finalPhase() {
      let read = false;
      const once: OpSequence = {
        label: 'final read',
        open: (e, process) => this.openClient(e, process),
        next: () => (read ? undefined : ((read = true), { f: 'read', value: null })),
      };
      return [[once]];
    },
    close: () => clients.close(),
  };
}
