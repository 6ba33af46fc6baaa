// One copier of input partition p: consume-transform-produce with exactly-once. Opening it fences every earlier
// copier of p (InitProducerId on the partition's transactional id aborts or completes what they left open) and only
// then reads the group's committed offset for p (OffsetFetch requireStable). Each copy is one transaction: read up to
// maxTxnLen records from the position with read_committed, produce them unchanged to output partition p, commit the
// next input offset in the same transaction (AddOffsetsToTxn + TxnOffsetCommit), commit.
//
// A copy that does not finish within its budget completes `info` with what it had started; its remaining steps are
// skipped, and its transaction, if open, is aborted when the next copier of p fences it.
import { Consumer } from '@platformatic/kafka';
import type { Completion } from '../../core/plugins.ts';
import { rotateBootstrap } from '../../systems/kafka/bootstrap.ts';
import { guardConnectionPool } from '../../systems/kafka/client-guards.ts';
import type { ClientTimeouts } from '../../systems/kafka/client-timeouts.ts';
import { closeQuietly } from '../../systems/kafka/close.ts';
import { committedOffsets, findGroupCoordinator } from '../../systems/kafka/group-offsets.ts';
import { PartitionFetcher, type FetchedRecord } from '../../systems/kafka/partition-fetcher.ts';
import { createTransactionalProducer, runTransaction, sendOffsetsToTransaction, type StringProducer, type StringTransaction } from '../../systems/kafka/transactions.ts';
import { copyInvocation, type CopyOpValue } from './generator.ts';
import { COPIER_GROUP, copierTransactionalId, INPUT_TOPIC, OUTPUT_TOPIC } from './options.ts';
import { within } from './within.ts';

export interface CopierSetup {
  bootstrap: string[];
  process: number;
  partition: number;
  maxTxnLen: number;
  timeouts: ClientTimeouts;
  /** Time a copy may take before it completes `info`. */
  budgetMs: number;
}

export interface CopyResult extends Completion {
  value: CopyOpValue;
  /** Nothing was left to copy: the copier has reached the input partition's end. */
  idle?: boolean;
}

class Cancelled extends Error {}

/** Opening gives up after this long (a dead coordinator stays cached in a producer; the next attempt asks afresh). */
const OPEN_BUDGET_MS = 5000;

export class Copier {
  private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  private readonly fetcher: PartitionFetcher;
  private producer: StringProducer;
  private position = 0;
  private coordinatorId: number | undefined;
  private closed = false;

  private constructor(private readonly setup: CopierSetup) {
    const bootstrap = rotateBootstrap(setup.bootstrap, setup.process);
    this.consumer = guardConnectionPool(new Consumer({ clientId: `faultline-eos-copier-${setup.process}`, groupId: COPIER_GROUP, bootstrapBrokers: bootstrap, retries: 1, ...setup.timeouts }));
    this.fetcher = new PartitionFetcher(this.consumer, { isolation: 'read_committed', maxWaitMs: 50, maxBytes: 64 * 1024 });
    this.producer = this.newProducer();
  }

  /** Fences earlier copiers of the partition, then resumes from the group's committed offset. */
  static async open(setup: CopierSetup): Promise<Copier> {
    const copier = new Copier(setup);
    const budget = Math.min(OPEN_BUDGET_MS, setup.budgetMs);
    try {
      await within(copier.resume(Date.now() + budget), budget, () => {
        throw new Error(`opening the copier of input partition ${setup.partition} took over ${budget} ms`);
      });
      return copier;
    } catch (e) {
      await copier.close();
      throw e;
    }
  }

  private async resume(deadline: number): Promise<void> {
    const txn = await this.producer.beginTransaction();
    await txn.cancel();
    const committed = await committedOffsets(this.consumer, COPIER_GROUP, INPUT_TOPIC, [this.setup.partition], deadline);
    this.position = committed.get(this.setup.partition) ?? 0;
  }

  get partition(): number {
    return this.setup.partition;
  }

  /** One copy transaction, bounded by the budget. */
  async copy(): Promise<CopyResult> {
    const value = copyInvocation(this.setup.partition);
    const cancel = { requested: false };
    return within(this.copyUnbounded(value, cancel), this.setup.budgetMs, (): CopyResult => {
      cancel.requested = true;
      return { type: 'info', value: structuredClone(value), error: `copy did not finish within ${this.setup.budgetMs} ms` };
    });
  }

  /** Crash inside a transaction: produce the next records and vanish without committing or aborting. */
  async crash(): Promise<Completion> {
    const { records } = await this.nextRecords().catch(() => ({ records: [] as FetchedRecord[] }));
    if (records.length > 0) {
      try {
        const txn = await this.producer.beginTransaction();
        await txn.send({ messages: records.map((r) => this.outputMessage(r)), acks: -1 });
      } catch {
        // A crash is a crash, whatever got sent.
      }
    }
    await this.close();
    return { type: 'info', value: { partition: this.setup.partition, abandoned: records.length }, error: 'crashed on purpose inside a transaction' };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([closeQuietly(this.producer), closeQuietly(this.consumer)]);
  }

  private newProducer(): StringProducer {
    const { bootstrap, process, partition, timeouts } = this.setup;
    return createTransactionalProducer({ bootstrap: rotateBootstrap(bootstrap, process), transactionalId: copierTransactionalId(partition), clientId: `faultline-eos-copier-${process}`, timeouts });
  }

  /** Up to maxTxnLen records from the position; `atEnd` when none is left below the partition's end. */
  private async nextRecords(): Promise<{ records: FetchedRecord[]; atEnd: boolean }> {
    const fetched = (await this.fetcher.fetch(INPUT_TOPIC, new Map([[this.setup.partition, this.position]]))).get(this.setup.partition);
    if (!fetched?.ok) throw new Error(`read input: ${fetched?.error ?? 'no result'}`);
    const records = fetched.records.slice(0, this.setup.maxTxnLen);
    return { records, atEnd: records.length === 0 && this.position >= fetched.highWatermark };
  }

  private outputMessage(record: FetchedRecord) {
    return { topic: OUTPUT_TOPIC, partition: this.setup.partition, value: record.value };
  }

  private async coordinator(): Promise<number> {
    this.coordinatorId ??= await findGroupCoordinator(this.consumer, COPIER_GROUP, Date.now() + this.setup.timeouts.requestTimeout);
    return this.coordinatorId;
  }

  private async copyUnbounded(value: CopyOpValue, cancel: { requested: boolean }): Promise<CopyResult> {
    let records: FetchedRecord[];
    try {
      const next = await this.nextRecords();
      records = next.records;
      if (records.length === 0) return { type: 'ok', value: structuredClone(value), idle: next.atEnd };
    } catch (e) {
      return { type: 'fail', value: structuredClone(value), error: e instanceof Error ? e.message : String(e) };
    }
    value.from.offsets = records.map((r) => r.offset);
    value.to = records.map((r) => ({ partition: this.setup.partition, value: Number(r.value), offset: null }));
    const nextOffset = records.at(-1)!.offset + 1;
    const checkpoint = (): void => {
      if (cancel.requested || this.closed) throw new Cancelled('copy cancelled');
    };
    const outcome = await runTransaction(this.producer, async (txn: StringTransaction) => {
      checkpoint();
      const sent = await txn.send({ messages: records.map((r) => this.outputMessage(r)), acks: -1 });
      // One batch to one partition: its records take consecutive offsets from the base offset.
      const base = sent.offsets?.find((o: { partition: number }) => o.partition === this.setup.partition)?.offset;
      if (base !== undefined) value.to.forEach((target, i) => (target.offset = Number(base) + i));
      checkpoint();
      const coordinatorId = await this.coordinator();
      await sendOffsetsToTransaction(txn, { groupId: COPIER_GROUP, coordinatorId, topic: INPUT_TOPIC, partition: this.setup.partition, nextOffset });
      checkpoint();
      return true;
    });
    if (outcome.type === 'ok') {
      this.position = nextOffset;
      return { type: 'ok', value: structuredClone(value) };
    }
    // Aborted or unknown: this producer may hold stale sequence numbers or coordinator; the next copy re-reads the
    // same records with a new producer (same transactional id, new epoch).
    this.coordinatorId = undefined;
    if (outcome.type === 'fail' && !this.closed) {
      const old = this.producer;
      this.producer = this.newProducer();
      await closeQuietly(old);
    }
    return { type: outcome.type, value: structuredClone(value), error: outcome.error };
  }
}
