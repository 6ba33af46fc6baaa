// The result every checker returns, and how results merge into one verdict.

/** true = no anomaly found; false = anomalies found; "unknown" = the checker could not decide (e.g. timed out). */
export type Validity = true | false | 'unknown';

export interface Anomaly {
  /** Anomaly class, e.g. `lost`, `duplicate`, `aborted-read`, `G1c`, `nonlinearizable`. */
  type: string;
  /** One paragraph a human can follow: what was expected, what was observed, where. */
  explanation: string;
  /** History indices of the ops involved (invocations or completions). */
  ops: number[];
  /** true when the system's own model permits this (reported, but does not make the run invalid). */
  allowed?: boolean;
  /** Type-specific facts: keys, offsets, values, the nearest preceding nemesis op... */
  details?: Record<string, unknown>;
}

export interface CheckerResult {
  checker: string;
  valid: Validity;
  anomalies: Anomaly[];
  /** Counts and figures (ops checked, latencies, time spent ...). */
  stats: Record<string, unknown>;
  /** Optional structured counterexample for the report (e.g. a linearizability failure). */
  counterexample?: LinearizabilityCounterexample;
}

/**
 * A non-linearizable history explained: the longest partial linearization the search found, the op that could not
 * be placed next, and the model states around it. Drawn by the report as client lanes with intervals.
 */
export interface LinearizabilityCounterexample {
  /** Sub-history the failure belongs to (e.g. the key), when the history was partitioned. */
  partition?: string;
  /** Every op of that sub-history as an interval, in invocation order. */
  ops: Array<{
    id: number; // index of the invocation in the original history
    process: number | string;
    f: string;
    input: unknown;
    output: unknown;
    /** ns since test start (or the file's own clock); end = Infinity-like large number for info ops never completed. */
    start: number;
    end: number;
    /** ok | info (unknown outcome) */
    type: 'ok' | 'info';
  }>;
  /** Op ids (as above) in the order of the longest partial linearization found. */
  linearized: number[];
  /** Model state after each op of `linearized`, rendered as text. */
  states: string[];
  /** Ops that could be the next one but were not legal from the last state (usually the earliest-returning ones). */
  stuck: number[];
  /** One sentence: why the stuck op could not be linearized. */
  reason: string;
}

const rank = (v: Validity): number => (v === false ? 2 : v === 'unknown' ? 1 : 0);

/** false beats unknown beats true. An empty list is valid. */
export function mergeValidity(values: Validity[]): Validity {
  let worst: Validity = true;
  for (const v of values) if (rank(v) > rank(worst)) worst = v;
  return worst;
}

/** A run's results.json. */
export interface RunResults {
  valid: Validity;
  checkers: Record<string, CheckerResult>;
  /** Set when the harness itself failed during the run: the verdict is then at best "unknown". */
  harnessError?: string;
  /** Which client ran the workload's ops, its library version, and (Java) the driver process's start-up and resources. */
  client?: ClientSummary;
  /** Errors the Kafka client library threw in its own callbacks during the run (each cost one op, recorded info). */
  clientLibraryErrors?: { count: number; messages: string[] };
}

/** The client that ran a run's ops, for results.json and reports (so a differential run can say which client did what). */
export interface ClientSummary {
  /** `platformatic` or `java` (TestSpec.client). */
  name: string;
  /** The library that made the requests, e.g. `@platformatic/kafka` or `org.apache.kafka:kafka-clients`. */
  library: string;
  /** Its version; null when it never started. */
  version: string | null;
  /** A client in a process of its own (the Java driver JVM): spawn to ready, and its resources at the end of the run. */
  process?: ClientProcessStats;
}

export interface ClientProcessStats {
  pid: number;
  startupMs: number;
  /** Resident set size at the end, and its peak over the run (VmHWM), in bytes; null where the OS does not say. */
  rssBytes: number | null;
  peakRssBytes: number | null;
  heapUsedBytes: number | null;
  threads: number | null;
  /** Client handles still open at the end (0 after a clean run). */
  openHandles: number | null;
  /** Answers that came after their request had timed out. */
  lateAnswers: number;
  /** Exit code of the process once closed (null: killed, or did not exit). */
  exitCode: number | null;
}
