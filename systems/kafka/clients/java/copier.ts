// The eos copier's client part with Kafka's Java client: a read_committed consumer of the input partition in the
// copiers' group (assigned, not subscribed: generation -1, as the other client's), and a transactional producer.
// resume = initTransactions (fences earlier copiers) + the group's committed offset (the Java consumer asks with
// requireStable, so a pending transaction's offsets are waited for); a copy = sends one at a time (their Produce
// requests are then exact), sendOffsetsToTransaction with the consumer's group metadata, commit.
import { JavaConsumer, type CallOptions, type ClientConfig, type DriverLink, type JavaProducer } from '../../java-client/index.ts';
import type { CopierOptions, CopyHooks, IncomingRecord, TransactionalCopier, TransactionResult } from '../types.ts';
import { FETCH_MAX_WAIT_MS } from './config.ts';
import { asRead } from './outcomes.ts';
import { TransactionalSlot } from './transactions.ts';

/** A read waits this long for records (a fetch round trip after a seek). */
const READ_POLL_MS = 2 * FETCH_MAX_WAIT_MS;

export class JavaCopier implements TransactionalCopier {
  /** Where the consumer stands (the next offset it will return), when known; a read elsewhere seeks first. */
  private consumerPosition: number | undefined;
  private crashed = false;

  private constructor(
    private readonly consumer: JavaConsumer,
    private readonly slot: TransactionalSlot,
    private readonly opts: CopierOptions,
    private readonly call: CallOptions,
  ) {}

  static async open(
    driver: DriverLink,
    consumerConfig: ClientConfig,
    openProducer: () => Promise<JavaProducer>,
    opts: CopierOptions,
    call: CallOptions,
  ): Promise<JavaCopier> {
    const consumer = await JavaConsumer.open(driver, consumerConfig, call);
    try {
      await consumer.assign([{ topic: opts.inputTopic, partition: opts.partition }], call);
    } catch (e) {
      await consumer.close(0, call).catch(() => undefined);
      throw e;
    }
    return new JavaCopier(consumer, new TransactionalSlot(openProducer, call), opts, call);
  }

  async resume(deadline: number): Promise<number> {
    await this.slot.current();
    const [committed] = await asRead(this.consumer.committed([this.input()], Math.max(1, deadline - Date.now()), this.call));
    return committed?.offset ?? 0;
  }

  async read(position: number): Promise<{ records: IncomingRecord[]; atEnd: boolean }> {
    if (this.consumerPosition !== position) {
      await asRead(this.consumer.seek(this.input(), position, this.call));
      this.consumerPosition = position;
    }
    const polled = await asRead(this.consumer.poll(READ_POLL_MS, this.call));
    const records = polled.records
      .filter((r) => r.topic === this.opts.inputTopic && r.partition === this.opts.partition)
      .slice(0, this.opts.maxRecords)
      .map((r) => ({ offset: r.offset, value: r.value ?? '' }));
    const after = polled.positions.find((p) => p.partition === this.opts.partition)?.offset;
    this.consumerPosition = after ?? (records.length > 0 ? records.at(-1)!.offset + 1 : this.consumerPosition);
    if (records.length > 0) return { records, atEnd: false };
    const [end] = await asRead(this.consumer.endOffsets([this.input()], undefined, this.call));
    return { records, atEnd: end !== undefined && position >= end.offset };
  }

  copy(records: IncomingRecord[], nextOffset: number, hooks: CopyHooks): Promise<TransactionResult> {
    return this.slot.run(async (sends, producer) => {
      hooks.checkpoint();
      const offsets: Array<number | null> = [];
      for (const r of records) offsets.push((await sends.send(this.output(r))) ?? null);
      hooks.sent(offsets);
      hooks.checkpoint();
      await producer.sendOffsetsToTransaction([{ ...this.input(), offset: nextOffset }], this.consumer, this.call);
      hooks.checkpoint();
    });
  }

  async abandon(records: IncomingRecord[]): Promise<void> {
    this.crashed = true;
    if (records.length === 0) return;
    const producer = await this.slot.current();
    await producer.beginTransaction(this.call);
    for (const r of records) await producer.send(this.output(r), this.call);
  }

  async close(): Promise<void> {
    const timeoutMs = this.crashed ? 0 : 5000;
    await Promise.all([this.slot.close(this.crashed), this.consumer.close(timeoutMs, this.call).catch(() => undefined)]);
  }

  private input() {
    return { topic: this.opts.inputTopic, partition: this.opts.partition };
  }

  private output(record: IncomingRecord) {
    return { topic: this.opts.outputTopic, partition: this.opts.partition, value: record.value };
  }
}
