// Loads a history file in any supported format into faultline Ops, detecting the format from the content when it
// is not given: JSON objects → jsonl; `INFO jepsen.util -` lines → porcupine-log; EDN maps with a :key and no
// :index → porcupine-kv; other EDN (a vector or maps) → jepsen-edn.
import { readFileSync } from 'node:fs';
import { HistoryFormatError } from './errors.ts';
import { parseJepsenEdn } from './jepsen-edn.ts';
import { parseJsonl } from './jsonl.ts';
import { parsePorcupineKv } from './porcupine-kv.ts';
import { isPorcupineLogLine, parsePorcupineLog } from './porcupine-log.ts';
import { HISTORY_FORMATS, type HistoryFormat, type LoadedHistory } from './types.ts';

export { HistoryFormatError } from './errors.ts';
export { readEdn, EdnReader } from './edn.ts';
export { HISTORY_FORMATS, type HistoryFormat, type LoadedHistory } from './types.ts';

const PARSERS: Record<HistoryFormat, (text: string, file: string) => LoadedHistory> = {
  jsonl: parseJsonl,
  'jepsen-edn': parseJepsenEdn,
  'porcupine-log': parsePorcupineLog,
  'porcupine-kv': parsePorcupineKv,
};

/**
 * Whether any of `lines` holds `jepsen.util`, as every porcupine-log event line does: one native search, so other
 * files skip the line-by-line regex test.
 */
const mentionsJepsenUtil = (lines: readonly string[]): boolean => lines.join('\n').includes('jepsen.util');

/** Guesses the format from the first lines of `text`. */
export function detectHistoryFormat(text: string, file: string): HistoryFormat {
  const lines = text.split('\n', 200);
  if (mentionsJepsenUtil(lines) && lines.some(isPorcupineLogLine)) return 'porcupine-log';
  const firstIndex = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith(';'));
  if (firstIndex < 0) throw new HistoryFormatError(file, 1, 'empty history: cannot tell its format');
  const first = lines[firstIndex]!.trim();
  if (/^\{\s*"/.test(first) || first === '{}') return 'jsonl';
  if (first.startsWith('{:') || first.startsWith('{ :')) {
    return /:key\s/.test(first) && !/:index\s/.test(first) ? 'porcupine-kv' : 'jepsen-edn';
  }
  if (first.startsWith('[') || first.startsWith('(') || first.startsWith('{') || first.startsWith('#')) return 'jepsen-edn';
  throw new HistoryFormatError(file, firstIndex + 1, `cannot tell the history format from '${first.slice(0, 40)}'`);
}

/** Reads and parses a history file. Throws HistoryFormatError (`file:line: problem`) on malformed input. */
export function loadHistory(path: string, format?: HistoryFormat): LoadedHistory {
  const text = readFileSync(path, 'utf8');
  return parseHistory(text, path, format);
}

/** As loadHistory, for text already in memory; `file` names it in errors. */
export function parseHistory(text: string, file: string, format?: HistoryFormat): LoadedHistory {
  if (format !== undefined && !HISTORY_FORMATS.includes(format)) {
    throw new Error(`unknown history format '${format}' (known: ${HISTORY_FORMATS.join(', ')})`);
  }
  return PARSERS[format ?? detectHistoryFormat(text, file)](text, file);
}
