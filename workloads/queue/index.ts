// Workload `queue` (the shape of Jepsen's jepsen.tests.kafka): processes send unique values to integer keys — key k is
// partition k of one topic — and poll them back, optionally inside Kafka transactions, switching between `assign` and
// `subscribe` now and then and crashing sometimes; a final read polls every key from the beginning. The Kafka checker
// (checkers/kafka) looks for lost, duplicated, reordered and aborted records and dependency cycles.
import { brokerNodes } from '../../core/cluster.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Client, ClientOp, RunEnv, Workload } from '../../core/plugins.ts';
import type { TestSpec } from '../../core/spec.ts';
import { rotateBootstrap } from '../../systems/kafka/bootstrap.ts';
import { clientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { warmCoordinators } from '../../systems/kafka/coordinators.ts';
import { createTopic } from '../../systems/kafka/topics.ts';
import { QueueClient } from './client.ts';
import { QueueConsumer } from './consumer.ts';
import { queueFinalRead, transactionalIdOf } from './final-read.ts';
import { QueueOpGenerator } from './generator.ts';
import { queueOptions, QUEUE_GROUP, QUEUE_TOPIC } from './options.ts';
import { replicationFactorFor } from '../../systems/kafka/broker-config.ts';
import type { Options } from '../../core/options.ts';

export function queueWorkload(spec: TestSpec, options: Options): Workload {
  const opts = queueOptions(options);
  const generator = new QueueOpGenerator(opts);
  const timeouts = clientTimeouts(spec.opTimeoutMs);
  return {
    name: 'queue',
    async setup(env: RunEnv) {
      const rf = replicationFactorFor(brokerNodes(env.cluster).length);
      await createTopic(env.cluster, { name: QUEUE_TOPIC, partitions: opts.keys, replicationFactor: rf });
      const transactionalIds = opts.txn ? Array.from({ length: env.spec.concurrency }, (_, slot) => transactionalIdOf(slot)) : [];
      await warmCoordinators(env.cluster.bootstrap, { transactionalIds, groupId: QUEUE_GROUP, timeouts, timeoutMs: 60_000 });
      return [QUEUE_TOPIC];
    },
    coordinatorKeys: () => ({ transactional: opts.txn ? Array.from({ length: spec.concurrency }, (_, slot) => transactionalIdOf(slot)) : [], groups: [QUEUE_GROUP] }),
    async openClient(env: RunEnv, process: number): Promise<Client> {
      const consumer = new QueueConsumer({
        bootstrap: rotateBootstrap(env.cluster.bootstrap, process),
        clientId: `faultline-queue-c${process}`,
        topic: QUEUE_TOPIC,
        groupId: QUEUE_GROUP,
        isolation: opts.isolation,
        timeouts,
      });
      try {
        // A new process starts with every key assigned (from the group's committed offsets).
        await consumer.assign(Array.from({ length: opts.keys }, (_, k) => k));
      } catch (e) {
        await consumer.close();
        throw e;
      }
      const slot = process % env.spec.concurrency;
      return new QueueClient({ env, opts, topic: QUEUE_TOPIC, process, transactionalId: transactionalIdOf(slot), timeouts, consumer });
    },
    nextOp(rng: Random): ClientOp {
      return generator.next(rng);
    },
    finalPhase(env: RunEnv) {
      return [[queueFinalRead(env, opts)]];
    },
  };
}
