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
  /** Type-specific facts: keys, offsets, values ... */
  details?: Record<string, unknown>;
  /** Which faults acted on it and how, with the broker facts that show it (checkers/causality). */
  attribution?: Attribution;
}

/**
 * Roles a fault can play for an anomaly. For a lost write: `isolated-leader` (the acknowledging leader was cut off from
 * its followers while it held the record alone), `crashed-leader` (the broker holding the record went down before a
 * replica that would lead had it), `lost-unsynced` (it lost power, or its unsynced writes were rolled back),
 * `returned` (it came back, and on rejoining truncated the record away). For any anomaly: `during-op` (it acted on a
 * node an op of the anomaly used, while that op ran), `concurrent` (it overlaps the anomaly's window, but nothing links
 * it to the anomaly's partition or nodes).
 */
export type FaultRoleName = 'isolated-leader' | 'crashed-leader' | 'lost-unsynced' | 'returned' | 'during-op' | 'concurrent';

/** A fault that overlaps an anomaly's window, and what it did to it. */
export interface FaultRole {
  role: FaultRoleName;
  /** One sentence, with times on the history's clock. */
  text: string;
  family: string;
  action: string;
  targets: string[];
  /** History indices of the fault's nemesis op (invocation, completion). */
  invokeIndex: number;
  completeIndex?: number;
  /** ns: when it was invoked, took effect, and stopped acting. */
  invoked: number;
  applied: number;
  until: number;
}

/** A broker fact (from the brokers' logs or the monitor's rounds) that bears on an anomaly. */
export interface CausalFact {
  /** A broker event kind (leader-change, truncation ...), or `monitor` for a monitor round. */
  kind: string;
  /** ns on the history's clock. */
  time: number;
  node?: string;
  text: string;
  /** Where it was read: a log file and line, or a history op index. */
  file?: string;
  line?: number;
  opIndex?: number;
}

/** Why an anomaly happened, as far as the history and the brokers' logs show; never a guess. */
export interface Attribution {
  /** The window examined (ns): from the anomaly's first op to when the anomaly could be observed. */
  from: number;
  to: number;
  /** The partition concerned, when the anomaly names one. */
  partition?: { topic: string; partition: number };
  /** One paragraph: the cause, or that no fault overlaps. */
  summary: string;
  /** Every fault overlapping the window, with its role. */
  faults: FaultRole[];
  facts: CausalFact[];
  /** What the facts rest on: broker events, monitor rounds, the history's ops. */
  basis: string[];
}

export interface CheckerResult {
  checker: string;
  valid: Validity;
  anomalies: Anomaly[];
  /** Counts and figures (ops checked, latencies, time spent ...). */
  stats: Record<string, unknown>;
  /**
   * Every anomaly class the checker looked for in this history, with how many it found (0: looked, none found).
   * A class it could not look for (e.g. lost writes without a final read) is absent.
   */
  checked?: Record<string, number>;
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

/** `checked` for a result: each class looked for, counted from the anomalies found (listed or, where given, counted). */
export function checkedClasses(classes: readonly string[], anomalies: readonly Anomaly[], totals: Record<string, number> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const type of classes) out[type] = totals[type] ?? anomalies.filter((a) => a.type === type).length;
  for (const a of anomalies) if (!(a.type in out)) out[a.type] = totals[a.type] ?? anomalies.filter((x) => x.type === a.type).length;
  return out;
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
  /** Wall-clock time (ms since the epoch) of history time 0: node log timestamps are placed on the history with it. */
  historyStartMs?: number;
  /** Set when a signal stopped the run: which one, and the phase it stopped (e.g. before its final reads). */
  interrupted?: { signal: string; phase: string };
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
  /** IPv4 addresses of the network interfaces the process saw (loopback left out): where its connections came from. */
  addresses?: string[];
}
