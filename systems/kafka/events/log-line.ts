// One line of a broker's log4j log, as faultline's logging configs write it for 3.x (reload4j) and 4.x (log4j2) alike:
//   [2026-12-02 01:19:45,584] INFO [UnifiedLog partition=faultline-lost-writes-2, dir=/var/lib/kafka/data] Truncating to offset 264 (org.apache.kafka.storage.internals.log.UnifiedLog)
// The timestamp is the node's wall clock in UTC (the node image sets no time zone), to the millisecond. Continuation
// lines (config dumps, stack traces) have no timestamp and are skipped.

export interface LogLine {
  /** ms since the epoch, by the node's (possibly skewed) clock. */
  logMs: number;
  /** The timestamp as written. */
  logTime: string;
  level: string;
  /** The message without the trailing logger name. */
  message: string;
  /** 1-based line number in its file. */
  line: number;
}

const LINE = /^\[(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) (.*)$/;
const LOGGER = / \([\w.$-]+\)$/;

export function parseLogLine(text: string, line: number): LogLine | undefined {
  const m = LINE.exec(text);
  if (!m) return undefined;
  const logMs = Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`);
  if (!Number.isFinite(logMs)) return undefined;
  return { logMs, logTime: `${m[1]} ${m[2]},${m[3]}`, level: m[4]!, message: m[5]!.replace(LOGGER, ''), line };
}

/** "faultline-lost-writes-2" → topic and partition (the partition is the part after the last dash). */
export function splitTopicPartition(name: string): { topic: string; partition: number } | undefined {
  const m = /^(.+)-(\d+)$/.exec(name);
  return m ? { topic: m[1]!, partition: Number(m[2]) } : undefined;
}

/** "[1, 2, 3]", "[1,2,3]", "1,2,3" or "[]" → broker ids. */
export function parseIdList(text: string): number[] {
  return text
    .replace(/[[\]\s]/g, '')
    .split(',')
    .filter((s) => s !== '')
    .map(Number)
    .filter((n) => Number.isInteger(n));
}

/** `name=12` inside a record's toString (e.g. PartitionRegistration(…, leaderEpoch=0, …)). */
export function intField(text: string, name: string): number | undefined {
  const m = new RegExp(`\\b${name}=(-?\\d+)`).exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `name=[1, 2]` inside a record's toString. */
export function listField(text: string, name: string): number[] | undefined {
  const m = new RegExp(`\\b${name}=\\[([^\\]]*)\\]`).exec(text);
  return m ? parseIdList(m[1]!) : undefined;
}
