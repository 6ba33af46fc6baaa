// @platformatic/kafka producers behind RecordSender (one send = one op, Produce requests counted on the wire) and
// BulkSender (the eos seed: idempotent, with retries).
import { clientTimeouts } from '../../client-timeouts.ts';
import { closeQuietly } from '../../close.ts';
import { errorFacts, errorLabel } from '../../outcome.ts';
import { sendOnce, workloadProducer, type ProducerSettings, type StringProducer } from '../../producer.ts';
import type { Acks, BulkSender, OutgoingRecord, RecordSender, SendOutcome, SenderOptions } from '../types.ts';

/** The client turns fewer than 2 retries of an idempotent producer into unbounded ones; its retries reuse sequence numbers. */
const MIN_IDEMPOTENT_RETRIES = 2;
const BULK_BATCH = 500;

/**
 * The producer of a RecordSender: the workload's acks and idempotence, its request bounds if any. An idempotent
 * producer retries inside the library (reusing sequence numbers, so the broker drops duplicates); a plain one never
 * does — its --retries are resends of the op in sendOnce, each counted.
 */
export function senderProducer(settings: ProducerSettings, opts: SenderOptions): StringProducer {
  const retries = opts.idempotent ? Math.max(MIN_IDEMPOTENT_RETRIES, opts.retries) : 0;
  return workloadProducer(settings, { ...opts.timeouts, acks: opts.acks, idempotent: opts.idempotent, retries });
}

/** The resends sendOnce makes for a sender: a plain producer's retries (an idempotent one retries in the library). */
export const resendsOf = (opts: SenderOptions): number => (opts.idempotent ? 0 : opts.retries);

/** The host of a host:port address (IPv4 or a name; brackets of an IPv6 literal removed). */
const hostOf = (address: string): string => address.slice(0, address.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');

export class PlatformaticRecordSender implements RecordSender {
  constructor(
    private readonly producer: StringProducer,
    private readonly acks: Acks,
    private readonly resends = 0,
    private readonly nodeNames: ReadonlyMap<string, string> = new Map(),
  ) {}

  async send(record: OutgoingRecord): Promise<SendOutcome> {
    const r = await sendOnce(this.producer, [record], this.acks, { retries: this.resends });
    if (!r.ok) return { ok: false, ...r.completion };
    const offset = r.offsets.get(`${record.topic}/${record.partition}`);
    // The library takes an explicit partition modulo the topic's partition count: a partition the topic does not have
    // is written to another one, and acknowledged there.
    if (offset === undefined && r.offsets.size > 0)
      return { ok: false, type: 'info', error: `the client wrote it to ${[...r.offsets.keys()].join(', ')}`, requests: r.requests };
    const node = r.peer === undefined ? undefined : this.nodeNames.get(hostOf(r.peer));
    return { ok: true, offset, requests: r.requests, ...(node === undefined ? {} : { node }) };
  }

  close(): Promise<void> {
    return closeQuietly(this.producer);
  }
}

export class PlatformaticBulkSender implements BulkSender {
  private readonly producer: StringProducer;

  constructor(settings: ProducerSettings) {
    this.producer = workloadProducer(settings, { ...clientTimeouts(settings.opTimeoutMs), idempotent: true, acks: -1, retries: 5 });
  }

  async sendAll(records: OutgoingRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += BULK_BATCH) {
      try {
        await this.producer.send({ messages: records.slice(i, i + BULK_BATCH), acks: -1 });
      } catch (e) {
        throw new Error(errorLabel(errorFacts(e)), { cause: e });
      }
    }
  }

  close(): Promise<void> {
    return closeQuietly(this.producer);
  }
}
