// A transactional @platformatic/kafka producer behind TransactionalProducer: one transaction per call, its Produce
// requests counted on the wire, and a fresh producer (same transactional id, new epoch) after any failure — the
// library keeps sequence numbers and the cached coordinator across errors and never bumps its epoch itself.
import { closeQuietly } from '../../close.ts';
import { errorFacts, errorLabel } from '../../outcome.ts';
import { API_KEYS, countRequests } from '../../request-counter.ts';
import { runTransaction, type StringProducer } from '../../transactions.ts';
import type { OutgoingRecord, TransactionalProducer, TransactionResult, TransactionSends } from '../types.ts';

export class PlatformaticTransactionalProducer implements TransactionalProducer {
  private producer: StringProducer;

  constructor(private readonly newProducer: () => StringProducer) {
    this.producer = newProducer();
  }

  async transaction(body: (txn: TransactionSends) => Promise<void>): Promise<TransactionResult> {
    const producer = this.producer;
    const counted = await countRequests(producer, API_KEYS.produce, () =>
      runTransaction(producer, async (txn) => {
        let sent = false;
        await body({
          async send(record: OutgoingRecord) {
            const result = await txn.send({ messages: [record], acks: -1 });
            sent = true;
            const offset = result.offsets?.find((o: { partition: number }) => o.partition === record.partition)?.offset;
            return offset === undefined ? undefined : Number(offset);
          },
        });
        return sent;
      }),
    );
    const requests = counted.requests;
    const outcome = counted.ok ? counted.value : { type: 'info' as const, error: `transaction: ${errorLabel(errorFacts(counted.error))}` };
    if (outcome.type === 'ok') return { type: 'ok', requests };
    await this.replace();
    return { type: outcome.type, error: outcome.error, requests };
  }

  close(): Promise<void> {
    return closeQuietly(this.producer);
  }

  private async replace(): Promise<void> {
    const old = this.producer;
    this.producer = this.newProducer();
    await closeQuietly(old);
  }
}
