// What the suite index page is drawn from: the suite record (core/suite-record.ts) and, when the same suite ran
// before, the difference from that run — plain data computed by the harness.
import type { SuiteRecord } from '../../core/suite-record.ts';

/** An anomaly class of a test's checker. */
export interface TestClass {
  test: string;
  checker: string;
  class: string;
}

export interface SuiteDiff {
  /** The previous run's directory relative to this suite directory, its start and exit code. */
  previous: { dir: string; startedAt: string; exitCode: number };
  /** Classes found now that the previous run did not find in the same test (tests in both runs only). */
  newClasses: TestClass[];
  /** Classes the previous run found that no run of the same test found now. */
  fixedClasses: TestClass[];
  testsAdded: string[];
  testsRemoved: string[];
  /** Sum of the runs' durations, now and before, in ms (comparable across sharding). */
  runTimeMs: { now: number; before: number };
  /** Per test present in both: mean run duration now and before, in ms. */
  testDurations: Array<{ test: string; nowMs: number; beforeMs: number }>;
}

export interface SuiteIndexInput {
  record: SuiteRecord;
  diff?: SuiteDiff;
}
