// History completions from Java client errors, and one Kafka transaction run to a certain or uncertain outcome.
//
// The driver classifies each Java exception (README.md, "Exception → outcome"); here a write takes that outcome,
// a read is always `fail` (reads change nothing), and anything that is not a driver answer (no answer in time, the
// JVM gone, a bug) is `info` for a write.
//
// Transactions: begin failed → fail (beginTransaction is local). The body failed → abort: the abort succeeded →
// fail (the coordinator accepted EndTxn(abort), so nothing of the transaction commits), otherwise info. Commit
// failed → fail when the client refused before sending EndTxn(commit) (the driver says `fail`: such a transaction
// can never commit); otherwise abort, and fail only if the abort succeeded, else info.
import { JavaDriverError } from './errors.ts';

export interface FailedCompletion {
  type: 'fail' | 'info';
  error: string;
}

export function errorLabel(e: unknown): string {
  if (e instanceof JavaDriverError) return e.label();
  return (e instanceof Error ? e.message : String(e)).slice(0, 200);
}

/** A failed write (send, commit, createTopics, ...): the driver's outcome, `info` when it gave none. */
export function javaWriteOutcome(e: unknown): FailedCompletion {
  return { type: e instanceof JavaDriverError ? e.outcome : 'info', error: errorLabel(e) };
}

/** A failed read (poll, endOffsets, describe...): always `fail`, with the reason kept. */
export function javaReadOutcome(e: unknown): { type: 'fail'; error: string } {
  return { type: 'fail', error: errorLabel(e) };
}

/** The part of a JavaProducer a transaction needs (an interface, so the flow is testable without a driver). */
export interface TransactionControl {
  beginTransaction(): Promise<void>;
  commitTransaction(): Promise<void>;
  abortTransaction(): Promise<void>;
}

export type JavaTransactionOutcome =
  | { type: 'ok'; producerUsable: true }
  | {
      type: 'fail' | 'info';
      /** Starts with the stage that failed: `begin: …`, `body: …`, `commit: …`. */
      error: string;
      stage: 'begin' | 'body' | 'commit';
      /** false after an abort that failed: the producer may be fenced or in a fatal state; open a new one. */
      producerUsable: boolean;
    };

/** Runs `body` (sends, sendOffsetsToTransaction, reads) inside one transaction of `producer`. */
export async function runJavaTransaction(producer: TransactionControl, body: () => Promise<void>): Promise<JavaTransactionOutcome> {
  try {
    await producer.beginTransaction();
  } catch (e) {
    return { type: 'fail', error: `begin: ${errorLabel(e)}`, stage: 'begin', producerUsable: false };
  }
  try {
    await body();
  } catch (e) {
    return abortAfter('body', e, producer);
  }
  try {
    await producer.commitTransaction();
    return { type: 'ok', producerUsable: true };
  } catch (e) {
    if (e instanceof JavaDriverError && e.outcome === 'fail') {
      const aborted = await tryAbort(producer);
      return { type: 'fail', error: `commit: ${errorLabel(e)}; never sent`, stage: 'commit', producerUsable: aborted === true };
    }
    return abortAfter('commit', e, producer);
  }
}

async function abortAfter(stage: 'body' | 'commit', cause: unknown, producer: TransactionControl): Promise<JavaTransactionOutcome> {
  const aborted = await tryAbort(producer);
  if (aborted === true) return { type: 'fail', error: `${stage}: ${errorLabel(cause)}; aborted`, stage, producerUsable: true };
  return { type: 'info', error: `${stage}: ${errorLabel(cause)}; abort failed: ${aborted}`, stage, producerUsable: false };
}

/** true when the abort succeeded, else the abort's error label. */
async function tryAbort(producer: TransactionControl): Promise<true | string> {
  try {
    await producer.abortTransaction();
    return true;
  } catch (e) {
    return errorLabel(e);
  }
}
