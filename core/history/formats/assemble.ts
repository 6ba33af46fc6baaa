// Shared last step of the loaders: turns parsed records (with their line numbers) into Ops, assigning dense
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
 * Rejects a client completion with no pending invocation of its process, and a second invocation by a process whose
 * last one is still pending (nemesis ops are not checked: they are faults). `lineOf(i)` is the line of `ops[i]`.
 */
export function checkPendingInvocations(ops: ReadonlyArray<Pick<Op, 'type' | 'process' | 'f'>>, lineOf: (position: number) => number, file: string): void {
  // Position of each process's pending invocation: numbers only, nothing allocated per op.
  const pending = new Map<ProcessId, number>();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.process === 'nemesis') continue;
    const open = pending.get(op.process);
    if (op.type === 'invoke') {
      if (open !== undefined) {
        throw new HistoryFormatError(
          file,
          lineOf(i),
          `process ${op.process} invokes ${op.f} while its ${ops[open]!.f} from line ${lineOf(open)} is still pending`,
        );
      }
      pending.set(op.process, i);
    } else {
      if (open === undefined) throw new HistoryFormatError(file, lineOf(i), `${op.type} ${op.f} of process ${op.process} has no pending invocation`);
      pending.delete(op.process);
    }
  }
}

/**
 * Builds the Op list. Indices: kept when every record has one, else assigned densely in file order. Times: kept
 * when present, else the line number. Client completions must close a pending invocation of the same process, and a
 * process may not invoke twice without completing (checkPendingInvocations).
 */
export function assembleOps(parsed: readonly ParsedOp[], file: string): Op[] {
  checkPendingInvocations(parsed, (i) => parsed[i]!.line, file);
  const keepIndices = parsed.every((p) => p.index !== undefined);
  return parsed.map((p, position) => {
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
