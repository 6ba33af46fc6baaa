// Kafka transactions with @platformatic/kafka 1.35: a transactional producer, one transaction run to a certain or
// uncertain outcome, consumer offsets committed inside a transaction, and fencing of earlier producers.
//
// Outcome rules (Jepsen): begin failed → fail (nothing was sent); the body failed and the abort was acknowledged →
// fail (aborted for certain); the abort failed too → info; commit failed → info (EndTxn may have reached the
// coordinator). A producer that saw any error must be replaced: the client keeps sequence numbers and the cached
// transaction coordinator across errors and never bumps its epoch, so reusing it after an uncertain send could make the
// broker treat a new batch as a duplicate of an aborted one. A new producer with the same transactional id gets a new
// epoch from InitProducerId, which also aborts (or completes) whatever the previous one left open — fencing.
import { Producer, stringSerializers, type Consumer, type Message } from '@platformatic/kafka';
import { guardConnectionPool } from './client-guards.ts';
import type { ClientTimeouts } from './client-timeouts.ts';
import { closeQuietly } from './close.ts';
import { errorFacts, errorLabel } from './outcome.ts';
import { watch } from './request-counter.ts';
import type { StringProducer } from './producer.ts';

export type { StringProducer } from './producer.ts';
/** The client does not export its Transaction class; this is what beginTransaction() resolves to. */
export type StringTransaction = Awaited<ReturnType<StringProducer['beginTransaction']>>;

export interface TransactionalProducerOptions {
  bootstrap: string[];
  transactionalId: string;
  clientId: string;
  timeouts: ClientTimeouts;
}

export function createTransactionalProducer(opts: TransactionalProducerOptions): StringProducer {
  return watch(
    guardConnectionPool(
      new Producer({
        clientId: opts.clientId,
        bootstrapBrokers: opts.bootstrap,
        serializers: stringSerializers,
        idempotent: true,
        transactionalId: opts.transactionalId,
        acks: -1,
        // InitProducerId with "no producer" (-1/-1). The client's default 0/0 claims to be producer 0 at epoch 0, which the
        // coordinator rejects with PRODUCER_FENCED whenever the transactional id already belongs to another producer id —
        // i.e. every restart of a copier.
        producerId: -1n,
        producerEpoch: -1,
        // Retries of one request reuse its sequence numbers, so the broker deduplicates them. Most retries are
        // CONCURRENT_TRANSACTIONS: the previous transaction's markers are still being written when the next one adds
        // its partitions (the Java client retries that after 20 ms, too). Timeouts are not retried by the client.
        ...opts.timeouts,
        retries: 25,
        retryDelay: transactionalRetryDelay,
        // No resend the harness does not see (retries above are counted per op: request-counter.ts).
        repeatOnStaleMetadata: false,
      }),
    ),
  );
}

/**
 * Short, growing waits for the coordinator to finish the previous transaction (~5 s in all: when a partition leader
 * died, its markers wait for a new leader), longer ones for anything else.
 */
export function transactionalRetryDelay(_client: unknown, _operation: string, attempt: number, _retries: number, error: Error): number {
  const ids = errorFacts(error).apiIds;
  if (ids.length > 0 && ids.every((id) => id === 'CONCURRENT_TRANSACTIONS')) return Math.min(250, 20 * attempt);
  return Math.min(1000, 100 * attempt);
}

/** `error` starts with the stage that failed: `begin: …`, `body: …`, `commit: …`. */
export type TransactionOutcome = { type: 'ok' } | { type: 'fail' | 'info'; error: string; stage: 'begin' | 'body' | 'commit' };

const label = (e: unknown): string => errorLabel(errorFacts(e));

/**
 * Runs `body` inside one transaction. `body` returns whether it added anything (records or offsets); a transaction
 * that added nothing is dropped on the client without an EndTxn (the broker rejects EndTxn for an empty one).
 */
export async function runTransaction(producer: StringProducer, body: (txn: StringTransaction) => Promise<boolean>): Promise<TransactionOutcome> {
  let txn: StringTransaction;
  try {
    txn = await producer.beginTransaction();
  } catch (e) {
    return { type: 'fail', error: `begin: ${label(e)}`, stage: 'begin' };
  }
  let added: boolean;
  try {
    added = await body(txn);
  } catch (e) {
    try {
      await txn.abort();
      return { type: 'fail', error: `body: ${label(e)}; aborted`, stage: 'body' };
    } catch (abortError) {
      return { type: 'info', error: `body: ${label(e)}; abort failed: ${label(abortError)}`, stage: 'body' };
    }
  }
  if (!added) {
    await txn.cancel();
    return { type: 'ok' };
  }
  try {
    await txn.commit();
    return { type: 'ok' };
  } catch (e) {
    return { type: 'info', error: `commit: ${label(e)}`, stage: 'commit' };
  }
}

export interface TransactionalOffset {
  groupId: string;
  /** Node id of the group coordinator (see group-offsets.ts). */
  coordinatorId: number;
  topic: string;
  partition: number;
  /** The next offset to consume, as Kafka stores committed offsets. */
  nextOffset: number;
  /** -1 and "" for a group without live members (copiers that assign partitions themselves). */
  generationId?: number;
  memberId?: string;
}

/**
 * The client's sendOffsetsToTransaction: AddOffsetsToTxn (Transaction.addConsumer) then TxnOffsetCommit
 * (Transaction.addOffset). The client takes both from consumer objects; we hand it the group's identity directly.
 */
export async function sendOffsetsToTransaction(txn: StringTransaction, offset: TransactionalOffset): Promise<void> {
  await txn.addConsumer({ groupId: offset.groupId } as unknown as Consumer<string, string, string, string>);
  const lastConsumed = {
    topic: offset.topic,
    partition: offset.partition,
    // addOffset commits message.offset + 1.
    offset: BigInt(offset.nextOffset - 1),
    metadata: {
      consumer: { groupId: offset.groupId, coordinatorId: offset.coordinatorId, generationId: offset.generationId ?? -1, memberId: offset.memberId ?? '' },
    },
  };
  await txn.addOffset(lastConsumed as unknown as Message<string, string, string, string>);
}

/**
 * InitProducerId for each transactional id: bumps its epoch, so the coordinator aborts (or finishes committing) any
 * transaction an earlier producer left open and rejects that producer from now on. Returns the ids that failed.
 */
export async function fenceTransactionalIds(
  ids: string[],
  bootstrap: string[],
  timeouts: ClientTimeouts,
  deadline: number,
): Promise<Array<{ id: string; error: string }>> {
  const failed: Array<{ id: string; error: string }> = [];
  for (const id of ids) {
    let error = 'no attempt before the deadline';
    while (Date.now() < deadline) {
      const producer = createTransactionalProducer({ bootstrap, transactionalId: id, clientId: 'faultline-fencer', timeouts });
      try {
        const txn = await producer.beginTransaction();
        await txn.cancel();
        error = '';
        break;
      } catch (e) {
        error = label(e);
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        await closeQuietly(producer);
      }
    }
    if (error) failed.push({ id, error });
  }
  return failed;
}
