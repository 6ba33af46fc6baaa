// The producer every workload uses, and one send as one op. The client library's retries are off (a workload's
// --retries are done here, counted and visible, see sendOnce), and the client's own resend on stale metadata
// (repeatOnStaleMetadata, on by default in @platformatic/kafka) is off: the harness must see every request it sends. The Produce requests each op puts on the wire are counted
// (request-counter.ts), so an error maps soundly to fail/info (outcome.ts) and a resend shows in the history. Also:
// a request timeout inside the op timeout, fast connect failures, a bootstrap order rotated per process
// (bootstrap.ts), and the connection-pool guards (client-guards.ts).
import { Producer, stringSerializers, type MessageToProduce, type ProducerOptions } from '@platformatic/kafka';
import { rotateBootstrap } from './bootstrap.ts';
import { guardConnectionPool } from './client-guards.ts';
import { errorFacts, PERMANENT_REFUSALS, writeOutcome } from './outcome.ts';
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
export type SendResult =
  | {
      ok: true;
      offsets: Map<string, number>;
      requests: number;
      /** host:port of the broker the acknowledged request went to (the last Produce request of the op). */
      peer?: string;
    }
  | { ok: false; completion: { type: 'fail' | 'info'; error: string; requests: number } };

/** Producer retries as users configure them: resend a send that failed with an error worth retrying, up to N times. */
export interface SendRetries {
  retries: number;
  /** Pause before a resend (the metadata is refreshed first, so the resend goes to the current leader). */
  backoffMs?: number;
}

/**
 * Sends `messages` as one op with `acks`; counts the Produce requests it took. With `retries` (a plain, not
 * idempotent producer), a failed attempt whose records may not have been appended for good is sent again, as Kafka's
 * own producer does with retries > 0: an attempt that had in fact been appended then lands twice — which Kafka's model
 * allows without idempotence, and which the op's request count shows.
 */
export async function sendOnce(
  producer: StringProducer,
  messages: Array<MessageToProduce<string, string, string, string>>,
  acks: -1 | 0 | 1,
  retry: SendRetries = { retries: 0 },
): Promise<SendResult> {
  let requests = 0;
  for (let attempt = 0; ; attempt++) {
    const r = await countRequests(producer, API_KEYS.produce, () => producer.send({ messages, acks }));
    requests += r.requests;
    if (r.ok) {
      const offsets = new Map<string, number>();
      for (const o of r.value.offsets ?? []) offsets.set(`${o.topic}/${o.partition}`, Number(o.offset));
      return { ok: true, offsets, requests, ...(r.peer === undefined ? {} : { peer: r.peer }) };
    }
    const final = attempt >= retry.retries || !worthRetrying(r.error);
    if (final) return { ok: false, completion: { ...writeOutcome(r.error, { acks, requests }), requests } };
    producer.clearMetadata();
    await new Promise((resolve) => setTimeout(resolve, retry.backoffMs ?? 100));
  }
}

/** Errors the Java producer retries: everything but a refusal that would repeat (too large, invalid, not authorised). */
function worthRetrying(e: unknown): boolean {
  const ids = errorFacts(e).leafIds;
  return !ids.some((id) => id !== null && PERMANENT_REFUSALS.has(id));
}
