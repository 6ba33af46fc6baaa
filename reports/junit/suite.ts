// JUnit XML of a suite run: one <testsuite> per test, one <testcase> per checker per run. A run whose findings the
// baseline does not accept fails with a message naming the anomaly classes and the run's report; an unknown verdict
// beyond the retries and a harness failure are errors; runs not made (interrupted, not run) are skipped.
import type { CellRecord, SuiteRecord, TestRecord } from '../../core/suite-record.ts';
import { escapeXml, xmlAttributes } from './xml.ts';

type Outcome = { element: string; failures: number; errors: number; skipped: number };

const seconds = (ms: number): string => (ms / 1000).toFixed(3);
const runLabel = (cell: CellRecord): string => (cell.seed !== undefined ? `seed ${cell.seed}` : `run ${cell.slot + 1}`);

/** Where the run's report is, relative to the suite directory (where junit.xml is). */
const reportOf = (cell: CellRecord): string => (cell.dir ? `${cell.dir}/report.html` : 'no report (the run made no directory)');

function checkerOutcome(record: SuiteRecord, cell: CellRecord, checker: string): Outcome {
  const findings = cell.findings.filter((f) => f.checker === checker);
  const open = findings.filter((f) => f.acceptedBy === undefined);
  const accepted = findings.filter((f) => f.acceptedBy !== undefined);
  const note = (f: (typeof findings)[number]): string => {
    const entry = record.baseline?.entries[f.acceptedBy ?? f.expiredEntry ?? -1];
    if (f.acceptedBy !== undefined) return `${f.class}: accepted by the baseline (${entry?.reason ?? ''})`;
    if (f.expiredEntry !== undefined) return `${f.class}: the baseline entry expired on ${entry?.expires}`;
    return `${f.class}: not accepted`;
  };
  const body = findings.map(note).join('\n');
  const out = accepted.length > 0 ? `<system-out>${escapeXml(`${body}\nreport: ${reportOf(cell)}`)}</system-out>` : '';
  const failing = open.filter((f) => f.class !== 'unknown');
  if (failing.length > 0) {
    const message = `anomalies not accepted by the baseline: ${failing.map((f) => `${f.count} ${f.class}`).join(', ')}; report ${reportOf(cell)}`;
    return { element: `<failure ${xmlAttributes({ message, type: 'anomalies' })}>${escapeXml(body)}</failure>${out}`, failures: 1, errors: 0, skipped: 0 };
  }
  if (open.length > 0) {
    const message = `unknown: the ${checker} checker could not decide after ${cell.attempts.length} attempt(s); report ${reportOf(cell)}`;
    return { element: `<error ${xmlAttributes({ message, type: 'unknown' })}>${escapeXml(body)}</error>${out}`, failures: 0, errors: 1, skipped: 0 };
  }
  return { element: out, failures: 0, errors: 0, skipped: 0 };
}

/** A run without checker results: harness failure, interrupted, not run. */
function runOutcome(cell: CellRecord): Outcome {
  const last = cell.attempts.at(-1);
  if (cell.status === 'error')
    return {
      element: `<error ${xmlAttributes({ message: `the harness failed: ${last?.harnessError ?? 'unknown error'}; report ${reportOf(cell)}`, type: 'harness' })}/>`,
      failures: 0,
      errors: 1,
      skipped: 0,
    };
  const why = cell.status === 'interrupted' ? 'interrupted by a signal' : 'not run (the suite stopped before it)';
  return { element: `<skipped ${xmlAttributes({ message: why })}/>`, failures: 0, errors: 0, skipped: 1 };
}

function testsuite(record: SuiteRecord, test: TestRecord): { xml: string; counts: Outcome & { tests: number; ms: number } } {
  const classname = `${record.suite}.${test.name}`;
  const cases: string[] = [];
  const counts = { element: '', failures: 0, errors: 0, skipped: 0, tests: 0, ms: 0 };
  for (const cell of test.cells) {
    const checkers = Object.keys(cell.checkers);
    const judged = cell.status === 'pass' || cell.status === 'fail' || cell.status === 'unknown';
    const names = judged && checkers.length > 0 ? checkers : [null];
    for (const checker of names) {
      const outcome = checker === null ? runOutcome(cell) : checkerOutcome(record, cell, checker);
      const ms = cell.durationMs / names.length;
      const name = `${checker ?? 'run'} (${runLabel(cell)})`;
      cases.push(`    <testcase ${xmlAttributes({ classname, name, time: seconds(ms) })}>${outcome.element}</testcase>`);
      counts.failures += outcome.failures;
      counts.errors += outcome.errors;
      counts.skipped += outcome.skipped;
      counts.tests += 1;
      counts.ms += ms;
    }
  }
  const attributes = xmlAttributes({
    name: classname,
    tests: counts.tests,
    failures: counts.failures,
    errors: counts.errors,
    skipped: counts.skipped,
    time: seconds(counts.ms),
  });
  return { xml: [`  <testsuite ${attributes}>`, ...cases, '  </testsuite>'].join('\n'), counts };
}

/** The JUnit document; counts on <testsuites> are the sums of the testsuites'. */
export function renderSuiteJunit(record: SuiteRecord): string {
  const suites = record.tests.map((t) => testsuite(record, t));
  const sum = (k: 'tests' | 'failures' | 'errors' | 'skipped' | 'ms'): number => suites.reduce((s, x) => s + x.counts[k], 0);
  const attributes = xmlAttributes({
    name: record.suite,
    tests: sum('tests'),
    failures: sum('failures'),
    errors: sum('errors'),
    skipped: sum('skipped'),
    time: seconds(sum('ms')),
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attributes}>`, ...suites.map((s) => s.xml), '</testsuites>', ''].join('\n');
}
