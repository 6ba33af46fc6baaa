// Jepsen 0.0.x console logs (Porcupine's etcd test data): only lines `INFO  jepsen.util - <process> <type> <f>
// <value>` matter, fields separated by tabs or spaces. A process that crashed comes back under a new number
// (process + 5), so an `:info` completion simply leaves its call with an unknown outcome. When an :info or :fail
// completion carries a keyword instead of a value (`:timed-out`), the keyword becomes the op's `error` and the value
// is the invocation's; a `:fail :read :timed-out` is thus a failed read, which tells nothing and is dropped by the
// checker. A `:fail :cas [a b]` is a cas that definitely did not take effect.
import { assembleOps, parseOpType, type ParsedOp } from './assemble.ts';
import { readEdn } from './edn.ts';
import { HistoryFormatError } from './errors.ts';
import type { LoadedHistory } from './types.ts';

const EVENT_LINE = /^INFO\s+jepsen\.util\s+-\s+(\S+)\s+:(\S+)\s+:(\S+)(?:\s+(.*?))?\s*$/;

export const isPorcupineLogLine = (line: string): boolean => EVENT_LINE.test(line);

export function parsePorcupineLog(text: string, file: string): LoadedHistory {
  const parsed: ParsedOp[] = [];
  const invocations = new Map<number, ParsedOp>();
  text.split('\n').forEach((source, i) => {
    const line = i + 1;
    const match = EVENT_LINE.exec(source.trimEnd());
    if (!match) return;
    const [, processText, typeText, f, valueText] = match as unknown as [string, string, string, string, string | undefined];
    if (!/^\d+$/.test(processText)) throw new HistoryFormatError(file, line, `process must be an integer; got '${processText}'`);
    const process = Number(processText);
    const type = parseOpType(typeText, file, line);
    const rawValue = valueText === undefined || valueText === '' ? null : readEdn(valueText, file, line);
    const op: ParsedOp = { line, type, process, f, value: rawValue };
    if (type === 'invoke') invocations.set(process, op);
    else if ((type === 'info' || type === 'fail') && valueText?.startsWith(':')) {
      op.error = rawValue as string;
      op.value = invocations.get(process)?.value ?? null;
    }
    parsed.push(op);
  });
  return { ops: assembleOps(parsed, file), format: 'porcupine-log', warnings: [] };
}
