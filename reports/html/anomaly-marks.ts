// Where each anomaly happened on the run's time axis, for the markers drawn on the timeline: at the completion of the
// first op it names (a lost write at its ack, a duplicate at the send that wrote it again ...), linked to its entry
// in the anomalies section. The named ops' invocations are kept exactly in the latency chart, however it is sampled.

import { countAnomaliesByType } from './anomaly-counts.ts';
import { anomalyGroupId, anomalyId, type NamedChecker } from './checker-order.ts';
import type { HistoryIndex } from './op-table.ts';

/** Anomalies drawn in detail per type (the anomalies section shows this many; the others link to their group). */
export const MAX_ANOMALIES_PER_TYPE = 25;
/** Markers beyond this many are not drawn (the count is said in the timeline's note). */
export const MAX_ANOMALY_MARKS = 10_000;

export interface AnomalyMark {
  checker: string;
  type: string;
  /** Seconds since the history started. */
  t: number;
  /** History index of the op it is placed at, and of that op's invocation (its point in the latency chart). */
  op: number;
  invoke: number;
  /** The first words of its explanation. */
  text: string;
  /** Link to its entry (or its group, for one not drawn in detail). */
  href: string;
  allowed: boolean;
}

const SHORT_TEXT_CHARS = 160;

/** The index of an op's invocation: its own when it is one, else its partner's (itself when it has none). */
const invocationOf = (index: number, type: string, history: HistoryIndex): number => (type === 'invoke' ? index : (history.partner(index) ?? index));

/** The op a marker sits at and its time: the first named op that is in the history, at its completion. */
function placeOf(ops: readonly number[], history: HistoryIndex): { op: number; invoke: number; time: number } | undefined {
  for (const index of ops) {
    const op = history.op(index);
    if (!op) continue;
    const partner = history.partner(index);
    const other = partner === undefined ? undefined : history.op(partner);
    return { op: index, invoke: invocationOf(index, op.type, history), time: Math.max(op.time, other?.time ?? 0) };
  }
  return undefined;
}

export function anomalyMarks(checkers: readonly NamedChecker[], history: HistoryIndex): AnomalyMark[] {
  const marks: AnomalyMark[] = [];
  for (const checker of checkers) {
    countAnomaliesByType(checker.result.anomalies).forEach((count, typePosition) => {
      checker.result.anomalies
        .filter((a) => a.type === count.type)
        .forEach((anomaly, i) => {
          const place = placeOf(anomaly.ops, history);
          if (!place || marks.length >= MAX_ANOMALY_MARKS) return;
          const text = anomaly.explanation.length > SHORT_TEXT_CHARS ? `${anomaly.explanation.slice(0, SHORT_TEXT_CHARS - 1)}…` : anomaly.explanation;
          const anchor = i < MAX_ANOMALIES_PER_TYPE ? anomalyId(checker.position, typePosition, i) : anomalyGroupId(checker.position, typePosition);
          marks.push({
            checker: checker.name,
            type: anomaly.type,
            t: place.time / 1e9,
            op: place.op,
            invoke: place.invoke,
            text,
            href: `#${anchor}`,
            allowed: anomaly.allowed === true,
          });
        });
    });
  }
  return marks;
}

/** Invocation indices of every op the anomalies name, so the latency sample keeps them all. */
export function anomalyInvocations(checkers: readonly NamedChecker[], history: HistoryIndex): Set<number> {
  const keep = new Set<number>();
  for (const checker of checkers) {
    for (const anomaly of checker.result.anomalies) {
      for (const index of anomaly.ops) {
        const op = history.op(index);
        if (op) keep.add(invocationOf(index, op.type, history));
      }
    }
  }
  return keep;
}
