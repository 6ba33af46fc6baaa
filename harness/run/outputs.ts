// Writes a run's outputs from its results and history: results.json, report.html, junit.xml.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunResults } from '../../core/result.ts';
import type { Op } from '../../core/history/op.ts';
import type { BrokerEvent } from '../../core/events.ts';
import { renderReport } from '../../reports/html/index.ts';
import { renderJunit } from '../../reports/junit/index.ts';
import { errorMessage } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import type { RunDir } from './store.ts';
import type { TestSpec } from '../../core/spec.ts';

export interface RunMeta {
  startedAt?: string;
  durationMs?: number;
  /** The brokers' events (events.jsonl), drawn in the report's timeline. */
  events?: readonly BrokerEvent[];
}

/** Node log files of a run directory, relative to it (e.g. nodes/n1/server.log). */
function nodeLogFiles(dir: RunDir): string[] {
  if (!existsSync(dir.nodes)) return [];
  return readdirSync(dir.nodes, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir.path, join(e.parentPath, e.name)))
    .sort();
}

export async function writeRunOutputs(
  dir: RunDir,
  spec: TestSpec | Record<string, unknown>,
  results: RunResults,
  ops: Op[],
  meta: RunMeta,
  progress: Progress,
): Promise<void> {
  writeFileSync(dir.results, JSON.stringify(results, null, 2) + '\n');
  const name = String((spec as { name?: unknown }).name ?? 'faultline');
  try {
    writeFileSync(dir.report, renderReport({ title: name, spec: spec as Record<string, unknown>, results, ops, nodeLogs: nodeLogFiles(dir), ...meta }));
    writeFileSync(dir.junit, renderJunit(results, { suite: name }));
  } catch (e) {
    progress.warn(`report not written: ${errorMessage(e)}`);
  }
}
