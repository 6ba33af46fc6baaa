// Writes a run's outputs from its results and history: results.json, report.html, junit.xml.
import { writeFileSync } from 'node:fs';
import type { RunResults } from '../../checkers/result.ts';
import type { Op } from '../history/op.ts';
import { errorMessage } from '../util/errors.ts';
import type { Progress } from '../util/progress.ts';
import type { RunDir } from './store.ts';
import type { TestSpec } from './spec.ts';

export interface RunMeta {
  startedAt?: string;
  durationMs?: number;
}

export async function writeRunOutputs(dir: RunDir, spec: TestSpec | Record<string, unknown>, results: RunResults, ops: Op[], meta: RunMeta, progress: Progress): Promise<void> {
  writeFileSync(dir.results, JSON.stringify(results, null, 2) + '\n');
  try {
    const { renderReport } = await import('../../reports/html/index.ts');
    const { renderJunit } = await import('../../reports/junit/index.ts');
    const name = String((spec as { name?: unknown }).name ?? 'faultline');
    writeFileSync(dir.report, renderReport({ title: name, spec: spec as Record<string, unknown>, results, ops, ...meta }));
    writeFileSync(dir.junit, renderJunit(results, { suite: name }));
  } catch (e) {
    progress.warn(`report not written: ${errorMessage(e)}`);
  }
}
