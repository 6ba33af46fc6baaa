// Jepsen EDN histories: one vector of op maps, or one op map per line. Keywords become strings, nil becomes null,
// nemesis ops are kept (process 'nemesis'); a missing :index is assigned densely, a missing :time is the line number.
import { assembleOps, parseOpType, parseProcess, type ParsedOp } from './assemble.ts';
import { readEdnRecords } from './edn.ts';
import { HistoryFormatError } from './errors.ts';
import type { LoadedHistory } from './types.ts';

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function toParsedOp(record: Record<string, unknown>, file: string, line: number): ParsedOp {
  if (typeof record.f !== 'string') throw new HistoryFormatError(file, line, `:f must be a keyword; got ${JSON.stringify(record.f)}`);
  const index = record.index;
  if (index !== undefined && (typeof index !== 'number' || !Number.isInteger(index))) {
    throw new HistoryFormatError(file, line, `:index must be an integer; got ${JSON.stringify(index)}`);
  }
  const time = record.time;
  if (time !== undefined && typeof time !== 'number') throw new HistoryFormatError(file, line, `:time must be a number`);
  const parsed: ParsedOp = {
    line,
    type: parseOpType(record.type, file, line),
    process: parseProcess(record.process, file, line),
    f: record.f,
    value: record.value ?? null,
  };
  if (index !== undefined) parsed.index = index as number;
  if (time !== undefined) parsed.time = time as number;
  if (record.node !== undefined && record.node !== null) parsed.node = asText(record.node);
  if (record.error !== undefined && record.error !== null) parsed.error = asText(record.error);
  return parsed;
}

export function parseJepsenEdn(text: string, file: string): LoadedHistory {
  const parsed = readEdnRecords(text, file).map(({ line, record }) => toParsedOp(record, file, line));
  return { ops: assembleOps(parsed, file), format: 'jepsen-edn', warnings: [] };
}
