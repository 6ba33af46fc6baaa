// Closing @platformatic/kafka clients at the end of an op or a run: forced (no waiting for streams) and quiet — a
// client that cannot close cleanly after a fault has nothing left to tell us. When close() fails (a consumer whose
// LeaveGroup cannot reach a dead coordinator stays open: the client resets its closed flag and keeps its sockets),
// the connection pool is closed directly, so no socket keeps the process alive after the run.
import type { ConnectionPool } from '@platformatic/kafka';

interface Closable {
  close(force?: boolean): Promise<void>;
  connections: ConnectionPool;
}

export async function closeQuietly(client: Closable): Promise<void> {
  try {
    await client.close(true);
  } catch {
    await client.connections.close().catch(() => undefined);
  }
}
