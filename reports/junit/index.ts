// JUnit XML for CI: one testcase per checker. valid → passes; false → <failure> with the anomaly summary;
// "unknown" → <error>: the checker could not decide (e.g. timed out), which must not let a CI gate pass silently,
// yet is not evidence of a bug in the system, so it is reported as an error of the test rather than a failure.

import type { CheckerResult, RunResults } from '../../core/result.ts';
import { summarizeAnomalies } from '../html/anomaly-counts.ts';
import { toJsonText } from '../html/escape.ts';
import { escapeXml, xmlAttributes } from './xml.ts';

export interface JunitOptions {
  /** testsuite name, e.g. the test name. */
  suite: string;
}

/** How many anomalies are written out in full in a failure's body. */
const MAX_ANOMALIES_IN_BODY = 50;

function anomalyLines(result: CheckerResult): string {
  const lines = result.anomalies
    .slice(0, MAX_ANOMALIES_IN_BODY)
    .map((a) => `- [${a.type}${a.allowed ? ', allowed' : ''}] ${a.explanation}${a.ops.length > 0 ? ` (ops ${a.ops.join(', ')})` : ''}`);
  const hidden = result.anomalies.length - MAX_ANOMALIES_IN_BODY;
  if (hidden > 0) lines.push(`... and ${hidden} more anomalies`);
  if (result.counterexample) lines.push(`counterexample: ${result.counterexample.reason}`);
  return lines.join('\n');
}

function outcomeElement(result: CheckerResult): string {
  const summary = summarizeAnomalies(result.anomalies);
  if (result.valid === false) {
    return `<failure ${xmlAttributes({ message: `invalid: ${summary}`, type: 'invalid' })}>${escapeXml(anomalyLines(result))}</failure>`;
  }
  if (result.valid === 'unknown') {
    return `<error ${xmlAttributes({ message: `unknown: the checker could not decide (${summary})`, type: 'unknown' })}>${escapeXml(anomalyLines(result))}</error>`;
  }
  return '';
}

function testcase(suite: string, name: string, result: CheckerResult): string {
  const outcome = outcomeElement(result);
  const stats = Object.keys(result.stats).length > 0 ? `<system-out>${escapeXml(toJsonText(result.stats, 2))}</system-out>` : '';
  return `    <testcase ${xmlAttributes({ classname: suite, name })}>${outcome}${stats}</testcase>`;
}

/** The JUnit document; counts on <testsuites> and <testsuite> agree with the testcases. */
export function renderJunit(results: RunResults, opts: JunitOptions): string {
  const entries = Object.entries(results.checkers);
  const failures = entries.filter(([, r]) => r.valid === false).length;
  const errors = entries.filter(([, r]) => r.valid === 'unknown').length;
  const counts = { tests: entries.length, failures, errors, skipped: 0 };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${xmlAttributes({ name: opts.suite, ...counts })}>`,
    `  <testsuite ${xmlAttributes({ name: opts.suite, ...counts })}>`,
    ...entries.map(([name, result]) => testcase(opts.suite, name, result)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
