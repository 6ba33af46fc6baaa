// MIT 6.824 key/value histories from Porcupine's test data: one EDN map per line,
// `{:process p, :type :invoke|:ok, :f :get|:put|:append, :key "k", :value "v"}`. The key goes into the op value,
// which becomes `[key, value]` (the shape the `kv` model reads).
import { assembleOps, parseOpType, parseProcess, type ParsedOp } from './assemble.ts';
import { readEdnRecords } from './edn.ts';
import { HistoryFormatError } from './errors.ts';
import type { LoadedHistory } from './types.ts';

export function parsePorcupineKv(text: string, file: string): LoadedHistory {
  const parsed = readEdnRecords(text, file).map(({ line, record }): ParsedOp => {
    if (typeof record.f !== 'string') throw new HistoryFormatError(file, line, `:f must be a keyword; got ${JSON.stringify(record.f)}`);
    if (typeof record.key !== 'string') throw new HistoryFormatError(file, line, `:key must be a string; got ${JSON.stringify(record.key)}`);
    return {
      line,
      type: parseOpType(record.type, file, line),
      process: parseProcess(record.process, file, line),
      f: record.f,
      value: [record.key, record.value ?? null],
    };
  });
  return { ops: assembleOps(parsed, file), format: 'porcupine-kv', warnings: [] };
}
