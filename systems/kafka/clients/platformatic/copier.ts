// The eos copier's client part with @platformatic/kafka: a Consumer for metadata, offsets and our own read_committed
// Fetch (PartitionFetcher), and a transactional producer whose transactions carry the records and the input offset
// (AddOffsetsToTxn + TxnOffsetCommit). Opening it fences earlier copiers (InitProducerId on the transactional id).
import { Consumer } from '@platformatic/kafka';
import { rotateBootstrap } from '../../bootstrap.ts';
import { guardConnectionPool } from '../../client-guards.ts';
import type { ClientTimeouts } from '../../client-timeouts.ts';
import { closeQuietly } from '../../close.ts';
import { committedOffsets, findGroupCoordinator } from '../../group-offsets.ts';
import { errorFacts, errorLabel } from '../../outcome.ts';
import { PartitionFetcher } from '../../partition-fetcher.ts';
import { API_KEYS, countRequests } from '../../request-counter.ts';
import { createTransactionalProducer, runTransaction, sendOffsetsToTransaction, type StringProducer } from '../../transactions.ts';
import type { ClientContext, CopierOptions, CopyHooks, IncomingRecord, TransactionalCopier, TransactionResult } from '../types.ts';

export class PlatformaticCopier implements TransactionalCopier {
  private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  private readonly fetcher: PartitionFetcher;
  private readonly bootstrap: string[];
  private producer: StringProducer;
  private coordinatorId: number | undefined;
  private closed = false;

  constructor(
    bootstrap: string[],
    private readonly ctx: ClientContext,
    private readonly opts: CopierOptions,
    private readonly timeouts: ClientTimeouts,
  ) {
    this.bootstrap = rotateBootstrap(bootstrap, ctx.process);
    this.consumer = guardConnectionPool(
      new Consumer({ clientId: ctx.clientId, groupId: opts.groupId, bootstrapBrokers: this.bootstrap, retries: 1, ...timeouts }),
    );
    this.fetcher = new PartitionFetcher(this.consumer, { isolation: 'read_committed', maxWaitMs: 50, maxBytes: 64 * 1024 });
    this.producer = this.newProducer();
  }

  async resume(deadline: number): Promise<number> {
    const txn = await this.producer.beginTransaction();
    await txn.cancel();
    const committed = await committedOffsets(this.consumer, this.opts.groupId, this.opts.inputTopic, [this.opts.partition], deadline);
    return committed.get(this.opts.partition) ?? 0;
  }

  async read(position: number): Promise<{ records: IncomingRecord[]; atEnd: boolean }> {
    const fetched = (await this.fetcher.fetch(this.opts.inputTopic, new Map([[this.opts.partition, position]]))).get(this.opts.partition);
    if (!fetched?.ok) throw new Error(`read input: ${fetched?.error ?? 'no result'}`);
    const records = fetched.records.slice(0, this.opts.maxRecords);
    return { records, atEnd: records.length === 0 && position >= fetched.highWatermark };
  }

  async copy(records: IncomingRecord[], nextOffset: number, hooks: CopyHooks): Promise<TransactionResult> {
    const producer = this.producer;
    const counted = await countRequests(producer, API_KEYS.produce, () =>
      runTransaction(producer, async (txn) => {
        hooks.checkpoint();
        const sent = await txn.send({ messages: records.map((r) => this.outputRecord(r)), acks: -1 });
        // One batch to one partition: its records take consecutive offsets from the base offset.
        const base = sent.offsets?.find((o: { partition: number }) => o.partition === this.opts.partition)?.offset;
        hooks.sent(records.map((_, i) => (base === undefined ? null : Number(base) + i)));
        hooks.checkpoint();
        const coordinatorId = await this.coordinator();
        await sendOffsetsToTransaction(txn, {
          groupId: this.opts.groupId,
          coordinatorId,
          topic: this.opts.inputTopic,
          partition: this.opts.partition,
          nextOffset,
        });
        hooks.checkpoint();
        return true;
      }),
    );
    const outcome = counted.ok ? counted.value : { type: 'info' as const, error: `transaction: ${errorLabel(errorFacts(counted.error))}` };
    if (outcome.type === 'ok') return { type: 'ok', requests: counted.requests };
    // Aborted or unknown: this producer may hold stale sequence numbers or coordinator; the next copy re-reads the
    // same records with a new producer (same transactional id, new epoch). After `info` the harness replaces the copier.
    this.coordinatorId = undefined;
    if (outcome.type === 'fail' && !this.closed) {
      const old = this.producer;
      this.producer = this.newProducer();
      await closeQuietly(old);
    }
    return { type: outcome.type, error: outcome.error, requests: counted.requests };
  }

  async abandon(records: IncomingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const txn = await this.producer.beginTransaction();
    await txn.send({ messages: records.map((r) => this.outputRecord(r)), acks: -1 });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([closeQuietly(this.producer), closeQuietly(this.consumer)]);
  }

  private newProducer(): StringProducer {
    return createTransactionalProducer({
      bootstrap: this.bootstrap,
      transactionalId: this.opts.transactionalId,
      clientId: this.ctx.clientId,
      timeouts: this.timeouts,
    });
  }

  private outputRecord(record: IncomingRecord) {
    return { topic: this.opts.outputTopic, partition: this.opts.partition, value: record.value };
  }

  private async coordinator(): Promise<number> {
    this.coordinatorId ??= await findGroupCoordinator(this.consumer, this.opts.groupId, Date.now() + this.timeouts.requestTimeout);
    return this.coordinatorId;
  }
}
