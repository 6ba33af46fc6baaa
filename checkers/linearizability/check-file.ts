// Checks one history file for linearizability: loads it (format detected unless given), picks the model (given, or
// implied by a Porcupine format: console logs are etcd registers, kv EDN lines are kv) and runs the search. Every
// outcome is data — a result, bad input with its `file:line:` message, or a harness failure — so the same function
// serves one file, many files in this thread, and worker threads (whose messages must be plain values). Loading this
// module tunes V8 for checking (v8-tuning.ts).
import { readFileSync } from 'node:fs';
import type { CheckerResult } from '../../core/result.ts';
import { HistoryFormatError, parseHistory, type HistoryFormat } from '../../core/history/formats/index.ts';
import type { Op } from '../../core/history/op.ts';
import { MalformedHistoryError } from './history.ts';
import { checkLinearizableJsonl, checkLinearizability, type LinearizabilityOptions, type SearchProgress } from './index.ts';
import { ModelMismatchError } from './model.ts';
import { MODEL_NAMES } from './models/index.ts';
import { tuneV8ForChecks } from './v8-tuning.ts';

// Whoever loads the file checker checks files: the CLI, its worker threads, the benchmark (see v8-tuning.ts).
tuneV8ForChecks();

/** What a format says about the model its histories follow. */
const MODEL_OF_FORMAT: Partial<Record<string, string>> = { 'porcupine-log': 'etcd-register', 'porcupine-kv': 'kv' };

export interface FileCheckRequest {
  file: string;
  format?: HistoryFormat;
  /** Model name; when absent, the one the format implies. */
  model?: string;
  initial?: unknown;
  timeoutMs?: number;
  memoryMB?: number;
  progressIntervalMs?: number;
}

export type FileCheckOutcome =
  | { file: string; kind: 'checked'; model: string; format: string; ops: Op[] | null; result: CheckerResult; warnings: string[]; loadMs: number }
  | { file: string; kind: 'bad-input'; message: string }
  | { file: string; kind: 'failed'; message: string };

export interface FileCheckOptions {
  /** Keep the loaded ops in the outcome (to write a report); they are dropped otherwise, to save memory. */
  keepOps?: boolean;
  onProgress?: (progress: SearchProgress) => void;
}

export function checkHistoryFile(request: FileCheckRequest, options: FileCheckOptions = {}): FileCheckOutcome {
  const { file } = request;
  try {
    const started = performance.now();
    const bytes = readFileSync(file);
    if (request.model !== undefined && (request.format === undefined || request.format === 'jsonl')) {
      const loadMs = performance.now() - started;
      const result = checkLinearizableJsonl(bytes, linearizabilityOptions(request, request.model, options));
      if (result) {
        const outcome = { file, kind: 'checked' as const, model: request.model, format: 'jsonl', ops: null as Op[] | null, result, warnings: [], loadMs };
        // Read by the kernel, the ops were never parsed: they are, when asked for (and only then).
        if (options.keepOps) {
          let ops: Op[] | undefined;
          Object.defineProperty(outcome, 'ops', { enumerable: true, get: () => (ops ??= parseHistory(bytes.toString('utf8'), file, 'jsonl').ops) });
        }
        return outcome;
      }
    }
    const loaded = parseHistory(bytes.toString('utf8'), file, request.format);
    const loadMs = performance.now() - started;
    const model = request.model ?? MODEL_OF_FORMAT[loaded.format];
    if (model === undefined) {
      return {
        file,
        kind: 'bad-input',
        message: `${file}: a ${loaded.format} history does not say which model it follows; give --model (one of ${MODEL_NAMES.join(', ')})`,
      };
    }
    const result = checkLinearizability(loaded.ops, linearizabilityOptions(request, model, options));
    return { file, kind: 'checked', model, format: loaded.format, ops: options.keepOps ? loaded.ops : null, result, warnings: loaded.warnings, loadMs };
  } catch (e) {
    if (e instanceof HistoryFormatError) return { file, kind: 'bad-input', message: e.message };
    if (e instanceof ModelMismatchError || e instanceof MalformedHistoryError) return { file, kind: 'bad-input', message: `${file}: ${e.message}` };
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') return { file, kind: 'bad-input', message: `${file}: cannot read it (${code})` };
    return { file, kind: 'failed', message: `${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function linearizabilityOptions(request: FileCheckRequest, model: string, options: FileCheckOptions): LinearizabilityOptions {
  return {
    model,
    initial: request.initial,
    ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
    ...(request.memoryMB !== undefined ? { memoryMB: request.memoryMB } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(request.progressIntervalMs !== undefined ? { progressIntervalMs: request.progressIntervalMs } : {}),
  };
}
