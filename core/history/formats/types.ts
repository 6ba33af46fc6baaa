// Shared types of the history loaders.
import type { Op } from '../op.ts';

export const HISTORY_FORMATS = ['jsonl', 'jepsen-edn', 'porcupine-log', 'porcupine-kv'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export interface LoadedHistory {
  ops: Op[];
  format: string;
  /** Problems that did not stop loading (e.g. a torn last line). */
  warnings: string[];
}
