// Seeds the eos input topic before copying starts (no faults yet): values 0..n-1, value v to partition v mod P, with an
// idempotent producer; then reads the input back, and the `seed` op completes with exactly what the topic holds, per
// partition in offset order — the input the checker compares the output against.
import type { RunEnv } from '../../core/plugins.ts';
import { clientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { closeQuietly } from '../../systems/kafka/close.ts';
import { workloadProducer } from '../../systems/kafka/producer.ts';
import { errorFacts, errorLabel } from '../../systems/kafka/outcome.ts';
import { TopicReader, type TopicRecords } from './observer.ts';
import { INPUT_TOPIC, inputPartitionOf, type EosOptions } from './options.ts';

const BATCH = 500;

/** The planned input: partition → values in the order they are sent. */
export function plannedInput(opts: EosOptions): Map<number, number[]> {
  const input = new Map<number, number[]>(Array.from({ length: opts.partitions }, (_, p) => [p, []]));
  for (let v = 0; v < opts.values; v++) input.get(inputPartitionOf(v, opts.partitions))!.push(v);
  return input;
}

export async function seedInput(env: RunEnv, process: number, opts: EosOptions): Promise<void> {
  const planned = plannedInput(opts);
  const inv = env.history.invoke(process, 'seed', Object.fromEntries([...planned].map(([p, values]) => [String(p), values])));
  const timeouts = clientTimeouts(env.spec.opTimeoutMs);
  const producer = workloadProducer(env, process, { ...timeouts, idempotent: true, acks: -1, retries: 5 });
  try {
    for (const [partition, values] of planned) {
      for (let i = 0; i < values.length; i += BATCH) {
        const messages = values.slice(i, i + BATCH).map((v) => ({ topic: INPUT_TOPIC, partition, value: String(v) }));
        await producer.send({ messages, acks: -1 });
      }
    }
  } catch (e) {
    env.history.complete(inv, 'info', inv.value, { error: errorLabel(errorFacts(e)) });
    throw new Error(`seeding ${INPUT_TOPIC} failed: ${errorLabel(errorFacts(e))}`, { cause: e });
  } finally {
    await closeQuietly(producer);
  }
  const actual = await readWholeTopic(env, opts.partitions);
  env.history.complete(inv, 'ok', Object.fromEntries(Object.entries(actual).map(([p, records]) => [p, records.map(([, v]) => v)])));
  const held = Object.values(actual).reduce((n, r) => n + r.length, 0);
  env.progress.info(`  seeded ${held} values into ${opts.partitions} input partitions`);
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
