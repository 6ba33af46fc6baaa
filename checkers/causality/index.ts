// Causal attribution: for every anomaly the checkers listed, the faults that overlap the life of its ops and the time
// until it could be observed, each with its role, and the broker facts that show how (from the brokers' events when
// the run has them, the monitor's rounds, the history alone otherwise). A pure function of the history and the events;
// it adds `attribution` to each anomaly and its summary to the explanation.
import type { BrokerEvent } from '../../core/events.ts';
import type { Op } from '../../core/history/op.ts';
import type { Anomaly, Attribution, CheckerResult } from '../../core/result.ts';
import { CausalContext } from './context.ts';
import { attributeGeneric } from './generic.ts';
import { attributeLostWrite, type AcknowledgedWrite } from './lost-write.ts';
import { at } from './wording.ts';

export { CausalContext } from './context.ts';
export { PartitionHistory, type MonitorSample } from './partition-history.ts';
export { faultsOf, type Fault } from './faults.ts';

/** Anomaly classes that are an acknowledged write missing from (or moved within) its partition's log. */
const LOST_WRITE_TYPES = new Set(['lost', 'moved', 'lost-write']);

/** The acknowledged write an anomaly is about, when it is one (lost-writes' lost/moved, the kafka checker's lost-write). */
function acknowledgedWrite(anomaly: Anomaly, ctx: CausalContext): AcknowledgedWrite | undefined {
  if (!LOST_WRITE_TYPES.has(anomaly.type)) return undefined;
  const d = anomaly.details ?? {};
  const partition = typeof d.partition === 'number' ? d.partition : typeof d.key === 'number' ? d.key : undefined;
  if (partition === undefined) return undefined;
  const writerIndex = typeof d.writer === 'number' ? d.writer : anomaly.ops[0];
  if (writerIndex === undefined) return undefined;
  const first = ctx.op(writerIndex);
  const second = ctx.partner(writerIndex);
  if (!first) return undefined;
  const [invoke, ack] = first.type === 'invoke' ? [first, second] : [second, first];
  if (!invoke || !ack || ack.type !== 'ok') return undefined;
  const offset = typeof d.ackOffset === 'number' ? d.ackOffset : typeof d.offset === 'number' ? d.offset : undefined;
  const finalRead = ctx.finalRead(partition);
  const observer = typeof d.maxPolledBy === 'number' ? (ctx.partner(d.maxPolledBy) ?? ctx.op(d.maxPolledBy)) : undefined;
  const observedAt =
    finalRead && finalRead.time > ack.time
      ? finalRead.time
      : observer && observer.time > ack.time
        ? observer.time
        : Math.max(...anomaly.ops.map((i) => ctx.op(i)?.time ?? ack.time));
  const observedBy =
    finalRead && finalRead.time > ack.time
      ? `the final read of partition ${partition} (op ${finalRead.index}, ${at(finalRead.time)})`
      : observer
        ? `op ${observer.index} read past it (${at(observer.time)})`
        : `${at(observedAt)}`;
  return {
    ...(typeof d.value === 'number' ? { value: d.value } : {}),
    partition,
    ...(typeof d.topic === 'string' ? { topic: d.topic } : {}),
    ...(offset !== undefined ? { offset } : {}),
    invoke,
    ack,
    observedAt,
    observedBy,
  };
}

/** The attribution of one anomaly. */
export function attributeAnomaly(anomaly: Anomaly, ctx: CausalContext): Attribution {
  const write = acknowledgedWrite(anomaly, ctx);
  return write ? attributeLostWrite(write, ctx) : attributeGeneric(anomaly, ctx);
}

/** Adds an attribution to every listed anomaly of every result (in place) and returns the results. */
export function attributeAnomalies(results: CheckerResult[], ops: readonly Op[], events: readonly BrokerEvent[]): CheckerResult[] {
  if (!results.some((r) => r.anomalies.length > 0)) return results;
  const ctx = new CausalContext(ops, events);
  for (const result of results) {
    for (const anomaly of result.anomalies) {
      anomaly.attribution = attributeAnomaly(anomaly, ctx);
      anomaly.explanation = `${anomaly.explanation} ${LOST_WRITE_TYPES.has(anomaly.type) ? 'Cause' : 'Faults'}: ${anomaly.attribution.summary}`;
    }
  }
  return results;
}
