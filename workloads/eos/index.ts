// Workload `eos` (the shape of Kafka's own transactions system test): an input topic is seeded with unique values;
// copiers move it to an output topic in transactions that also commit their input offsets, while the nemesis kills
// brokers and copiers crash inside transactions; read_committed observers watch the output. After a drain and a final
// read, the eos checker (checkers/eos) demands every input value exactly once, in partition order, and observers that
// never saw an aborted or duplicated record.
import { brokerNodes } from '../../core/cluster.ts';
import type { Random } from '../../core/generator/random.ts';
import type { Client, ClientOp, Completion, RunEnv, Workload } from '../../core/plugins.ts';
import type { TestSpec } from '../../core/spec.ts';
import type { CommittedReader } from '../../systems/kafka/clients/types.ts';
import { RunClients } from '../clients.ts';
import { Copier } from './copier.ts';
import { copyBudgetMs, eosFinalPhase } from './final-read.ts';
import { nextEosOp } from './generator.ts';
import { topicRecords } from './records.ts';
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
  constructor(private readonly reader: CommittedReader) {}

  async invoke(op: ClientOp): Promise<Completion> {
    if (op.f !== 'observe') return { type: 'fail', error: `an observer cannot ${op.f}` };
    const round = await this.reader.read();
    if (round.records.size === 0 && round.failed.size > 0) {
      return {
        type: 'fail',
        error: [...round.failed]
          .map(([p, e]) => `${p}: ${e}`)
          .join('; ')
          .slice(0, 200),
      };
    }
    return { type: 'ok', value: topicRecords(round.records) };
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}

export function eosWorkload(spec: TestSpec, options: Options): Workload {
  const opts: EosOptions = eosOptions(options, { concurrency: spec.concurrency, timeLimitS: spec.timeLimitS });
  const clients = new RunClients(spec);
  return {
    name: 'eos',
    async setup(env: RunEnv) {
      const rf = replicationFactorFor(brokerNodes(env.cluster).length);
      const kafka = await clients.open(env);
      for (const name of [INPUT_TOPIC, OUTPUT_TOPIC]) await kafka.createTopic({ name, partitions: opts.partitions, replicationFactor: rf });
      const transactionalIds = Array.from({ length: opts.partitions }, (_, p) => copierTransactionalId(p));
      await kafka.warmCoordinators({ transactionalIds, groupId: COPIER_GROUP, timeoutMs: 60_000 });
      return [INPUT_TOPIC, OUTPUT_TOPIC];
    },
    setupPhase(env: RunEnv) {
      return [seedInput(env, opts, clients)];
    },
    coordinatorKeys: () => ({ transactional: Array.from({ length: opts.partitions }, (_, p) => copierTransactionalId(p)), groups: [COPIER_GROUP] }),
    async openClient(env: RunEnv, process: number): Promise<Client> {
      const role = roleOf(process, env.spec.concurrency, opts.partitions);
      if (role.kind === 'observer') {
        return new ObserverClient(
          await clients.get().committedReader({ process, clientId: `faultline-eos-observer-${process}` }, OUTPUT_TOPIC, opts.partitions),
        );
      }
      const copier = await Copier.open(clients.get(), {
        process,
        partition: role.partition,
        maxTxnLen: opts.maxTxnLen,
        budgetMs: copyBudgetMs(env.spec.opTimeoutMs),
      });
      return new CopierClient(copier);
    },
    nextOp(rng: Random, process: number): ClientOp {
      return nextEosOp(rng, process, spec.concurrency, opts.partitions);
    },
    finalPhase(env: RunEnv) {
      return eosFinalPhase(env, opts, clients);
    },
    close: () => clients.close(),
  };
}
