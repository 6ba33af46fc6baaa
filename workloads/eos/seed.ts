// Seeds the eos input topic before copying starts (no faults yet): one `seed` op sends values 0..n-1, value v to
// partition v mod P, with an idempotent producer, then reads the input back and completes with exactly what the topic
// holds, per partition in offset order — the input the checker compares the output against.
import type { Client, ClientOp, Completion, OpSequence, RunEnv } from '../../core/plugins.ts';
import { errorMessage } from '../../core/errors.ts';
import type { KafkaClients } from '../../systems/kafka/clients/types.ts';
import type { RunClients } from '../clients.ts';
import { INPUT_TOPIC, inputPartitionOf, type EosOptions } from './options.ts';
import { topicRecords, type TopicRecords } from './records.ts';

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
    private readonly clients: KafkaClients,
    private readonly process: number,
    private readonly opts: EosOptions,
  ) {}

  async invoke(op: ClientOp): Promise<Completion> {
    const planned = op.value as Record<string, number[]>;
    const sender = await this.clients.bulkSender({ process: this.process, clientId: `faultline-eos-${this.process}` });
    try {
      await sender.sendAll(
        Object.entries(planned).flatMap(([partition, values]) => values.map((v) => ({ topic: INPUT_TOPIC, partition: Number(partition), value: String(v) }))),
      );
    } catch (e) {
      return { type: 'info', error: errorMessage(e).slice(0, 200) };
    } finally {
      await sender.close();
    }
    const actual = await readWholeTopic(this.clients, this.process, this.opts.partitions);
    return { type: 'ok', value: Object.fromEntries(Object.entries(actual).map(([p, records]) => [p, records.map(([, v]) => v)])) };
  }

  async close(): Promise<void> {}
}

/** One `seed` op before the main phase; the run cannot go on without its input, so anything but `ok` fails it. */
export function seedInput(env: RunEnv, opts: EosOptions, clients: RunClients): OpSequence {
  let sent = false;
  return {
    label: 'seeding the input topic',
    opTimeoutMs: SEED_TIMEOUT_MS,
    open: async (_e, process) => new SeedClient(clients.get(), process, opts),
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
async function readWholeTopic(clients: KafkaClients, process: number, partitions: number): Promise<TopicRecords> {
  const reader = await clients.committedReader({ process, clientId: 'faultline-eos-seed-check' }, INPUT_TOPIC, partitions);
  const all: TopicRecords = Object.fromEntries(Array.from({ length: partitions }, (_, p) => [String(p), []]));
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      const round = await reader.read(undefined, { withEnds: true });
      for (const [p, records] of Object.entries(topicRecords(round.records))) all[p]!.push(...records);
      const done = round.failed.size === 0 && round.records.size === 0 && [...round.ends].every(([p, end]) => reader.position(p) >= end.highWatermark);
      if (done) return all;
      if (Date.now() > deadline) throw new Error(`reading back ${INPUT_TOPIC} did not finish: ${[...round.failed.values()].join('; ') || 'no progress'}`);
    }
  } finally {
    await reader.close();
  }
}
