// Java driver answers as the client-neutral results: the Produce requests a send put on the wire (from the driver's
// `attempts` / `retriesDuringSend`), a failed write as fail/info with that count, and a failed read as an Error whose
// message is the history label.
import { JavaClientError, javaReadOutcome, javaWriteOutcome, type SendResult } from '../../java-client/index.ts';
import { shortClass } from '../../java-client/errors.ts';
import type { WriteFailure } from '../types.ts';

/** Requests the driver refuses never reach the client. */
const REFUSED_BY_DRIVER = /\.(BadRequest|UnknownHandle)$/;

/** Produce requests that carried an acknowledged record: its attempts (1 = no resend). */
export function sentRequests(result: SendResult): number {
  return result.attempts ?? 1 + result.retriesDuringSend;
}

/**
 * Produce requests that carried a failed send: 0 when the client refused it before it was queued (it never left),
 * 1 + the retries seen while it was in flight otherwise (at most: an expired batch may never have been sent);
 * unknown when the driver did not answer.
 */
export function failedSendRequests(e: unknown): number | undefined {
  if (!(e instanceof JavaClientError)) return undefined;
  if (REFUSED_BY_DRIVER.test(e.info.class)) return 0;
  const detail = e.info.detail;
  if (!detail) return undefined;
  if (detail.rejectedBeforeQueue === true) return 0;
  return 1 + (typeof detail.retriesDuringSend === 'number' ? detail.retriesDuringSend : 0);
}

/**
 * A failed send as its completion: the driver's fail/info and the requests it took. One that never left the client
 * says so, as the other client's do (its Kafka error name alone, e.g. REQUEST_TIMED_OUT for a metadata wait that
 * timed out in send(), would read as a broker answer).
 */
export function sendFailure(e: unknown): WriteFailure {
  const requests = failedSendRequests(e);
  const outcome = javaWriteOutcome(e);
  if (requests === 0 && e instanceof JavaClientError) {
    return { type: outcome.type, error: `${shortClass(e.info.class)}: ${e.info.message}`.slice(0, 180) + ' (no request sent)', requests };
  }
  return { ...outcome, ...(requests === undefined ? {} : { requests }) };
}

/** A failed read, rethrown with its history label (reads change nothing: the caller records `fail`). */
export function readError(e: unknown): Error {
  return new Error(javaReadOutcome(e).error, { cause: e });
}

/** `work`, with a rejection relabelled as a read error. */
export function asRead<T>(work: Promise<T>): Promise<T> {
  return work.catch((e: unknown) => Promise.reject(readError(e)));
}
