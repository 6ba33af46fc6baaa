// Baselines of accepted anomalies (faultline-baseline.json): per test and checker, anomaly classes the gate accepts,
// each with a reason, an optional tracking link and an optional expiry date. Read and checked against the suite
// before anything runs; `faultline baseline write` makes one from a suite run.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError, errorMessage } from '../../core/errors.ts';
import { baselineEntrySchema, type BaselineEntry } from '../../core/suite-record.ts';
import { pathText } from './suite-file.ts';

export const baselineFileSchema = z
  .object({
    /** The suite this baseline belongs to; a suite of another name refuses it. */
    suite: z.string().optional(),
    accepted: z.array(baselineEntrySchema),
  })
  .strict();

export interface Baseline {
  file: string;
  suite?: string;
  entries: BaselineEntry[];
}

export function parseBaseline(file: string, text: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${errorMessage(e)})`);
  }
  const parsed = baselineFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = pathText(issue.path);
    if (issue.code === 'unrecognized_keys')
      throw new UserError(
        `${file}: ${issue.keys.map((k) => (at ? `${at}.${k}` : k)).join(', ')}: unknown key (an entry has test, checker, class, reason, link, expires)`,
      );
    throw new UserError(`${file}: ${at || '(top level)'}: ${issue.code === 'invalid_type' && issue.received === 'undefined' ? 'missing' : issue.message}`);
  }
  return { file, suite: parsed.data.suite, entries: parsed.data.accepted };
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read the baseline (${errorMessage(e)})`);
  }
  return parseBaseline(file, text);
}

/** Refuses a baseline written for another suite, or naming a test the suite does not have (a typo accepts nothing). */
export function checkBaselineFits(baseline: Baseline, suite: string, testNames: readonly string[]): void {
  if (baseline.suite !== undefined && baseline.suite !== suite)
    throw new UserError(`${baseline.file}: suite: the baseline is for suite ${baseline.suite}, not ${suite}`);
  baseline.entries.forEach((entry, i) => {
    if (!testNames.includes(entry.test))
      throw new UserError(`${baseline.file}: accepted[${i}].test: suite ${suite} has no test ${entry.test} (its tests: ${testNames.join(', ')})`);
  });
}

/** Whether an entry has expired on `day` (YYYY-MM-DD, UTC): it accepts through its expiry day. */
export const hasExpired = (entry: BaselineEntry, day: string): boolean => entry.expires !== undefined && entry.expires < day;

/** The UTC day of a moment, YYYY-MM-DD. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
