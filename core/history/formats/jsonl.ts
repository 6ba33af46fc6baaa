// faultline's own history.jsonl: one Op as a JSON object per line. Each parsed line is checked and then taken as the
// Op itself — no copy, so a line's fields arrive whole (`requests` included, and any a newer writer adds). A torn
// last line (the run was killed mid-write) is reported as a warning and skipped; a malformed line anywhere else is
// an error.
import type { Op } from '../op.ts';
import { checkPendingInvocations, parseOpType, parseProcess } from './assemble.ts';
import { HistoryFormatError } from './errors.ts';
import type { LoadedHistory } from './types.ts';

/**
 * true when a parsed line is already a well-formed Op with a value — nearly every line — tested in one expression, so
 * the loader calls no function per field; any other line goes through recordAsOp, which fixes or rejects it.
 */
function isWellFormedOp(record: unknown): boolean {
  if (typeof record !== 'object' || record === null) return false;
  const r = record as Record<string, unknown>;
  const { type, process } = r;
  return (
    typeof r.f === 'string' &&
    typeof r.time === 'number' &&
    typeof r.index === 'number' &&
    Number.isInteger(r.index) &&
    (type === 'invoke' || type === 'ok' || type === 'fail' || type === 'info') &&
    ((typeof process === 'number' && Number.isInteger(process)) || process === 'nemesis' || process === 'monitor') &&
    r.value !== undefined &&
    (r.node === undefined || typeof r.node === 'string') &&
    (r.error === undefined || typeof r.error === 'string') &&
    (r.requests === undefined || (typeof r.requests === 'number' && Number.isInteger(r.requests)))
  );
}

/** Checks that a parsed line is an Op and returns it as one (a missing value becomes null). */
function recordAsOp(record: unknown, file: string, line: number): Op {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new HistoryFormatError(file, line, 'expected a JSON object (one op per line)');
  }
  const r = record as Record<string, unknown>;
  const problem = recordProblem(r);
  if (problem !== undefined) throw new HistoryFormatError(file, line, problem);
  parseOpType(r.type, file, line);
  parseProcess(r.process, file, line);
  if (r.value === undefined) r.value = null;
  return r as unknown as Op;
}

/** What is wrong with a record's index, f, time, node, error or requests fields, if anything. */
function recordProblem(r: Record<string, unknown>): string | undefined {
  if (typeof r.index !== 'number' || !Number.isInteger(r.index)) return `index must be an integer; got ${JSON.stringify(r.index)}`;
  if (typeof r.f !== 'string') return `f must be a string; got ${JSON.stringify(r.f)}`;
  if (typeof r.time !== 'number') return `time must be a number; got ${JSON.stringify(r.time)}`;
  if (r.node !== undefined && typeof r.node !== 'string') return 'node must be a string';
  if (r.error !== undefined && typeof r.error !== 'string') return 'error must be a string';
  if (r.requests !== undefined && (typeof r.requests !== 'number' || !Number.isInteger(r.requests))) return 'requests must be an integer';
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
  let ops: Op[];
  try {
    // A JSON line holds no raw newline, so each one becomes one array element.
    ops = JSON.parse(`[${body.replaceAll('\n', ',')}]`) as Op[];
  } catch {
    return undefined;
  }
  for (let i = 0; i < ops.length; i++) if (!isWellFormedOp(ops[i])) recordAsOp(ops[i], file, i + 1);
  checkPendingInvocations(ops, (i) => i + 1, file);
  return { ops, format: 'jsonl', warnings: [] };
}

function parseLineByLine(text: string, file: string): LoadedHistory {
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  const warnings: string[] = [];
  const ops: Op[] = [];
  const lineOf: number[] = [];
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
    ops.push(recordAsOp(record, file, i + 1));
    lineOf.push(i + 1);
  }
  checkPendingInvocations(ops, (i) => lineOf[i]!, file);
  return { ops, format: 'jsonl', warnings };
}
