// The producer every workload uses, and one send as one op. Client retries are off unless a workload asks for them,
// and the client's own resend on stale metadata (repeatOnStaleMetadata, on by default in @platformatic/kafka) is
// off: the harness must see every request it sends. The Produce requests each op puts on the wire are counted
// (request-counter.ts), so an error maps soundly to fail/info (outcome.ts) and a resend shows in the history. Also:
// a request timeout inside the op timeout, fast connect failures, a bootstrap order rotated per process
// (bootstrap.ts), and the connection-pool guards (client-guards.ts).
import { Producer, stringSerializers, type MessageToProduce, type ProducerOptions } from '@platformatic/kafka';
import { rotateBootstrap } from './bootstrap.ts';
import { guardConnectionPool } from './client-guards.ts';
import { writeOutcome } from './outcome.ts';
import { API_KEYS, countRequests, watch } from './request-counter.ts';

export type StringProducer = Producer<string, string, string, string>;

/** Whose producer: the run's brokers and op timeout, the logical process (rotates the bootstrap order), a client id. */
export interface ProducerSettings {
  bootstrap: string[];
  opTimeoutMs: number;
  process: number;
  clientId: string;
}

export function workloadProducer(settings: ProducerSettings, extra: Partial<ProducerOptions<string, string, string, string>> = {}): StringProducer {
  return watch(
    guardConnectionPool(
      new Producer({
        clientId: settings.clientId,
        bootstrapBrokers: rotateBootstrap(settings.bootstrap, settings.process),
        serializers: stringSerializers,
        retries: 0,
        repeatOnStaleMetadata: false,
        timeout: Math.max(1000, settings.opTimeoutMs - 500),
        connectTimeout: 1000,
        ...extra,
      }),
    ),
  );
}

/** What one send op came to: the offset of each message's partition, or the completion its error maps to. */
export type SendResult = { ok: true; offsets: Map<string, number>; requests: number } | { ok: false; completion: { type: 'fail' | 'info'; error: string; requests: number } };

/** Sends `messages` as one op with `acks`; counts the Produce requests it took. */
export async function sendOnce(producer: StringProducer, messages: Array<MessageToProduce<string, string, string, string>>, acks: -1 | 0 | 1): Promise<SendResult> {
  const r = await countRequests(producer, API_KEYS.produce, () => producer.send({ messages, acks }));
  if (!r.ok) return { ok: false, completion: { ...writeOutcome(r.error, { acks, requests: r.requests }), requests: r.requests } };
  const offsets = new Map<string, number>();
  for (const o of r.value.offsets ?? []) offsets.set(`${o.topic}/${o.partition}`, Number(o.offset));
  return { ok: true, offsets, requests: r.requests };
}
