// Maps a produce that did not succeed to a history completion: `fail` only when the broker provably did not append.
//
// The mapping (README "Error mapping"), from Kafka's produce path (ReplicaManager.appendRecords → Partition
// .appendRecordsToLeader → the log's validation; acks=all then waits in the produce purgatory, DelayedProduce):
// - No Produce request left the client for this op (counted on the wire, request-counter.ts) → fail, whatever the error.
// - Exactly one request left, and every error in the response is one the broker returns before appending:
//   MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_RECORD, CORRUPT_MESSAGE, INVALID_TIMESTAMP, INVALID_REQUIRED_ACKS,
//   NOT_ENOUGH_REPLICAS (checked before the append; after it Kafka answers NOT_ENOUGH_REPLICAS_AFTER_APPEND),
//   authorization errors, INVALID_TOPIC_EXCEPTION, and the producer-state errors INVALID_PRODUCER_EPOCH,
//   PRODUCER_FENCED, OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_TXN_STATE → fail.
//   With acks=0/1 also NOT_LEADER_OR_FOLLOWER and UNKNOWN_TOPIC_OR_PARTITION (no purgatory: they come before the
//   append). With acks=all they are info: a produce waiting in purgatory after the leader appended is answered with
//   them when the leader loses the partition.
// - Everything else → info: client timeouts, connection loss after the request was written, REQUEST_TIMED_OUT,
//   NOT_ENOUGH_REPLICAS_AFTER_APPEND, KAFKA_STORAGE_ERROR, DUPLICATE_SEQUENCE_NUMBER (an earlier copy was appended),
//   any error on an op whose request was sent more than once, and anything unrecognised. When in doubt, info.

/** Refusals of the records or the request themselves: sending the same again would be refused again. */
export const PERMANENT_REFUSALS: ReadonlySet<string> = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
  'INVALID_REQUIRED_ACKS',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
]);

/** Broker errors of a produce that are decided before the leader appends anything, whatever the acks. */
export const REFUSED_BEFORE_APPEND = new Set([
  ...PERMANENT_REFUSALS,
  'NOT_ENOUGH_REPLICAS',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'INVALID_TXN_STATE',
]);

/** Decided before the append only when no purgatory is involved (acks 0 or 1). */
export const REFUSED_BEFORE_APPEND_WITHOUT_PURGATORY = new Set(['NOT_LEADER_OR_FOLLOWER', 'UNKNOWN_TOPIC_OR_PARTITION']);

/** What the client knew about the request an error belongs to. */
export interface ProduceContext {
  /** -1 = all, 1 = leader only, 0 = none. */
  acks: -1 | 0 | 1;
  /** Produce requests the client sent for this op (systems/kafka/request-counter.ts). */
  requests: number;
}

export interface ErrorFacts {
  /** Kafka protocol error ids found anywhere in the error tree (e.g. NOT_LEADER_OR_FOLLOWER). */
  apiIds: string[];
  /** Protocol error ids of the innermost errors, one per leaf; null for a leaf that is not a protocol error. */
  leafIds: Array<string | null>;
  /** Client-side error codes (PLT_KFK_TIMEOUT, PLT_KFK_NETWORK, ...). */
  clientCodes: string[];
  message: string;
}

/** Walks nested errors (AggregateError.errors, cause) collecting protocol ids and client codes. */
export function errorFacts(e: unknown): ErrorFacts {
  const apiIds = new Set<string>();
  const clientCodes = new Set<string>();
  const leafIds: Array<string | null> = [];
  const seen = new Set<unknown>();
  const visit = (x: unknown, depth: number): void => {
    if (!x || typeof x !== 'object' || seen.has(x) || depth > 8) return;
    seen.add(x);
    const o = x as { apiId?: unknown; code?: unknown; errors?: unknown };
    if (typeof o.apiId === 'string') apiIds.add(o.apiId);
    if (typeof o.code === 'string' && o.code.startsWith('PLT_KFK_')) clientCodes.add(o.code);
    const children = Array.isArray(o.errors) ? o.errors : [];
    for (const c of children) visit(c, depth + 1);
    if (children.length === 0) leafIds.push(typeof o.apiId === 'string' ? o.apiId : null);
  };
  visit(e, 0);
  return { apiIds: [...apiIds], leafIds, clientCodes: [...clientCodes], message: deepestMessage(e) };
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

/** True when the broker provably did not append this op's records (see the mapping above). */
export function certainlyNotAppended(facts: ErrorFacts, ctx: ProduceContext): boolean {
  if (ctx.requests === 0) return true;
  if (ctx.requests > 1 || facts.leafIds.length === 0) return false;
  return facts.leafIds.every((id) => id !== null && (REFUSED_BEFORE_APPEND.has(id) || (ctx.acks !== -1 && REFUSED_BEFORE_APPEND_WITHOUT_PURGATORY.has(id))));
}

/** A failed produce as a completion: fail only when the records were certainly not appended; otherwise info. */
export function writeOutcome(e: unknown, ctx: ProduceContext): { type: 'fail' | 'info'; error: string } {
  const facts = errorFacts(e);
  const label = errorLabel(facts);
  if (ctx.requests === 0) return { type: 'fail', error: `${label} (no request sent)`.slice(0, 200) };
  return { type: certainlyNotAppended(facts, ctx) ? 'fail' : 'info', error: label };
}

/** Reads change nothing: any failed read is `fail` (Jepsen convention), with the reason kept. */
export function readOutcome(e: unknown): { type: 'fail'; error: string } {
  return { type: 'fail', error: errorLabel(errorFacts(e)) };
}
