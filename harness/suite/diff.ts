// The difference between a suite run and the previous run of the same suite: anomaly classes new and fixed per test,
// tests added and removed, and how long the runs took (summed, so sharded and unsharded runs compare).
import { relative } from 'node:path';
import { runTimeMs, type SuiteRecord, type TestRecord } from '../../core/suite-record.ts';
import type { SuiteDiff, TestClass } from '../../reports/suite-index/index.ts';

function classesOf(test: TestRecord): TestClass[] {
  const seen = new Map<string, TestClass>();
  for (const cell of test.cells)
    for (const f of cell.findings) seen.set(`${f.checker}\u0000${f.class}`, { test: test.name, checker: f.checker, class: f.class });
  return [...seen.values()];
}

const meanMs = (test: TestRecord): number => {
  const ran = test.cells.filter((c) => c.attempts.length > 0);
  return ran.length > 0 ? ran.reduce((s, c) => s + c.durationMs, 0) / ran.length : 0;
};

export function diffSuites(now: SuiteRecord, nowDir: string, before: SuiteRecord, beforeDir: string): SuiteDiff {
  const beforeTests = new Map(before.tests.map((t) => [t.name, t]));
  const nowNames = new Set(now.tests.map((t) => t.name));
  const newClasses: TestClass[] = [];
  const fixedClasses: TestClass[] = [];
  const testDurations: SuiteDiff['testDurations'] = [];
  const same = (a: TestClass) => (b: TestClass) => a.checker === b.checker && a.class === b.class;
  for (const test of now.tests) {
    const old = beforeTests.get(test.name);
    if (!old) continue;
    const nowClasses = classesOf(test);
    const oldClasses = classesOf(old);
    newClasses.push(...nowClasses.filter((c) => !oldClasses.some(same(c))));
    fixedClasses.push(...oldClasses.filter((c) => !nowClasses.some(same(c))));
    if (meanMs(test) > 0 && meanMs(old) > 0) testDurations.push({ test: test.name, nowMs: meanMs(test), beforeMs: meanMs(old) });
  }
  return {
    previous: { dir: relative(nowDir, beforeDir), startedAt: before.startedAt, exitCode: before.exitCode },
    newClasses,
    fixedClasses,
    testsAdded: now.tests.filter((t) => !beforeTests.has(t.name)).map((t) => t.name),
    testsRemoved: before.tests.filter((t) => !nowNames.has(t.name)).map((t) => t.name),
    runTimeMs: { now: runTimeMs(now), before: runTimeMs(before) },
    testDurations,
  };
}
