// One queue process's connection: a producer (plain, idempotent, or transactional with a transactional id per worker
// slot, so a replacement process fences its predecessor) and a QueueConsumer. Executes send/poll/txn/assign/subscribe
// ops and `crash`, which drops everything without goodbyes and completes `info` (the runner then opens a new client).
import type { Client, ClientOp, Completion, RunEnv } from '../../core/plugins.ts';
import { rotateBootstrap } from '../../systems/kafka/bootstrap.ts';
import type { ClientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { closeQuietly } from '../../systems/kafka/close.ts';
import { errorFacts, errorLabel, readOutcome } from '../../systems/kafka/outcome.ts';
import { sendOnce, workloadProducer } from '../../systems/kafka/producer.ts';
import { API_KEYS, countRequests } from '../../systems/kafka/request-counter.ts';
import { createTransactionalProducer, runTransaction, type StringProducer, type StringTransaction } from '../../systems/kafka/transactions.ts';
import type { QueueConsumer } from './consumer.ts';
import type { MicroInvocation } from './generator.ts';
import { partitionOfKey, type QueueOptions } from './options.ts';

export interface QueueClientSetup {
  env: RunEnv;
  opts: QueueOptions;
  topic: string;
  process: number;
  /** Stable across the processes of one worker slot. */
  transactionalId: string;
  timeouts: ClientTimeouts;
  consumer: QueueConsumer;
}

type MicroCompletion = ['send', number, [number | null, number]] | ['poll', Record<string, Array<[number, number]>>];

export class QueueClient implements Client {
  private producer: StringProducer;

  constructor(private readonly setup: QueueClientSetup) {
    this.producer = this.newProducer();
  }

  async invoke(op: ClientOp): Promise<Completion> {
    switch (op.f) {
      case 'send':
        return this.send((op.value as MicroInvocation[])[0] as ['send', number, number]);
      case 'poll':
        return this.pollOnce();
      case 'txn':
        return this.transaction(op.value as MicroInvocation[]);
      case 'assign':
        return this.rebalance(() => this.setup.consumer.assign(op.value as number[]));
      case 'subscribe':
        return this.rebalance(() => this.setup.consumer.subscribe());
      case 'crash':
        await this.shutdown(true);
        return { type: 'info', value: null, error: 'crashed on purpose' };
      default:
        return { type: 'fail', error: `unknown op ${op.f}` };
    }
  }

  async close(): Promise<void> {
    await this.shutdown(false);
  }

  private newProducer(): StringProducer {
    const { env, opts, process, transactionalId, timeouts } = this.setup;
    if (opts.txn) {
      const bootstrap = rotateBootstrap(env.cluster.bootstrap, process);
      return createTransactionalProducer({ bootstrap, transactionalId, clientId: `faultline-queue-${process}`, timeouts });
    }
    // An idempotent producer retries inside the client (≥ 2: the client turns fewer into unbounded retries), reusing
    // sequence numbers so the broker drops duplicates; a plain one resends in sendOnce when --retries asks.
    return workloadProducer(env, process, { ...timeouts, idempotent: opts.idempotent, acks: -1, retries: opts.idempotent ? Math.max(2, opts.retries) : 0 });
  }

  private async replaceProducer(): Promise<void> {
    const old = this.producer;
    this.producer = this.newProducer();
    await closeQuietly(old);
  }

  private message(key: number, value: number) {
    return { topic: this.setup.topic, partition: partitionOfKey(key), key: String(key), value: String(value) };
  }

  private async send([, key, value]: ['send', number, number]): Promise<Completion> {
    // A plain producer's failed send leaves nothing to undo; an idempotent one keeps its sequence numbers only when
    // the send certainly did not happen (info retires this client anyway).
    const r = await sendOnce(this.producer, [this.message(key, value)], -1, { retries: this.setup.opts.idempotent ? 0 : this.setup.opts.retries });
    if (!r.ok) return r.completion;
    const offset = r.offsets.get(`${this.setup.topic}/${partitionOfKey(key)}`);
    return { type: 'ok', value: [['send', key, [offset ?? null, value]]], requests: r.requests };
  }

  private async pollOnce(): Promise<Completion> {
    try {
      const polled = await this.setup.consumer.poll();
      this.setup.consumer.commitInBackground();
      return { type: 'ok', value: [['poll', polled]] };
    } catch (e) {
      return readOutcome(e);
    }
  }

  /** One Kafka transaction: sends in order, polls (read_committed does not see this transaction's own sends). */
  private async transaction(micros: MicroInvocation[]): Promise<Completion> {
    const consumer = this.setup.consumer;
    const before = consumer.snapshot();
    const results: MicroCompletion[] = [];
    const body = async (txn: StringTransaction): Promise<boolean> => {
      let sent = false;
      for (const micro of micros) {
        if (micro[0] === 'poll') {
          results.push(['poll', await consumer.poll()]);
          continue;
        }
        // The transaction ends in an abort on purpose: runTransaction aborts it, and it completes fail once the abort
        // is acknowledged (info if the abort fails).
        if (micro[0] === 'abort') throw new Error('aborted on purpose');
        const [, key, value] = micro;
        const result = await txn.send({ messages: [this.message(key, value)], acks: -1 });
        const offset = result.offsets?.find((o: { partition: number }) => o.partition === partitionOfKey(key))?.offset;
        results.push(['send', key, [offset === undefined ? null : Number(offset), value]]);
        sent = true;
      }
      return sent;
    };
    const counted = await countRequests(this.producer, API_KEYS.produce, () => runTransaction(this.producer, body));
    const outcome = counted.ok ? counted.value : { type: 'info' as const, error: `transaction: ${errorLabel(errorFacts(counted.error))}` };
    const requests = counted.requests;
    if (outcome.type === 'ok') {
      consumer.commitInBackground();
      return { type: 'ok', value: results, requests };
    }
    // The failed transaction's polls do not count: read those records again. Its producer may hold an open or
    // uncertain transaction and stale sequence numbers: replace it (same transactional id, new epoch).
    consumer.restore(before);
    await this.replaceProducer();
    return { type: outcome.type, error: outcome.error, requests };
  }

  private async rebalance(change: () => Promise<number[]>): Promise<Completion> {
    try {
      return { type: 'ok', value: await change() };
    } catch (e) {
      // Nothing durable happened: the consumer keeps its previous keys.
      return { type: 'fail', error: errorLabel(errorFacts(e)) };
    }
  }

  private async shutdown(crash: boolean): Promise<void> {
    await Promise.all([closeQuietly(this.producer), this.setup.consumer.close(crash)]);
  }
}
