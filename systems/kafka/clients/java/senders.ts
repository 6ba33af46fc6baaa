// Kafka's Java producer behind RecordSender (one send = one op; its Produce requests from the driver's attempt
// count) and BulkSender (the eos seed: idempotent, with retries, a batch of sends in flight at once).
import { JavaProducer, type CallOptions, type ClientConfig, type DriverLink } from '../../java-client/index.ts';
import type { BulkSender, OutgoingRecord, RecordSender, SendOutcome } from '../types.ts';
import { sendFailure, sentRequests } from './outcomes.ts';

const BULK_BATCH = 500;

export class JavaRecordSender implements RecordSender {
  private constructor(
    private readonly producer: JavaProducer,
    private readonly call: CallOptions,
  ) {}

  static async open(driver: DriverLink, config: ClientConfig, call: CallOptions): Promise<JavaRecordSender> {
    return new JavaRecordSender(await JavaProducer.open(driver, config, call), call);
  }

  async send(record: OutgoingRecord): Promise<SendOutcome> {
    try {
      const sent = await this.producer.send(record, this.call);
      return { ok: true, offset: sent.offset ?? undefined, requests: sentRequests(sent) };
    } catch (e) {
      return { ok: false, ...sendFailure(e) };
    }
  }

  close(): Promise<void> {
    return this.producer.close(0, this.call).catch(() => undefined);
  }
}

export class JavaBulkSender implements BulkSender {
  private constructor(
    private readonly producer: JavaProducer,
    private readonly call: CallOptions,
  ) {}

  static async open(driver: DriverLink, config: ClientConfig, call: CallOptions): Promise<JavaBulkSender> {
    return new JavaBulkSender(await JavaProducer.open(driver, config, call), call);
  }

  async sendAll(records: OutgoingRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += BULK_BATCH) {
      const sends = records.slice(i, i + BULK_BATCH).map((r) => this.producer.send(r, this.call));
      const results = await Promise.allSettled(sends);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw new Error(sendFailure(failed.reason).error, { cause: failed.reason });
    }
  }

  close(): Promise<void> {
    return this.producer.close(5000, this.call).catch(() => undefined);
  }
}
