// Kafka's Java transactional producer behind TransactionalProducer, and the parts the eos copier shares with it:
// opening one (initTransactions fences every earlier producer of the transactional id), one transaction with the
// driver's begin/commit/abort rules (runJavaTransaction), sends counted in Produce requests, and a fresh producer when
// the last one may be fenced or in a fatal state (its abort failed).
import { JavaProducer, runJavaTransaction, type CallOptions, type ClientConfig, type DriverLink, type TransactionControl } from '../../java-client/index.ts';
import { errorMessage } from '../../../../core/errors.ts';
import type { OutgoingRecord, TransactionalProducer, TransactionResult, TransactionSends } from '../types.ts';
import { failedSendRequests, sentRequests } from './outcomes.ts';

/** A producer with its transactions initialised; closed again when that fails. */
export async function openTransactional(driver: DriverLink, config: ClientConfig, call: CallOptions): Promise<JavaProducer> {
  const producer = await JavaProducer.open(driver, config, call);
  try {
    await producer.initTransactions(call);
    return producer;
  } catch (e) {
    await producer.close(0, call).catch(() => undefined);
    throw e;
  }
}

/** Sends inside one transaction, one at a time, adding up the Produce requests each took (unknown stays unknown). */
export class CountedSends implements TransactionSends {
  requests: number | undefined = 0;

  constructor(
    private readonly producer: JavaProducer,
    private readonly call: CallOptions,
  ) {}

  async send(record: OutgoingRecord): Promise<number | undefined> {
    try {
      const sent = await this.producer.send(record, this.call);
      this.add(sentRequests(sent));
      return sent.offset ?? undefined;
    } catch (e) {
      this.add(failedSendRequests(e));
      throw e;
    }
  }

  private add(n: number | undefined): void {
    this.requests = this.requests === undefined || n === undefined ? undefined : this.requests + n;
  }
}

/**
 * One producer slot of a transactional id: `run` opens a producer when there is none (a failure to open is a
 * transaction that certainly did not happen), runs one transaction, and drops the producer when it is unusable.
 */
export class TransactionalSlot {
  private producer: JavaProducer | undefined;
  private opening: Promise<JavaProducer> | undefined;
  private closed = false;

  constructor(
    private readonly open: () => Promise<JavaProducer>,
    private readonly call: CallOptions,
    producer?: JavaProducer,
  ) {
    this.producer = producer;
  }

  /**
   * The current producer, opened if needed (initTransactions fences the previous one). One opened after the slot was
   * closed (an open that outlived its caller's time bound) is closed at once rather than left open in the driver.
   */
  async current(): Promise<JavaProducer> {
    if (this.producer) return this.producer;
    if (this.closed) throw new Error('the transactional producer is closed');
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    const producer = await this.opening;
    if (this.closed) {
      await producer.close(0, this.call).catch(() => undefined);
      throw new Error('the transactional producer was closed while it opened');
    }
    this.producer = producer;
    return producer;
  }

  async run(body: (sends: CountedSends, producer: JavaProducer) => Promise<void>): Promise<TransactionResult> {
    let producer: JavaProducer;
    try {
      producer = await this.current();
    } catch (e) {
      return { type: 'fail', error: `begin: no producer: ${errorMessage(e)}`.slice(0, 200), requests: 0 };
    }
    const sends = new CountedSends(producer, this.call);
    const control: TransactionControl = {
      beginTransaction: () => producer.beginTransaction(this.call),
      commitTransaction: () => producer.commitTransaction(this.call),
      abortTransaction: () => producer.abortTransaction(this.call),
    };
    const outcome = await runJavaTransaction(control, () => body(sends, producer));
    const requests = sends.requests === undefined ? {} : { requests: sends.requests };
    if (outcome.type === 'ok') return { type: 'ok', ...requests };
    if (!outcome.producerUsable) await this.drop();
    return { type: outcome.type, error: outcome.error, ...requests };
  }

  /** Ends the producer for good; `crash`: at once, leaving any transaction open (the next producer's fencing ends it). */
  async close(crash = false): Promise<void> {
    this.closed = true;
    await this.drop(crash ? 0 : 5000);
  }

  private async drop(timeoutMs = 0): Promise<void> {
    const old = this.producer;
    this.producer = undefined;
    await old?.close(timeoutMs, this.call).catch(() => undefined);
  }
}

export class JavaTransactionalProducer implements TransactionalProducer {
  private constructor(private readonly slot: TransactionalSlot) {}

  static async open(open: () => Promise<JavaProducer>, call: CallOptions): Promise<JavaTransactionalProducer> {
    return new JavaTransactionalProducer(new TransactionalSlot(open, call, await open()));
  }

  transaction(body: (txn: TransactionSends) => Promise<void>): Promise<TransactionResult> {
    return this.slot.run((sends) => body(sends));
  }

  /** At once, as the other client's forced close: a transaction left open is ended by the next producer's fencing. */
  close(): Promise<void> {
    return this.slot.close(true);
  }
}
