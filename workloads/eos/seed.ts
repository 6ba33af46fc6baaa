// Seeds the eos input topic before copying starts (no faults yet): one `seed` op sends values 0..n-1, value v to
// partition v mod P, with an idempotent producer, then reads the input back and completes with exactly what the topic
// holds, per partition in offset order — the input the checker compares the output against.
import type { Client, ClientOp, Completion, OpSequence, RunEnv } from '../../core/plugins.ts';
import { clientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { closeQuietly } from '../../systems/kafka/close.ts';
import { workloadProducer } from '../../systems/kafka/producer.ts';
import { errorFacts, errorLabel } from '../../systems/kafka/outcome.ts';
import { TopicReader, type TopicRecords } from './observer.ts';
import { INPUT_TOPIC, inputPartitionOf, type EosOptions } from './options.ts';

const BATCH = 500;
/** Sending and reading back the whole input may take this long. */
const SEED_TIMEOUT_MS = 240_000;

/** The planned input: partition → values in the order they are sent. */
export function plannedInput(opts: EosOptions): Map<number, number[]> {
  const input = new Map<number, number[]>(Array.from({ length: opts.partitions }, (_, p) => [p, []]));
  for (let v = 0; v < opts.values; v++) input.get(inputPartitionOf(v, opts.partitions))!.push(v);
  return input;
}

/** The `seed` op's client: sends the planned input with an idempotent producer, then reads back what the topic holds. */
class SeedClient implements Client {
  constructor(
    private readonly env: RunEnv,
    private readonly process: number,
    private readonly opts: EosOptions,
  ) {}

  async invoke(op: ClientOp): Promise<Completion> {
    const planned = op.value as Record<string, number[]>;
    const producer = workloadProducer(this.env, this.process, { ...clientTimeouts(this.env.spec.opTimeoutMs), idempotent: true, acks: -1, retries: 5 });
    try {
      for (const [partition, values] of Object.entries(planned)) {
        for (let i = 0; i < values.length; i += BATCH) {
          const messages = values.slice(i, i + BATCH).map((v) => ({ topic: INPUT_TOPIC, partition: Number(partition), value: String(v) }));
          await producer.send({ messages, acks: -1 });
        }
      }
    } catch (e) {
      return { type: 'info', error: errorLabel(errorFacts(e)) };
    } finally {
      await closeQuietly(producer);
    }
    const actual = await readWholeTopic(this.env, this.opts.partitions);
    return { type: 'ok', value: Object.fromEntries(Object.entries(actual).map(([p, records]) => [p, records.map(([, v]) => v)])) };
  }

  async close(): Promise<void> {}
}

/** One `seed` op before the main phase; the run cannot go on without its input, so anything but `ok` fails it. */
export function seedInput(env: RunEnv, opts: EosOptions): OpSequence {
  let sent = false;
  return {
    label: 'seeding the input topic',
    opTimeoutMs: SEED_TIMEOUT_MS,
    open: async (e, process) => new SeedClient(e, process, opts),
    next(last) {
      if (!sent) {
        sent = true;
        return { f: 'seed', value: Object.fromEntries([...plannedInput(opts)].map(([p, values]) => [String(p), values])) };
      }
      if (last?.completion.type !== 'ok') throw new Error(`seeding ${INPUT_TOPIC} failed: ${last?.completion.error ?? 'no completion'}`);
      const held = Object.values(last.completion.value as Record<string, number[]>).reduce((n, r) => n + r.length, 0);
      env.progress.info(`  seeded ${held} values into ${opts.partitions} input partitions`);
      return undefined;
    },
  };
}

/** Every record of the input topic, by partition. */
async function readWholeTopic(env: RunEnv, partitions: number): Promise<TopicRecords> {
  const reader = new TopicReader(env.cluster.bootstrap, 'faultline-eos-seed-check', INPUT_TOPIC, partitions, clientTimeouts(env.spec.opTimeoutMs));
  const all: TopicRecords = Object.fromEntries(Array.from({ length: partitions }, (_, p) => [String(p), []]));
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      const round = await reader.read();
      for (const [p, records] of Object.entries(round.records)) all[p]!.push(...records);
      const done = round.failed.size === 0 && Object.keys(round.records).length === 0 && [...round.ends].every(([p, end]) => reader.position(p) >= end.highWatermark);
      if (done) return all;
      if (Date.now() > deadline) throw new Error(`reading back ${INPUT_TOPIC} did not finish: ${[...round.failed.values()].join('; ') || 'no progress'}`);
    }
  } finally {
    await reader.close();
  }
}
