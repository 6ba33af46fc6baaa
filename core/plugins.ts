// The plug-in interfaces of a test run: Workload (client + generator + final read + checkers) and Nemesis.
import type { ClusterHandle } from './cluster.ts';
import type { CheckerResult, ClientSummary } from './result.ts';
import type { HistoryRecorder } from './history/recorder.ts';
import type { NemesisValue, Op } from './history/op.ts';
import type { Progress } from './progress.ts';
import type { Random } from './generator/random.ts';
import type { TestSpec } from './spec.ts';
import type { Options, OptionSpec } from './options.ts';

/** What a running test gives workloads and nemeses. */
export interface RunEnv {
  spec: TestSpec;
  cluster: ClusterHandle;
  history: HistoryRecorder;
  progress: Progress;
  /** Topics the workload created; nemeses use them to find partition leaders. */
  topics: string[];
  /** The run directory: a plugin may keep files of its own there (e.g. the Java client's log). */
  runDir: string;
  /** true once SIGINT/SIGTERM arrived: long waits should give up. */
  interrupted: () => boolean;
  /** Records one step of a multi-step fault as its own nemesis op (see Nemesis.recordsSteps). */
  step?: StepRecorder;
  /** Transactional ids and consumer groups the workload uses (scenarios aim at their coordinators). */
  coordinatorKeys?: CoordinatorKeys;
}

export interface CoordinatorKeys {
  transactional: string[];
  groups: string[];
}

/** Runs one fault step and records it: invoke now, completion with the step's outcome when it returns. */
export type StepRecorder = (family: string, action: string, phase: NemesisValue['phase'], run: () => Promise<NemesisOutcome>) => Promise<NemesisOutcome>;

export interface ClientOp {
  f: string;
  value: unknown;
}

export interface Completion {
  type: 'ok' | 'fail' | 'info';
  value?: unknown;
  error?: string;
  node?: string;
  /** Write requests the client sent for the op (see Op.requests). */
  requests?: number;
}

/** One logical process's connection to the cluster. Never throws from invoke: errors become fail/info. */
export interface Client {
  invoke(op: ClientOp): Promise<Completion>;
  close(): Promise<void>;
}

/**
 * Ops one logical process runs outside the main phase (seeding, draining, final reads). The harness opens the client,
 * invokes each op with a timeout, records it, and hands the completion back before asking for the next op; after an
 * `info` completion it retires the process and continues as a new one with a new client, as in the main phase.
 */
export interface OpSequence {
  /** What the sequence is for, in progress lines (e.g. "final read of partition 3"). */
  label: string;
  open(env: RunEnv, process: number): Promise<Client>;
  /** The next op, given the last op and its completion (none before the first op); undefined when done. May throw to fail the run. */
  next(last?: { op: ClientOp; completion: Completion }): ClientOp | undefined;
  /** Per-op timeout (default: the run's op timeout); always cut to the time the phase has left. */
  opTimeoutMs?: number;
}

export interface Workload {
  name: string;
  /** Creates topics etc. (administration, not history ops); returns the topics it uses. */
  setup(env: RunEnv): Promise<string[]>;
  /** Transactional ids and consumer groups it uses, once set up. */
  coordinatorKeys?(): CoordinatorKeys;
  /** Ops before the main phase, e.g. seeding input the checkers compare against; sequences of a stage run concurrently. */
  setupPhase?(env: RunEnv): OpSequence[];
  openClient(env: RunEnv, process: number): Promise<Client>;
  /** The next operation for a process; pure function of the process's own random stream. */
  nextOp(rng: Random, process: number): ClientOp;
  /** After heal and recovery: stages of sequences (a stage's sequences run concurrently, stages one after another). */
  finalPhase(env: RunEnv): OpSequence[][];
  /**
   * Ends what the workload keeps for the whole run (e.g. the Java client's JVM). Called once, after the final phase, also
   * when the run failed or was interrupted (then possibly before or during setup); says which client ran the ops.
   */
  close?(): Promise<ClientSummary | undefined>;
}

/**
 * A workload as the registry lists it: its options (flags of `faultline test`), its checkers, and how to make one for
 * a run. Kept light (no client code) so that `--help` and re-checking stored runs load nothing they do not need.
 */
export interface WorkloadPlugin {
  name: string;
  /** One line for --help and the README. */
  description: string;
  options: readonly OptionSpec[];
  /** Judges a history of this workload: pure functions of the history, the spec and the validated options. */
  check(ops: Op[], spec: TestSpec, options: Options): CheckerResult[];
  /** Makes the workload for a run (loading its client code); `options` are already validated against `options`. */
  create(spec: TestSpec, options: Options): Promise<Workload>;
}

export interface NemesisOutcome {
  /** ok: the fault (or heal) took effect; fail: it definitely did not; info: unknown. */
  type: 'ok' | 'fail' | 'info';
  value: NemesisValue;
  error?: string;
  /** Facts observed while acting (e.g. each node's clock offset): the harness records each as an instant op after this one. */
  observations?: NemesisValue[];
}

/** One fault family. `invoke` starts or stops one fault; `healAll` undoes everything this family may have done. */
export interface Nemesis {
  family: string;
  /** Colour of the family's shaded intervals in reports. */
  color: string;
  /** Checks the mechanism works here (throws EnvironmentError naming the missing feature) and prepares it. */
  setup(env: RunEnv): Promise<void>;
  invoke(env: RunEnv, phase: 'start' | 'stop', rng: Random): Promise<NemesisOutcome>;
  healAll(env: RunEnv): Promise<NemesisOutcome>;
  /** Human text of the faults currently active (for the progress line). */
  active(): string[];
  /**
   * true for a fault made of several steps (a scenario: cut links, wait for the ISR to shrink, crash the leader, …):
   * the harness then does not wrap `invoke` in one op; the family records each step through `env.step`, so each
   * has its own time in the history.
   */
  recordsSteps?: boolean;
}
