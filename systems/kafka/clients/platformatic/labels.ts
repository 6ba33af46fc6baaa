// Errors of @platformatic/kafka rethrown with the short label the history shows (outcome.ts: protocol error names,
// `timeout: …`, `network: …`), as the client-neutral interfaces promise.
import { errorFacts, errorLabel } from '../../outcome.ts';

export const labelled = (e: unknown): Error => new Error(errorLabel(errorFacts(e)), { cause: e });

/** `work`, with a rejection relabelled. */
export function withLabel<T>(work: Promise<T>): Promise<T> {
  return work.catch((e: unknown) => Promise.reject(labelled(e)));
}
