// Workload `log`: one single-partition topic checked for linearizability. Appends return the offset the broker
// assigned; reads ask the leader for the end offset (high watermark) and fetch every record up to it. The history is
// judged by the linearizability checker with the `log` model: a read must contain every append that completed
// before the read began, in offset order, and nothing that was never appended.
import { brokerNodes } from '../../core/cluster.ts';
import type { Op } from '../../core/history/op.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Client, ClientOp, Completion, OpSequence, RunEnv, Workload, WorkloadPlugin } from '../../core/plugins.ts';
import type { TestSpec } from '../../core/spec.ts';
import { option, type Options } from '../../core/options.ts';
import { checkLinearizability } from '../../checkers/linearizability/index.ts';
import { LogReader } from '../../systems/kafka/log-reader.ts';
import { readOutcome, writeOutcome } from '../../systems/kafka/outcome.ts';
import { createTopic } from '../../systems/kafka/topics.ts';
import { rotateBootstrap } from '../../systems/kafka/bootstrap.ts';
import { workloadProducer, type StringProducer } from '../../systems/kafka/producer.ts';
import { replicationFactorFor } from '../../systems/kafka/broker-config.ts';

export const LOG_TOPIC = 'faultline-log';

export const LOG_OPTIONS = [
  option.number('read-fraction', 'share of ops that read the whole log (the rest append)', 0.01, 0.99, 0.3),
  option.int('check-timeout', 'seconds the linearizability search may take before the verdict is unknown', 1, 86_400, 120),
];

export function logOptions(o: Options): { readFraction: number; checkTimeoutS: number } {
  return { readFraction: o.number('read-fraction'), checkTimeoutS: o.number('check-timeout') };
}

class LogClient implements Client {
  constructor(
    private readonly producer: StringProducer,
    private readonly reader: LogReader,
    private readonly opTimeoutMs: number,
  ) {}

  async invoke(op: ClientOp): Promise<Completion> {
    if (op.f === 'append') {
      try {
        const r = await this.producer.send({ messages: [{ topic: LOG_TOPIC, partition: 0, value: String(op.value) }], acks: -1 });
        const offset = r.offsets?.find((o) => o.partition === 0)?.offset;
        if (offset === undefined) return { type: 'info', error: 'produce answered without an offset' };
        return { type: 'ok', value: [op.value, Number(offset)] };
      } catch (e) {
        return writeOutcome(e);
      }
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
    finalPhase(env: RunEnv) {
      let read = false;
      const once: OpSequence = { label: 'final read', open: (e, process) => this.openClient(e, process), next: () => (read ? undefined : ((read = true), { f: 'read', value: null })) };
      return [[once]];
    },
    check(ops: Op[]) {
      const result = checkLinearizability(ops, { model: 'log', timeoutMs: opts.checkTimeoutS * 1000 });
      result.stats.summary = summarise(ops, result.valid);
      return [result];
    },
  };
}

/** One paragraph for the report: what the history contained and what the verdict means for Kafka's log. */
export function summarise(ops: Op[], valid: boolean | 'unknown'): string {
  const count = (f: string, type: string): number => ops.filter((o) => o.f === f && o.type === type && o.process !== 'nemesis').length;
  const readErrors = new Map<string, number>();
  for (const o of ops) if (o.f === 'read' && o.type === 'fail') readErrors.set(o.error ?? '?', (readErrors.get(o.error ?? '?') ?? 0) + 1);
  const offsetNotAvailable = readErrors.get('OFFSET_NOT_AVAILABLE') ?? 0;
  const facts = `${count('append', 'ok')} appends acknowledged (${count('append', 'info')} unknown, ${count('append', 'fail')} refused), ${count('read', 'ok')} reads answered, ${count('read', 'fail')} refused`;
  const kip207 = offsetNotAvailable > 0
    ? ` ${offsetNotAvailable} reads were refused with OFFSET_NOT_AVAILABLE: a newly elected leader does not answer ListOffsets until its high watermark has caught up (KIP-207), which is how Kafka avoids serving a stale end offset after a leader change.`
    : '';
  if (valid === true) return `${facts}. Every read returned exactly the log prefix up to the end offset, containing every append acknowledged before the read began, in offset order: the partition behaved as a linearizable log.${kip207}`;
  if (valid === false) return `${facts}. Some read could not be placed in any order consistent with real time: see the counterexample (the stuck read and the log state it contradicts). A read missing an append acknowledged before it began is a stale read — look at the nemesis event just before it.${kip207}`;
  return `${facts}. The search did not finish within its time budget, so the verdict is unknown.${kip207}`;
}

export const logPlugin: WorkloadPlugin = {
  name: 'log',
  description: 'appends and full reads of one single-partition topic, judged for linearizability (log model)',
  options: LOG_OPTIONS,
  create: logWorkload,
};
