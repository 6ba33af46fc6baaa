// What a stored run's results.json recorded about the run itself (not the checkers' verdicts, which a re-check
// recomputes): when its history began, whether a signal stopped it and where, harness failures, and the client that ran.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../../core/result.ts';

export type RunFacts = Pick<RunResults, 'historyStartMs' | 'interrupted' | 'harnessError' | 'clientLibraryErrors' | 'client'>;

/** The run facts of results.json in `runDir`; empty when there is none or it cannot be read. */
export function storedRunFacts(runDir: string): RunFacts {
  const file = join(runDir, 'results.json');
  if (!existsSync(file)) return {};
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
    const facts: RunFacts = {};
    if (typeof stored.historyStartMs === 'number' && Number.isFinite(stored.historyStartMs)) facts.historyStartMs = stored.historyStartMs;
    if (stored.interrupted && typeof stored.interrupted.signal === 'string') facts.interrupted = stored.interrupted;
    if (typeof stored.harnessError === 'string') facts.harnessError = stored.harnessError;
    if (stored.clientLibraryErrors) facts.clientLibraryErrors = stored.clientLibraryErrors;
    if (stored.client && typeof stored.client.name === 'string') facts.client = stored.client;
    return facts;
  } catch {
    return {};
  }
}
