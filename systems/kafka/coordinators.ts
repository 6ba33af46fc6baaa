// Readies the transaction and group coordinators before a main phase: the first FindCoordinator creates Kafka's
// internal topics (__transaction_state, __consumer_offsets), and until their partitions have leaders every
// transactional or group request fails. Warming them in setup keeps that start-up noise out of the history.
import { Consumer } from '@platformatic/kafka';
import { guardConnectionPool } from './client-guards.ts';
import type { ClientTimeouts } from './client-timeouts.ts';
import { closeQuietly } from './close.ts';
import { findGroupCoordinator } from './group-offsets.ts';
import { fenceTransactionalIds } from './transactions.ts';

export interface WarmUp {
  /** Initialised (and so fenced) once each. */
  transactionalIds: string[];
  groupId?: string;
  timeouts: ClientTimeouts;
  timeoutMs: number;
}

export async function warmCoordinators(bootstrap: string[], w: WarmUp): Promise<void> {
  const deadline = Date.now() + w.timeoutMs;
  if (w.groupId) {
    const consumer = guardConnectionPool(new Consumer({ clientId: 'faultline-warmup', groupId: w.groupId, bootstrapBrokers: bootstrap, ...w.timeouts }));
    try {
      await findGroupCoordinator(consumer, w.groupId, deadline);
    } finally {
      await closeQuietly(consumer);
    }
  }
  const failed = await fenceTransactionalIds(w.transactionalIds, bootstrap, w.timeouts, deadline);
  if (failed.length > 0) throw new Error(`transaction coordinator not ready: ${failed.map((f) => `${f.id}: ${f.error}`).join('; ')}`);
}
