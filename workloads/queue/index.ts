// Workload `queue` (the shape of Jepsen's jepsen.tests.kafka): processes send unique values to integer keys — key k is
// partition k of one topic — and poll them back, optionally inside Kafka transactions, switching between `assign` and
// `subscribe` now and then and crashing sometimes; a final read polls every key from the beginning. The Kafka checker
// (checkers/kafka) looks for lost, duplicated, reordered and aborted records and dependency cycles.
import { brokerNodes } from '../../core/cluster.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Client, ClientOp, RunEnv, Workload } from '../../core/plugins.ts';
import type { TestSpec } from '../../core/spec.ts';
import { clientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { RunClients } from '../clients.ts';
import { QueueClient, type QueueProducer } from './client.ts';
import { queueFinalRead, transactionalIdOf } from './final-read.ts';
import { QueueOpGenerator } from './generator.ts';
import { partitionOfKey, queueOptions, QUEUE_GROUP, QUEUE_TOPIC } from './options.ts';
import { replicationFactorFor } from '../../systems/kafka/broker-config.ts';
import type { Options } from '../../core/options.ts';

export function queueWorkload(spec: TestSpec, options: Options): Workload {
  const opts = queueOptions(options);
  const generator = new QueueOpGenerator(opts);
  const clients = new RunClients(spec);
  return {
    name: 'queue',
    async setup(env: RunEnv) {
      const rf = replicationFactorFor(brokerNodes(env.cluster).length);
      const kafka = await clients.open(env);
      await kafka.createTopic({ name: QUEUE_TOPIC, partitions: opts.keys, replicationFactor: rf });
      const transactionalIds = opts.txn ? Array.from({ length: env.spec.concurrency }, (_, slot) => transactionalIdOf(slot)) : [];
      await kafka.warmCoordinators({ transactionalIds, groupId: QUEUE_GROUP, timeoutMs: 60_000 });
      return [QUEUE_TOPIC];
    },
    coordinatorKeys: () => ({
      transactional: opts.txn ? Array.from({ length: spec.concurrency }, (_, slot) => transactionalIdOf(slot)) : [],
      groups: [QUEUE_GROUP],
    }),
    async openClient(env: RunEnv, process: number): Promise<Client> {
      const kafka = clients.get();
      const consumer = await kafka.queueConsumer(
        { process, clientId: `faultline-queue-c${process}` },
        { topic: QUEUE_TOPIC, groupId: QUEUE_GROUP, isolation: opts.isolation },
      );
      let producer: QueueProducer | undefined;
      try {
        // A new process starts with every key assigned (from the group's committed offsets).
        await consumer.assign(Array.from({ length: opts.keys }, (_, k) => partitionOfKey(k)));
        const ctx = { process, clientId: `faultline-queue-${process}` };
        // The transactional id belongs to the worker slot: a replacement process fences its predecessor.
        producer = opts.txn
          ? { kind: 'transactional', producer: await kafka.transactionalProducer(ctx, transactionalIdOf(process % env.spec.concurrency)) }
          : {
              kind: 'plain',
              sender: await kafka.recordSender(ctx, {
                acks: -1,
                idempotent: opts.idempotent,
                retries: opts.retries,
                timeouts: clientTimeouts(env.spec.opTimeoutMs),
              }),
            };
      } catch (e) {
        await consumer.close();
        throw e;
      }
      return new QueueClient(QUEUE_TOPIC, producer, consumer);
    },
    nextOp(rng: Random): ClientOp {
      return generator.next(rng);
    },
    finalPhase(env: RunEnv) {
      return [[queueFinalRead(env, opts, clients)]];
    },
    close: () => clients.close(),
  };
}
