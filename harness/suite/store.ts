// Suite runs in the store: store/suites/<suite>/<timestamp>[-shard-i-of-n]/ with suite.json, index.html, junit.xml.
// Runs themselves stay where `faultline test` puts them (store/<test>/<timestamp>/); suite.json links them relatively.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, errorMessage } from '../../core/errors.ts';
import { suiteRecordSchema, type ShardId, type SuiteRecord } from '../../core/suite-record.ts';
import { pathText } from './suite-file.ts';

export const SUITE_RECORD_FILE = 'suite.json';

export const suitesRoot = (store: string): string => join(store, 'suites');

const timestamp = (d: Date): string => d.toISOString().replace(/[:]/g, '');

/** A directory for a new suite run that does not exist yet (the runner makes it when it first writes). */
export function suiteDirPath(store: string, suite: string, startedAt: Date, shard?: ShardId): string {
  const base = join(suitesRoot(store), suite, `${timestamp(startedAt)}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}`);
  let path = base;
  for (let i = 1; existsSync(path); i++) path = `${base}-${i}`;
  return path;
}

/** suite.json of a suite directory, validated; a missing or malformed one is a UserError naming the file and path. */
export function readSuiteRecord(dir: string): SuiteRecord {
  const file = join(dir, SUITE_RECORD_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: not a readable suite record (${errorMessage(e)})`);
  }
  const parsed = suiteRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${file}: ${pathText(issue.path) || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Every suite run of a store with a readable suite.json, oldest first (unreadable ones are skipped). */
export function storedSuiteRuns(store: string): Array<{ dir: string; record: SuiteRecord }> {
  const root = suitesRoot(store);
  if (!existsSync(root)) return [];
  const out: Array<{ dir: string; record: SuiteRecord }> = [];
  for (const suite of readdirSync(root)) {
    const suiteDir = join(root, suite);
    if (!existsSync(suiteDir)) continue;
    for (const run of readdirSync(suiteDir)) {
      const dir = join(suiteDir, run);
      if (!existsSync(join(dir, SUITE_RECORD_FILE))) continue;
      try {
        out.push({ dir, record: readSuiteRecord(dir) });
      } catch {
        // a half-written or foreign file: not a run to list or compare with
      }
    }
  }
  return out.sort((a, b) => a.record.startedAt.localeCompare(b.record.startedAt));
}

/** The newest complete earlier run of the suite (not a shard, not interrupted), to compare a new run with. */
export function previousSuiteRun(store: string, suite: string, before: string): { dir: string; record: SuiteRecord } | undefined {
  return storedSuiteRuns(store)
    .filter(({ record }) => record.suite === suite && !record.shard && !record.interrupted && record.startedAt < before)
    .at(-1);
}
