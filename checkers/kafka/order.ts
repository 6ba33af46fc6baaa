// Stage 3c: ordering within a partition — consumers must read forward without gaps (poll-skip, nonmonotonic-poll and
// their int- variants inside one op); a process's sends to a key must get increasing offsets (nonmonotonic-send,
// int-nonmonotonic-send, int-send-skip). Gaps and steps are measured in log positions, i.e. known offsets only.

import type { CheckContext } from './context.ts';
import { count, labelled } from './explain.ts';
import { positionOf, type KeyLog } from './logs.ts';
import { RUN_AFTER_REASSIGNMENT, RUN_AFTER_REBALANCE, Status } from './tables.ts';

/** One end of a step: the op, and the record as that op saw it (an offset may hold another value in the log). */
interface StepEnd {
  txn: number;
  offset: number;
  value: number;
  /** Position of the offset in the key's log. */
  position: number;
}

/** Two records one process met in a row on one key: polled (read rows) or sent (write rows). */
interface Step {
  keyId: number;
  from: StepEnd;
  to: StepEnd;
}

/** The records strictly between the step's ends, for explanations. */
function skippedRecords(log: KeyLog, step: Step) {
  const positions = [];
  for (let p = step.from.position + 1; p < step.to.position && positions.length < 10; p++) positions.push(p);
  return {
    count: Math.max(0, step.to.position - step.from.position - 1),
    offsets: positions.map((p) => log.offsets[p] as number),
    values: positions.map((p) => log.values[p] as number),
  };
}

function describeEnd(ctx: CheckContext, end: StepEnd) {
  return { op: ctx.history.txns.refIndex(end.txn), offset: end.offset, value: end.value };
}

/** `rebalanceFlags`: the later run's RUN_AFTER_* flags for a step between two runs (what may explain a move), 0 within a run. */
function reportPollStep(ctx: CheckContext, step: Step, internal: boolean, rebalanceFlags: number): void {
  const advance = step.to.position - step.from.position;
  if (advance === 1) return;
  const skip = advance > 1;
  const type = `${internal ? 'int-' : ''}${skip ? 'poll-skip' : 'nonmonotonic-poll'}`;
  // A rebalance the consumer reported is evidence whatever the policy says; the other signs only suggest one.
  const allowed = (rebalanceFlags & RUN_AFTER_REASSIGNMENT) !== 0 || (ctx.policy.groupRebalances && (rebalanceFlags & RUN_AFTER_REBALANCE) !== 0);
  ctx.anomalies.add(type, allowed, () => {
    const { history } = ctx;
    const log = ctx.logs.byKey[step.keyId] as KeyLog;
    const key = history.keys.keyOf(step.keyId);
    const process = history.txns.process.get(step.to.txn);
    const from = describeEnd(ctx, step.from);
    const to = describeEnd(ctx, step.to);
    const skipped = skippedRecords(log, step);
    const route = internal
      ? `Within op ${to.op}, process ${process}'s reading of key ${key} went from offset ${from.offset} (value ${from.value}) to offset ${to.offset} (value ${to.value})`
      : `Process ${process} polled key ${key} up to offset ${from.offset} (value ${from.value}) in op ${from.op}; its next poll of that key, op ${to.op}, began at offset ${to.offset} (value ${to.value})`;
    const what = skip
      ? `, skipping ${count(skipped.count, 'record')} known at ${labelled('offset', skipped.offsets)} (${labelled('value', skipped.values)}). A consumer must not jump over records of a partition it reads.`
      : ', at or before a record it had already read. Consecutive reads of a partition must move forward.';
    const verdict = !allowed
      ? ''
      : (rebalanceFlags & RUN_AFTER_REASSIGNMENT) !== 0
        ? " Between the two polls the process's consumer reported that a group rebalance gave it this key again, which restarts its position at the group's committed offset; allowed with group rebalances."
        : ' Between the two polls the process did an assign/subscribe op or another process polled this key, so a consumer group rebalance explains the move; allowed with group rebalances.';
    return {
      explanation: route + what + verdict,
      ops: [from.op, to.op],
      details: { key, process, from, to, ...(skip ? { skipped } : {}) },
    };
  });
}

/** Follows each process's poll runs per key (runs link to the same process's previous run on the key). */
export function reportPollOrder(ctx: CheckContext): void {
  const { runs, reads } = ctx.history;
  const readOffset = reads.offset.view();
  const readValue = reads.value.view();
  const readEnd = (log: KeyLog, row: number, txn: number): StepEnd => {
    const offset = readOffset[row] as number;
    return { txn, offset, value: readValue[row] as number, position: positionOf(log, offset) };
  };
  for (let run = 0; run < runs.length; run++) {
    const keyId = runs.key.get(run);
    const log = ctx.logs.byKey[keyId] as KeyLog;
    const txn = runs.txn.get(run);
    const firstRead = runs.firstRead.get(run);
    let current = readEnd(log, firstRead, txn);
    const previous = runs.previous.get(run);
    if (previous >= 0) {
      const lastOfPrevious = readEnd(log, runs.firstRead.get(previous) + runs.readCount.get(previous) - 1, runs.txn.get(previous));
      reportPollStep(ctx, { keyId, from: lastOfPrevious, to: current }, lastOfPrevious.txn === txn, runs.flags.get(run));
    }
    const end = firstRead + runs.readCount.get(run);
    for (let row = firstRead + 1; row < end; row++) {
      const next = readEnd(log, row, txn);
      reportPollStep(ctx, { keyId, from: current, to: next }, true, 0);
      current = next;
    }
  }
}

function reportSendStep(ctx: CheckContext, step: Step): void {
  const internal = step.from.txn === step.to.txn;
  const advance = step.to.position - step.from.position;
  if (advance === 1 || (advance > 1 && !internal)) return;
  const skip = advance > 1;
  const type = skip ? 'int-send-skip' : internal ? 'int-nonmonotonic-send' : 'nonmonotonic-send';
  const allowed = skip && ctx.policy.txn;
  ctx.anomalies.add(type, allowed, () => {
    const { history } = ctx;
    const log = ctx.logs.byKey[step.keyId] as KeyLog;
    const key = history.keys.keyOf(step.keyId);
    const process = history.txns.process.get(step.to.txn);
    const from = describeEnd(ctx, step.from);
    const to = describeEnd(ctx, step.to);
    const skipped = skippedRecords(log, step);
    const route = internal
      ? `Within op ${to.op} (process ${process}), consecutive sends to key ${key} landed at offset ${from.offset} (value ${from.value}) and then offset ${to.offset} (value ${to.value})`
      : `Process ${process} sent value ${from.value} to key ${key} in op ${from.op} and got offset ${from.offset}; its next send to that key, value ${to.value} in op ${to.op}, got offset ${to.offset}`;
    const what = skip
      ? `, with ${count(skipped.count, 'other record')} in between (${labelled('offset', skipped.offsets)}: ${labelled('value', skipped.values)}).`
      : ", not after the earlier one. A producer's successive sends to a partition must be appended in order.";
    const verdict = !skip
      ? ''
      : allowed
        ? ' Kafka transactions do not isolate concurrent producers, whose records may interleave, so this is allowed.'
        : ' This run is not transactional, so nothing should separate the records of one op.';
    return {
      explanation: route + what + verdict,
      ops: [from.op, to.op],
      details: { key, process, from, to, ...(skip ? { skipped } : {}) },
    };
  });
}

/** Follows each process's acknowledged sends per key, in completion order. */
export function reportSendOrder(ctx: CheckContext): void {
  const { writes, txns } = ctx.history;
  const lastSend = new Map<number, Map<number, number>>();
  const sendEnd = (log: KeyLog, row: number): StepEnd => {
    const offset = writes.offset.get(row);
    return { txn: writes.txn.get(row), offset, value: writes.value.get(row), position: positionOf(log, offset) };
  };
  for (let row = 0; row < writes.length; row++) {
    const txn = writes.txn.get(row);
    if (Number.isNaN(writes.offset.get(row)) || txns.status.get(txn) !== Status.ok) continue;
    const keyId = writes.key.get(row);
    const process = txns.process.get(txn);
    let byKey = lastSend.get(process);
    if (!byKey) lastSend.set(process, (byKey = new Map()));
    const previous = byKey.get(keyId);
    byKey.set(keyId, row);
    if (previous === undefined) continue;
    const log = ctx.logs.byKey[keyId] as KeyLog;
    reportSendStep(ctx, { keyId, from: sendEnd(log, previous), to: sendEnd(log, row) });
  }
}
