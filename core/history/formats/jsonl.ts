// faultline's own history.jsonl: one Op as a JSON object per line. A torn last line (the run was killed mid-write)
// is reported as a warning and skipped; a malformed line anywhere else is an error.
import { assembleOps, parseOpType, parseProcess, type ParsedOp } from './assemble.ts';
import { HistoryFormatError } from './errors.ts';
import type { LoadedHistory } from './types.ts';

function parseRecord(record: unknown, file: string, line: number): ParsedOp {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new HistoryFormatError(file, line, 'expected a JSON object (one op per line)');
  }
  const r = record as Record<string, unknown>;
  const problem = recordProblem(r);
  if (problem !== undefined) throw new HistoryFormatError(file, line, problem);
  const op: ParsedOp = {
    line,
    index: r.index as number,
    type: parseOpType(r.type, file, line),
    process: parseProcess(r.process, file, line),
    f: r.f as string,
    value: r.value ?? null,
    time: r.time as number,
  };
  if (r.node !== undefined) op.node = r.node as string;
  if (r.error !== undefined) op.error = r.error as string;
  return op;
}

/** What is wrong with a record's index, f, time, node or error fields, if anything. */
function recordProblem(r: Record<string, unknown>): string | undefined {
  if (typeof r.index !== 'number' || !Number.isInteger(r.index)) return `index must be an integer; got ${JSON.stringify(r.index)}`;
  if (typeof r.f !== 'string') return `f must be a string; got ${JSON.stringify(r.f)}`;
  if (typeof r.time !== 'number') return `time must be a number; got ${JSON.stringify(r.time)}`;
  if (r.node !== undefined && typeof r.node !== 'string') return 'node must be a string';
  if (r.error !== undefined && typeof r.error !== 'string') return 'error must be a string';
  return undefined;
}

export function parseJsonl(text: string, file: string): LoadedHistory {
  return parseAllAtOnce(text, file) ?? parseLineByLine(text, file);
}

/**
 * The fast path for a well-formed file: one JSON.parse of all lines as an array (several times faster than a parse
 * per line). Undefined when that fails (a blank line, a torn or malformed line): the line-by-line path then finds
 * and names the line.
 */
function parseAllAtOnce(text: string, file: string): LoadedHistory | undefined {
  const body = text.trimEnd();
  if (body === '') return { ops: [], format: 'jsonl', warnings: [] };
  let records: unknown[];
  try {
    // A JSON line holds no raw newline, so each one becomes one array element.
    records = JSON.parse(`[${body.replaceAll('\n', ',')}]`) as unknown[];
  } catch {
    return undefined;
  }
  const parsed = new Array<ParsedOp>(records.length);
  for (let i = 0; i < records.length; i++) parsed[i] = parseRecord(records[i], file, i + 1);
  return { ops: assembleOps(parsed, file), format: 'jsonl', warnings: [] };
}

function parseLineByLine(text: string, file: string): LoadedHistory {
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  const warnings: string[] = [];
  const parsed: ParsedOp[] = [];
  for (let i = 0; i <= last; i++) {
    const source = lines[i]!.trim();
    if (source === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(source);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      if (i === last) {
        warnings.push(`${file}:${i + 1}: torn last line ignored (the run probably stopped mid-write): ${why}`);
        break;
      }
      throw new HistoryFormatError(file, i + 1, `not valid JSON: ${why}`);
    }
    parsed.push(parseRecord(record, file, i + 1));
  }
  return { ops: assembleOps(parsed, file), format: 'jsonl', warnings };
}
