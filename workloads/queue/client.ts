// One queue process's connection: a producer (plain or idempotent RecordSender, or a TransactionalProducer whose
// transactional id belongs to the worker slot, so a replacement process fences its predecessor) and a QueueConsumer.
// Executes send/poll/txn/assign/subscribe ops and `crash`, which drops everything without goodbyes and completes
// `info` (the runner then opens a new client). The clients are the run's (--client), the history shapes the checker's.
import type { Client, ClientOp, Completion } from '../../core/plugins.ts';
import { errorMessage } from '../../core/errors.ts';
import type { IncomingRecord, QueueConsumer, RecordSender, TransactionalProducer } from '../../systems/kafka/clients/types.ts';
import { readFailure, sendFacts } from '../clients.ts';
import type { MicroInvocation } from './generator.ts';
import { keyOfPartition, partitionOfKey } from './options.ts';

/** Per key (decimal string): [offset, value] pairs in the order read — the poll micro-op's completion. */
export type PolledRecords = Record<string, Array<[number, number]>>;

/** A consumer's poll as the history shows it: by key, values as numbers. */
export function polledRecords(polled: Map<number, IncomingRecord[]>): PolledRecords {
  const out: PolledRecords = {};
  for (const [partition, records] of [...polled].sort(([a], [b]) => a - b)) {
    out[String(keyOfPartition(partition))] = records.map((r): [number, number] => [r.offset, Number(r.value)]);
  }
  return out;
}

export type QueueProducer = { kind: 'plain'; sender: RecordSender } | { kind: 'transactional'; producer: TransactionalProducer };

/** A poll's completion names, third, the keys a group rebalance gave the process since its last reported poll. */
type MicroCompletion = ['send', number, [number | null, number]] | ['poll', PolledRecords] | ['poll', PolledRecords, number[]];

export class QueueClient implements Client {
  /** Keys group rebalances gave this process that no ok op has reported yet (a failed op's polls do not count). */
  private readonly unreported = new Set<number>();

  constructor(
    private readonly topic: string,
    private readonly producer: QueueProducer,
    private readonly consumer: QueueConsumer,
  ) {}

  async invoke(op: ClientOp): Promise<Completion> {
    switch (op.f) {
      case 'send':
        return this.send((op.value as MicroInvocation[])[0] as ['send', number, number]);
      case 'poll':
        return this.pollOnce();
      case 'txn':
        return this.transaction(op.value as MicroInvocation[]);
      case 'assign':
        return this.rebalance(() => this.consumer.assign((op.value as number[]).map(partitionOfKey)));
      case 'subscribe':
        return this.rebalance(() => this.consumer.subscribe());
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

  private record(key: number, value: number) {
    return { topic: this.topic, partition: partitionOfKey(key), key: String(key), value: String(value) };
  }

  private async send([, key, value]: ['send', number, number]): Promise<Completion> {
    if (this.producer.kind !== 'plain') return { type: 'fail', error: 'a transactional producer sends inside txn ops only' };
    const r = await this.producer.sender.send(this.record(key, value));
    if (!r.ok) return { type: r.type, error: r.error, requests: r.requests };
    return { type: 'ok', value: [['send', key, [r.offset ?? null, value]]], ...sendFacts(r) };
  }

  private async pollOnce(): Promise<Completion> {
    try {
      const poll = this.pollCompletion(await this.consumer.poll());
      this.consumer.commitInBackground();
      return { type: 'ok', value: [poll] };
    } catch (e) {
      return readFailure(e);
    }
  }

  /** One Kafka transaction: sends in order, polls (read_committed does not see this transaction's own sends). */
  private async transaction(micros: MicroInvocation[]): Promise<Completion> {
    if (this.producer.kind !== 'transactional') return { type: 'fail', error: 'txn ops need --txn (a transactional producer)' };
    const before = this.consumer.snapshot();
    const results: MicroCompletion[] = [];
    const outcome = await this.producer.producer.transaction(async (txn) => {
      for (const micro of micros) {
        if (micro[0] === 'poll') {
          results.push(this.pollCompletion(await this.consumer.poll()));
          continue;
        }
        // The transaction ends in an abort on purpose: the producer aborts it, and it completes fail once the abort is
        // acknowledged (info if the abort fails).
        if (micro[0] === 'abort') throw new Error('aborted on purpose');
        const [, key, value] = micro;
        const offset = await txn.send(this.record(key, value));
        results.push(['send', key, [offset ?? null, value]]);
      }
    });
    if (outcome.type === 'ok') {
      this.consumer.commitInBackground();
      return { type: 'ok', value: results, requests: outcome.requests };
    }
    // The failed transaction's polls do not count: read those records again (the producer replaced itself), and
    // report its rebalances with the next ok op.
    this.consumer.restore(before);
    for (const micro of results) if (micro[0] === 'poll' && micro.length === 3) for (const key of micro[2]) this.unreported.add(key);
    return { type: outcome.type, error: outcome.error, requests: outcome.requests };
  }

  /** A poll micro-op's completion, with the keys reassigned since the last one reported (see queue ops.ts). */
  private pollCompletion(records: Map<number, IncomingRecord[]>): MicroCompletion {
    for (const partition of this.consumer.takeReassigned()) this.unreported.add(keyOfPartition(partition));
    if (this.unreported.size === 0) return ['poll', polledRecords(records)];
    const keys = [...this.unreported].sort((a, b) => a - b);
    this.unreported.clear();
    return ['poll', polledRecords(records), keys];
  }

  private async rebalance(change: () => Promise<number[]>): Promise<Completion> {
    try {
      return { type: 'ok', value: (await change()).map(keyOfPartition) };
    } catch (e) {
      // Nothing durable happened: the consumer keeps its previous partitions.
      return { type: 'fail', error: errorMessage(e).slice(0, 200) };
    }
  }

  private async shutdown(crash: boolean): Promise<void> {
    const producer = this.producer.kind === 'plain' ? this.producer.sender : this.producer.producer;
    await Promise.all([producer.close().catch(() => undefined), this.consumer.close(crash).catch(() => undefined)]);
  }
}
