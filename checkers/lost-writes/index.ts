// Lost-writes checker (set-full semantics over one final read): every value acknowledged `ok` must be read back.
//
// Categories: stable (ok, read), lost (ok, not read although its partition was read), never-read (info/fail, not
// read — fine), duplicated (read at more than one offset; allowed when the client resent it), unexpected (read, never sent), failed-but-read (a send we
// recorded as definitely failed was read: our fail/info mapping was wrong), moved (read at another offset than the
// one acknowledged), unknown (ok, but its partition's final read failed).
import { isClientProcess, type Op } from '../../core/history/op.ts';
import { checkedClasses, type Anomaly, type CheckerResult, type Validity } from '../../core/result.ts';
import { walkPairs } from '../../core/history/pairing.ts';

interface SendRecord {
  value: number;
  partition: number;
  invoke: number;
  complete?: number;
  type: 'ok' | 'fail' | 'info' | 'pending';
  ackOffset?: number;
  invokeTime: number;
  completeTime?: number;
  /** Produce requests the client sent for it, when the completion says. */
  requests?: number;
}

/** The classes the checker looks for once at least one partition was read back. */
export const LOST_WRITES_CLASSES = ['lost', 'duplicated', 'unexpected', 'failed-but-read', 'moved'];

export interface LostWritesPolicy {
  /** Client retries of the (non-idempotent) producer: a retried send may land twice, which Kafka's model allows. */
  retries: number;
}

interface ReadHit {
  partition: number;
  offset: number;
  op: number;
}

const quantiles = (xs: number[]): Record<string, number> | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { min: s[0]!, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: s[s.length - 1]! };
};

const ms = (ns: number): number => Math.round(ns / 1e5) / 10;

/**
 * Why a duplicate of this send may be the client's doing, not Kafka's: the client sent its request more than once
 * (counted on the wire), or it may have retried after the op's outcome was recorded. Kafka's model allows both
 * without idempotence. undefined when the client sent exactly one request: then the duplicate is Kafka's.
 */
function resentBy(s: SendRecord, policy: LostWritesPolicy): string | undefined {
  if (s.requests !== undefined && s.requests > 1)
    return `The client sent it in ${s.requests} Produce requests (a resend, no idempotence): Kafka's model allows the duplicate.`;
  if (s.requests === undefined && policy.retries > 0)
    return `The producer retries (${policy.retries}) and this op's request count is unknown (it did not complete in time): a resend, which Kafka's model allows without idempotence, may explain the duplicate.`;
  return undefined;
}

/** Why acknowledged values could not be checked: no final read was made at all, or some partitions' reads failed. */
function unreadNote(values: number, readsAttempted: number): string {
  return readsAttempted === 0
    ? `no final read was attempted (the run stopped before its final reads): the ${values} acknowledged values could not be checked`
    : `${values} acknowledged values are in partitions whose final read failed`;
}

export function checkLostWrites(ops: Op[], policy: LostWritesPolicy = { retries: 0 }): CheckerResult {
  const sends = new Map<number, SendRecord>();
  const reads = new Map<number, ReadHit[]>();
  const partitionsRead = new Set<number>();
  const partitionsFailed = new Set<number>();
  let finalReadTime: number | undefined;
  let readsAttempted = 0;

  const addRead = (op: Op): void => {
    const v = op.value as { partition: number; records?: Array<[number, number]> };
    if (op.type !== 'ok' || !v.records) {
      partitionsFailed.add(v.partition);
      return;
    }
    partitionsRead.add(v.partition);
    finalReadTime = Math.max(finalReadTime ?? 0, op.time);
    for (const [offset, value] of v.records) {
      const hits = reads.get(value) ?? [];
      hits.push({ partition: v.partition, offset, op: op.index });
      reads.set(value, hits);
    }
  };

  walkPairs<SendRecord | undefined>(
    ops,
    {
      invoke(op) {
        if (op.f === 'read') readsAttempted++;
        if (op.f !== 'send') return undefined;
        const v = op.value as { value: number; partition: number };
        const rec: SendRecord = { value: v.value, partition: v.partition, invoke: op.index, type: 'pending', invokeTime: op.time };
        sends.set(v.value, rec);
        return rec;
      },
      complete(rec, invocation, op) {
        if (invocation.f === 'read') return addRead(op);
        if (!rec) return;
        rec.type = op.type as SendRecord['type'];
        rec.complete = op.index;
        rec.completeTime = op.time;
        rec.requests = op.requests;
        const offset = (op.value as { offset?: number }).offset;
        if (op.type === 'ok' && typeof offset === 'number') rec.ackOffset = offset;
      },
      // A read that never completed tells nothing; a send that never completed stays pending (unknown outcome).
      unfinished: () => undefined,
    },
    { paired: (op) => isClientProcess(op.process) && (op.f === 'send' || op.f === 'read'), lenient: true },
  );

  const anomalies: Anomaly[] = [];
  const stable: number[] = [];
  const lost: SendRecord[] = [];
  const unknown: SendRecord[] = [];
  const neverRead: number[] = [];
  const sendLatencies: number[] = [];
  const lostLatencies: number[] = [];

  for (const s of sends.values()) {
    const hits = reads.get(s.value) ?? [];
    if (s.type === 'ok' && s.completeTime !== undefined) sendLatencies.push(ms(s.completeTime - s.invokeTime));
    if (hits.length > 1) {
      const resent = resentBy(s, policy);
      anomalies.push({
        type: 'duplicated',
        ...(resent ? { allowed: true } : {}),
        explanation: `Value ${s.value} was sent once (op ${s.invoke}) but the final read found it ${hits.length} times, at ${hits.map((h) => `partition ${h.partition} offset ${h.offset}`).join(', ')}.${resent ? ` ${resent}` : ''}`,
        ops: [s.invoke, ...(s.complete !== undefined ? [s.complete] : []), ...new Set(hits.map((h) => h.op))],
        details: { value: s.value, hits },
      });
    }
    if (s.type === 'ok') {
      if (hits.length > 0) {
        stable.push(s.value);
        const moved = hits.find((h) => s.ackOffset !== undefined && (h.partition !== s.partition || h.offset !== s.ackOffset));
        if (moved && !hits.some((h) => h.partition === s.partition && h.offset === s.ackOffset)) {
          anomalies.push({
            type: 'moved',
            explanation: `Value ${s.value} was acknowledged at partition ${s.partition} offset ${s.ackOffset} (op ${s.complete}) but the final read found it at partition ${moved.partition} offset ${moved.offset}: the log was truncated and rewritten after the acknowledgement.`,
            ops: [s.invoke, s.complete!, moved.op],
            details: { value: s.value, partition: s.partition, ackOffset: s.ackOffset, readAt: moved },
          });
        }
      } else if (partitionsRead.has(s.partition)) {
        lost.push(s);
        if (finalReadTime !== undefined && s.completeTime !== undefined) lostLatencies.push(ms(finalReadTime - s.completeTime));
      } else {
        unknown.push(s);
      }
    } else if (s.type === 'fail' && hits.length > 0) {
      anomalies.push({
        type: 'failed-but-read',
        explanation: `Value ${s.value} was recorded as definitely not written (op ${s.complete}: fail) but the final read found it at ${hits.map((h) => `partition ${h.partition} offset ${h.offset}`).join(', ')}. Either the client's error mapping is wrong or the broker reported failure for a write it kept.`,
        ops: [s.invoke, s.complete!, ...new Set(hits.map((h) => h.op))],
        details: { value: s.value, hits },
      });
    } else if (hits.length === 0) {
      neverRead.push(s.value);
    }
  }

  for (const s of lost) {
    anomalies.push({
      type: 'lost',
      explanation: `Value ${s.value} was acknowledged (op ${s.complete}, partition ${s.partition}${s.ackOffset !== undefined ? ` offset ${s.ackOffset}` : ''}) but the final read of partition ${s.partition} from offset 0 to its end did not contain it.`,
      ops: [s.invoke, s.complete!],
      details: { value: s.value, partition: s.partition, ackOffset: s.ackOffset },
    });
  }
  for (const [value, hits] of reads) {
    if (!sends.has(value)) {
      anomalies.push({
        type: 'unexpected',
        explanation: `The final read found value ${value} at ${hits.map((h) => `partition ${h.partition} offset ${h.offset}`).join(', ')}, but no process ever sent it.`,
        ops: [...new Set(hits.map((h) => h.op))],
        details: { value, hits },
      });
    }
  }

  const okCount = [...sends.values()].filter((s) => s.type === 'ok').length;
  let valid: Validity = anomalies.some((a) => !a.allowed) ? false : true;
  if (valid === true && (partitionsRead.size === 0 || unknown.length > 0 || okCount === 0)) valid = 'unknown';

  return {
    checker: 'lost-writes',
    valid,
    anomalies,
    stats: {
      sent: sends.size,
      acknowledged: okCount,
      failed: [...sends.values()].filter((s) => s.type === 'fail').length,
      indeterminate: [...sends.values()].filter((s) => s.type === 'info' || s.type === 'pending').length,
      stable: stable.length,
      lost: lost.length,
      lostValues: lost.map((s) => s.value).slice(0, 1000),
      neverRead: neverRead.length,
      duplicated: anomalies.filter((a) => a.type === 'duplicated').length,
      unexpected: anomalies.filter((a) => a.type === 'unexpected').length,
      failedButRead: anomalies.filter((a) => a.type === 'failed-but-read').length,
      moved: anomalies.filter((a) => a.type === 'moved').length,
      unknown: unknown.length,
      partitionsRead: [...partitionsRead].sort((a, b) => a - b),
      partitionsUnread: [...partitionsFailed].filter((p) => !partitionsRead.has(p)).sort((a, b) => a - b),
      sendLatencyMs: quantiles(sendLatencies),
      lostLatencyMs: quantiles(lostLatencies),
      ...(okCount === 0 ? { note: 'no send was acknowledged: the test says nothing about durability' } : {}),
      ...(unknown.length > 0 ? { note: unreadNote(unknown.length, readsAttempted) } : {}),
    },
    checked: partitionsRead.size > 0 ? checkedClasses(LOST_WRITES_CLASSES, anomalies) : checkedClasses([], anomalies),
  };
}
