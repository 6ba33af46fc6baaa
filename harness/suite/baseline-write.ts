// `faultline baseline write`: a baseline that accepts everything a suite run found, kept together with the entries
// of an existing baseline file (their reasons, links and expiry dates stay as they are).
import type { BaselineEntry, SuiteRecord } from '../../core/suite-record.ts';
import { cellsOf } from '../../core/suite-record.ts';
import type { Baseline } from './baseline.ts';
import { rawFindings } from './gate.ts';

export interface NewEntryFields {
  reason: string;
  link?: string;
  expires?: string;
}

/** Entries of `existing`, then one per (test, checker, class) the run found that they do not cover yet. */
export function baselineFromRecord(
  record: SuiteRecord,
  fields: NewEntryFields,
  existing?: Baseline,
): { suite: string; accepted: BaselineEntry[]; added: number } {
  const accepted: BaselineEntry[] = [...(existing?.entries ?? [])];
  let added = 0;
  for (const { test, cell } of cellsOf(record)) {
    for (const finding of rawFindings(cell.checkers)) {
      if (accepted.some((e) => e.test === test.name && e.checker === finding.checker && e.class === finding.class)) continue;
      accepted.push({
        test: test.name,
        checker: finding.checker,
        class: finding.class,
        reason: fields.reason,
        ...(fields.link ? { link: fields.link } : {}),
        ...(fields.expires ? { expires: fields.expires } : {}),
      });
      added++;
    }
  }
  return { suite: record.suite, accepted, added };
}
