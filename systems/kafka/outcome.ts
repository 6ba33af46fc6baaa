// Maps a Kafka client error to a history completion type: `fail` only when the write certainly did not happen.
//
// The mapping (documented in README "Error mapping"):
// - A broker error code that Kafka returns *before* appending to the leader's log → fail:
//   NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, NOT_ENOUGH_REPLICAS (checked before the
//   append), FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_RECORD,
//   CORRUPT_MESSAGE, INVALID_REQUIRED_ACKS, TOPIC_AUTHORIZATION_FAILED, INVALID_TOPIC_EXCEPTION.
//   Faultline's clients send each request once (client retries off), so no earlier attempt can have landed.
// - A connection that could not be established (refused, unreachable, connect timeout) → fail: the request was never
//   written to a socket.
// - Everything else → info: timeouts (REQUEST_TIMED_OUT means the leader appended and replication did not finish),
//   NOT_ENOUGH_REPLICAS_AFTER_APPEND, KAFKA_STORAGE_ERROR, connection loss, and any error we do not recognise.
//   When in doubt, info.

export const DEFINITELY_NOT_WRITTEN = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_ENOUGH_REPLICAS',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_REQUIRED_ACKS',
  'TOPIC_AUTHORIZATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
]);

/** Connect-phase failures of @platformatic/kafka: the request never left the client. */
const NEVER_CONNECTED = /^(Connection to \S+ (failed|timed out)\.|Connection ready timed out after \d+ms\.)$/;

export interface ErrorFacts {
  /** Kafka protocol error ids found anywhere in the error tree (e.g. NOT_LEADER_OR_FOLLOWER). */
  apiIds: string[];
  /** Client-side error codes (PLT_KFK_TIMEOUT, PLT_KFK_NETWORK, ...). */
  clientCodes: string[];
  message: string;
  /** true when every innermost error says the write was certainly not made (a not-appended code, or no connection). */
  certainlyNotWritten: boolean;
}

/** Walks nested errors (AggregateError.errors, cause) collecting protocol ids and client codes. */
export function errorFacts(e: unknown): ErrorFacts {
  const apiIds = new Set<string>();
  const clientCodes = new Set<string>();
  const seen = new Set<unknown>();
  let leaves = 0;
  let certainLeaves = 0;
  const visit = (x: unknown, depth: number): void => {
    if (!x || typeof x !== 'object' || seen.has(x) || depth > 8) return;
    seen.add(x);
    const o = x as { apiId?: unknown; code?: unknown; errors?: unknown; message?: unknown };
    if (typeof o.apiId === 'string') apiIds.add(o.apiId);
    if (typeof o.code === 'string' && o.code.startsWith('PLT_KFK_')) clientCodes.add(o.code);
    const children = Array.isArray(o.errors) ? o.errors : [];
    for (const c of children) visit(c, depth + 1);
    if (children.length === 0) {
      leaves++;
      const neverConnected = typeof o.message === 'string' && NEVER_CONNECTED.test(o.message);
      if ((typeof o.apiId === 'string' && DEFINITELY_NOT_WRITTEN.has(o.apiId)) || neverConnected) certainLeaves++;
    }
  };
  visit(e, 0);
  return {
    apiIds: [...apiIds],
    clientCodes: [...clientCodes],
    message: deepestMessage(e),
    certainlyNotWritten: leaves > 0 && certainLeaves === leaves,
  };
}

/** The innermost error's message (the outer ones of @platformatic/kafka are generic: "Producing messages failed."). */
function deepestMessage(e: unknown): string {
  let x: unknown = e;
  for (let i = 0; i < 8; i++) {
    const errors = (x as { errors?: unknown[] })?.errors;
    if (!Array.isArray(errors) || errors.length === 0) break;
    x = errors[0];
  }
  return x instanceof Error ? x.message : String(x);
}

/** Short, stable error text for the history (`NOT_LEADER_OR_FOLLOWER`, `timeout`, `network: ...`). */
export function errorLabel(f: ErrorFacts): string {
  if (f.apiIds.length > 0) return f.apiIds.join(',');
  if (f.clientCodes.includes('PLT_KFK_TIMEOUT')) return `timeout: ${f.message}`.slice(0, 200);
  if (f.clientCodes.includes('PLT_KFK_NETWORK')) return `network: ${f.message}`.slice(0, 200);
  return f.message.slice(0, 200);
}

/** fail only when every innermost error says "not appended" or "never connected"; otherwise info. */
export function writeOutcome(e: unknown): { type: 'fail' | 'info'; error: string } {
  const facts = errorFacts(e);
  return { type: facts.certainlyNotWritten ? 'fail' : 'info', error: errorLabel(facts) };
}

/** Reads change nothing: any failed read is `fail` (Jepsen convention), with the reason kept. */
export function readOutcome(e: unknown): { type: 'fail'; error: string } {
  return { type: 'fail', error: errorLabel(errorFacts(e)) };
}
