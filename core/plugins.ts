// The plug-in interfaces of a test run: Workload (client + generator + final read + checkers) and Nemesis.
import type { ClusterHandle } from './cluster.ts';
import type { CheckerResult } from './result.ts';
import type { HistoryRecorder } from './history/recorder.ts';
import type { NemesisValue, Op } from './history/op.ts';
import type { Progress } from './progress.ts';
import type { Random } from './generator/random.ts';
import type { TestSpec } from './spec.ts';

/** What a running test gives workloads and nemeses. */
export interface RunEnv {
  spec: TestSpec;
  cluster: ClusterHandle;
  history: HistoryRecorder;
  progress: Progress;
  /** Topics the workload created; nemeses use them to find partition leaders. */
  topics: string[];
  /** true once SIGINT/SIGTERM arrived: long waits should give up. */
  interrupted: () => boolean;
}

export interface ClientOp {
  f: string;
  value: unknown;
}

export interface Completion {
  type: 'ok' | 'fail' | 'info';
  value?: unknown;
  error?: string;
  node?: string;
}

/** One logical process's connection to the cluster. Never throws from invoke: errors become fail/info. */
export interface Client {
  invoke(op: ClientOp): Promise<Completion>;
  close(): Promise<void>;
}

export interface Workload {
  name: string;
  /** Creates topics etc.; returns the topics it uses. */
  setup(env: RunEnv): Promise<string[]>;
  openClient(env: RunEnv, process: number): Promise<Client>;
  /** The next operation for a process; pure function of the process's own random stream. */
  nextOp(rng: Random, process: number): ClientOp;
  /** After heal and recovery: reads everything back, recording its ops in env.history. */
  finalRead(env: RunEnv, process: number): Promise<void>;
  check(ops: Op[], spec: TestSpec): CheckerResult[];
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
}
