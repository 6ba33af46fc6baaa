// Guards for @platformatic/kafka 1.35 clients, around their connection pool, against two client bugs seen under the
// kill nemesis:
// - Crash of the whole process: the client looks brokers up by node id in its metadata and hands the result to the
//   pool unchecked; when the node is not there (a killed broker drops out of the metadata while a producer keeps its
//   id as the cached transaction coordinator; a partition without a leader has id -1) the pool dereferences
//   `undefined` inside a socket callback and the TypeError is uncaught (connection-pool.js `broker.host`).
// - Retry loops that outlive the client: "Connection pool is closed." is a plain Error the retry logic treats as
//   retriable, and retries nest (endTransaction → getCoordinatorConnection, 25 × 25 attempts), so a closed producer
//   kept the process alive for minutes after a run.
// Both become ordinary, non-retriable request errors.
import { NetworkError, type ConnectionPool } from '@platformatic/kafka';

type Callback = (error: Error | null, value?: unknown) => void;

function refuse(message: string, callback?: Callback): unknown {
  const error = new NetworkError(message, { canRetry: false });
  if (!callback) return Promise.reject(error);
  callback(error);
  return undefined;
}

export function guardConnectionPool<T extends { connections: ConnectionPool }>(client: T): T {
  const pool = client.connections;
  let closed = false;
  const close = pool.close.bind(pool) as (callback?: Callback) => unknown;
  const get = pool.get.bind(pool) as (broker: unknown, callback?: Callback) => unknown;
  const getFirstAvailable = pool.getFirstAvailable.bind(pool) as (brokers: unknown, callback?: Callback) => unknown;
  pool.close = ((callback?: Callback) => {
    closed = true;
    return close(callback);
  }) as ConnectionPool['close'];
  pool.get = ((broker: unknown, callback?: Callback) => {
    if (closed) return refuse('Client is closed.', callback);
    if (!broker) return refuse('Broker is not in the cluster metadata (dead, or no leader).', callback);
    return get(broker, callback);
  }) as ConnectionPool['get'];
  pool.getFirstAvailable = ((brokers: unknown, callback?: Callback) => {
    if (closed) return refuse('Client is closed.', callback);
    return getFirstAvailable(brokers, callback);
  }) as ConnectionPool['getFirstAvailable'];
  return client;
}
