// Workload `eos` (the shape of Kafka's own transactions system test): an input topic is seeded with unique values;
// copiers move it to an output topic in transactions that also commit their input offsets, while the nemesis kills
// brokers and copiers crash inside transactions; read_committed observers watch the output. After a drain and a final
// read, the eos checker (checkers/eos) demands every input value exactly once, in partition order, and observers that
// never saw an aborted or duplicated record.
import { brokerNodes } from '../../core/cluster.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Client, ClientOp, Completion, RunEnv, Workload } from '../../core/plugins.ts';
import type { TestSpec } from '../../core/spec.ts';
import { rotateBootstrap } from '../../systems/kafka/bootstrap.ts';
import { clientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { warmCoordinators } from '../../systems/kafka/coordinators.ts';
import { createTopic } from '../../systems/kafka/topics.ts';
import { Copier } from './copier.ts';
import { eosFinalPhase } from './final-read.ts';
import { nextEosOp } from './generator.ts';
import { TopicReader } from './observer.ts';
import { COPIER_GROUP, copierTransactionalId, eosOptions, INPUT_TOPIC, OUTPUT_TOPIC, roleOf, type EosOptions } from './options.ts';
import { seedInput } from './seed.ts';
import { replicationFactorFor } from '../../systems/kafka/broker-config.ts';
import type { Options } from '../../core/options.ts';

class CopierClient implements Client {
  constructor(private readonly copier: Copier) {}

  invoke(op: ClientOp): Promise<Completion> {
    if (op.f === 'crash') return this.copier.crash();
    if (op.f === 'copy') return this.copier.copy();
    return Promise.resolve({ type: 'fail', error: `a copier cannot ${op.f}` });
  }

  close(): Promise<void> {
    return this.copier.close();
  }
}

class ObserverClient implements Client {
  constructor(private readonly reader: TopicReader) {}

  async invoke(op: ClientOp): Promise<Completion> {
    if (op.f !== 'observe') return { type: 'fail', error: `an observer cannot ${op.f}` };
    const round = await this.reader.read();
    if (Object.keys(round.records).length === 0 && round.failed.size > 0) {
      return { type: 'fail', error: [...round.failed].map(([p, e]) => `${p}: ${e}`).join('; ').slice(0, 200) };
    }
    return { type: 'ok', value: round.records };
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}

export function eosWorkload(spec: TestSpec, options: Options): Workload {
  const opts: EosOptions = eosOptions(options, { concurrency: spec.concurrency, timeLimitS: spec.timeLimitS });
  const timeouts = clientTimeouts(spec.opTimeoutMs);
  return {
    name: 'eos',
    async setup(env: RunEnv) {
      const rf = replicationFactorFor(brokerNodes(env.cluster).length);
      for (const name of [INPUT_TOPIC, OUTPUT_TOPIC]) await createTopic(env.cluster, { name, partitions: opts.partitions, replicationFactor: rf });
      const transactionalIds = Array.from({ length: opts.partitions }, (_, p) => copierTransactionalId(p));
      await warmCoordinators(env.cluster.bootstrap, { transactionalIds, groupId: COPIER_GROUP, timeouts, timeoutMs: 60_000 });
      return [INPUT_TOPIC, OUTPUT_TOPIC];
    },
    setupPhase(env: RunEnv) {
      return [seedInput(env, opts)];
    },
    coordinatorKeys: () => ({ transactional: Array.from({ length: opts.partitions }, (_, p) => copierTransactionalId(p)), groups: [COPIER_GROUP] }),
    async openClient(env: RunEnv, process: number): Promise<Client> {
      const role = roleOf(process, env.spec.concurrency, opts.partitions);
      if (role.kind === 'observer') {
        return new ObserverClient(new TopicReader(rotateBootstrap(env.cluster.bootstrap, process), `faultline-eos-observer-${process}`, OUTPUT_TOPIC, opts.partitions, timeouts));
      }
      const copier = await Copier.open({
        bootstrap: env.cluster.bootstrap,
        process,
        partition: role.partition,
        maxTxnLen: opts.maxTxnLen,
        timeouts,
        // Leave room inside the op timeout, so the copy itself reports what it consumed and produced.
        budgetMs: Math.max(1000, env.spec.opTimeoutMs - 1500),
      });
      return new CopierClient(copier);
    },
    nextOp(rng: Random, process: number): ClientOp {
      return nextEosOp(rng, process, spec.concurrency, opts.partitions);
    },
    finalPhase(env: RunEnv) {
      return eosFinalPhase(env, opts);
    },
  };
}
