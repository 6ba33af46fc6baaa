// Shared last step of every loader: turns parsed records (with their line numbers) into Ops, assigning dense
// indices and line-number times when a format lacks them, and rejects completions without a pending invocation.
import type { Op, OpType, ProcessId } from '../op.ts';
import { HistoryFormatError } from './errors.ts';

export interface ParsedOp {
  line: number;
  type: OpType;
  process: ProcessId;
  f: string;
  value: unknown;
  index?: number;
  time?: number;
  node?: string;
  error?: string;
}

const OP_TYPES = new Set<string>(['invoke', 'ok', 'fail', 'info']);

export function parseOpType(raw: unknown, file: string, line: number): OpType {
  if (typeof raw === 'string' && OP_TYPES.has(raw)) return raw as OpType;
  throw new HistoryFormatError(file, line, `type must be one of invoke, ok, fail, info; got ${JSON.stringify(raw)}`);
}

export function parseProcess(raw: unknown, file: string, line: number): ProcessId {
  if (raw === 'nemesis' || raw === 'monitor') return raw;
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  throw new HistoryFormatError(file, line, `process must be an integer, nemesis or monitor; got ${JSON.stringify(raw)}`);
}

/**
 * Builds the Op list. Indices: kept when every record has one, else assigned densely in file order. Times: kept
 * when present, else the line number. Client completions must close a pending invocation of the same process, and a
 * process may not invoke twice without completing (nemesis ops are not checked: they are faults).
 */
export function assembleOps(parsed: readonly ParsedOp[], file: string): Op[] {
  const keepIndices = parsed.every((p) => p.index !== undefined);
  const pending = new Map<ParsedOp['process'], ParsedOp>();
  return parsed.map((p, position) => {
    if (p.process !== 'nemesis') {
      const open = pending.get(p.process);
      if (p.type === 'invoke') {
        if (open) {
          throw new HistoryFormatError(file, p.line, `process ${p.process} invokes ${p.f} while its ${open.f} from line ${open.line} is still pending`);
        }
        pending.set(p.process, p);
      } else {
        if (!open) throw new HistoryFormatError(file, p.line, `${p.type} ${p.f} of process ${p.process} has no pending invocation`);
        pending.delete(p.process);
      }
    }
    const op: Op = {
      index: keepIndices ? p.index! : position,
      type: p.type,
      process: p.process,
      f: p.f,
      value: p.value,
      time: p.time ?? p.line,
    };
    if (p.node !== undefined) op.node = p.node;
    if (p.error !== undefined) op.error = p.error;
    return op;
  });
}
