// The history operation: the one data shape every client, nemesis, checker and report agrees on (Jepsen semantics).

/** invoke = the op began; ok = it happened; fail = it definitely did not; info = unknown (may happen later or never). */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/**
 * Client processes are integers (logical workers); fault ops are made by the single `nemesis` process; what the
 * harness observes of the cluster while the test runs (e.g. each broker's view of partition leaders) is recorded by
 * the `monitor` process.
 */
export type ProcessId = number | 'nemesis' | 'monitor';

export interface Op {
  /** Position in the history, 0-based, dense. */
  index: number;
  type: OpType;
  process: ProcessId;
  /** Operation name: `send`, `poll`, `txn`, `read`, `write`, `cas`, or a nemesis action such as `kill`. */
  f: string;
  value: unknown;
  /** Nanoseconds since the test started, from a monotonic clock. */
  time: number;
  /** The node the operation was sent to, when that is known. */
  node?: string;
  /** Why an op ended `fail` or `info`, in a short machine-friendly form (e.g. `timeout`, `NOT_LEADER_OR_FOLLOWER`). */
  error?: string;
  /**
   * On a write's completion: how many write requests (e.g. Kafka Produce requests) the client put on the wire for it.
   * More than one means the client resent the data, so a duplicate of it may be the client's doing, not the system's.
   */
  requests?: number;
}

/**
 * The value of a nemesis op. Every fault start/stop is one op pair (invoke, then info/ok/fail) with process
 * `nemesis`; reports shade the interval between a `start` and the matching `stop` of the same family.
 */
export interface NemesisValue {
  /** Fault family: `kill`, `partition`, `pause`, `clock`, `disk`, `packet`, ... */
  family: string;
  /** What was done, e.g. `kill`, `restart`, `isolate`, `heal`, `skew`. */
  action: string;
  /** `start` opens a fault interval, `stop` closes all open intervals of the family, `instant` is a point event. */
  phase: 'start' | 'stop' | 'instant';
  /** Node names affected, e.g. ["n1"]. */
  targets: string[];
  /** Family-specific facts (rule ids, offsets, pids ...). */
  detail?: unknown;
}

export const isClientProcess = (p: ProcessId): p is number => typeof p === 'number';
