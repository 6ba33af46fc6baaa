// A run's broker events (events.jsonl): derived from the node logs once they are collected, placed on the history's
// clock with the wall-clock time of history time 0. A stored run without events.jsonl (older runs, or a run killed
// before writing it) gets them derived again from nodes/, with history time 0 from results.json or, failing that,
// from the run directory's name (created a few milliseconds before the history began).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { eventsFromJsonl, eventsToJsonl, type BrokerEvent } from '../../core/events.ts';
import type { Op } from '../../core/history/op.ts';
import { kafkaEventsFromRunDir } from '../../systems/kafka/events/index.ts';
import { storedRunFacts } from './stored-results.ts';

export const EVENTS_FILE = 'events.jsonl';

/** Wall clock (ms since the epoch) of a run directory's name, e.g. 2026-12-02T011838.703Z (store.ts writes it so). */
export function runDirectoryTime(path: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d)(\d\d)(\d\d)\.(\d{3})Z/.exec(basename(path));
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** History time 0 of a stored run: results.json's record, else the directory's name. */
export function historyStartOf(runDir: string): { ms: number; from: 'results.json' | 'directory name' } | undefined {
  const recorded = storedRunFacts(runDir).historyStartMs;
  if (recorded !== undefined) return { ms: recorded, from: 'results.json' };
  const named = runDirectoryTime(runDir);
  return named === undefined ? undefined : { ms: named, from: 'directory name' };
}

export interface RunEvents {
  events: BrokerEvent[];
  /** Where they came from. */
  source: 'events.jsonl' | 'node logs' | 'none';
  /** Why there are none, or what was odd about them. */
  note?: string;
}

/** Derives the events from nodes/ and writes events.jsonl beside the history. */
export function writeRunEvents(runDir: string, ops: readonly Op[], historyStartMs: number): BrokerEvent[] {
  const events = kafkaEventsFromRunDir(runDir, ops, historyStartMs);
  writeFileSync(join(runDir, EVENTS_FILE), eventsToJsonl(events));
  return events;
}

/** The events of a stored run: its events.jsonl, or derived again from its node logs (nothing is written). */
export function loadRunEvents(runDir: string, ops: readonly Op[]): RunEvents {
  const file = join(runDir, EVENTS_FILE);
  if (existsSync(file)) {
    const { events, skipped } = eventsFromJsonl(readFileSync(file, 'utf8'));
    return { events, source: 'events.jsonl', ...(skipped > 0 ? { note: `${skipped} unreadable lines of ${EVENTS_FILE} skipped` } : {}) };
  }
  if (!existsSync(join(runDir, 'nodes'))) return { events: [], source: 'none', note: 'no node logs in the run directory' };
  const start = historyStartOf(runDir);
  if (!start) return { events: [], source: 'none', note: 'the wall-clock start of the history is not recorded (results.json) nor in the directory name' };
  return {
    events: kafkaEventsFromRunDir(runDir, ops, start.ms),
    source: 'node logs',
    ...(start.from === 'directory name' ? { note: 'history time 0 taken from the run directory name (within a few ms)' } : {}),
  };
}
