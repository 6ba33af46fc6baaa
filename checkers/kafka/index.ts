// The Kafka anomaly checker for `queue` histories (shapes: ./ops.ts). Stages: ingest the history into columnar
// tables → build per-key logs → detect log, visibility and ordering anomalies → search dependency cycles → explain.
//
// What Kafka's model allows (listed with `allowed: true`, not failing the run):
//   int-send-skip when producers use transactions (transactions do not isolate concurrent writers);
//   any dependency cycle (G0, G1c and their -process / -realtime variants) that some real-time interleaving of its
//     ops' appends, commits and polls satisfies (cycles.ts): a ww edge orders two appends, not two transactions;
//   duplicate unless the producer is idempotent;
//   poll-skip / nonmonotonic-poll across a possible group rebalance when `groupRebalances` (the process did an
//     assign/subscribe op, or another process polled the key, since its previous poll of that key);
//   aborted-read of transactional writes under read_uncommitted isolation;
//   unseen (acknowledged, not consumed by the end): informative only.
// Everything else makes the run invalid.

import type { Op } from '../../core/history/op.ts';
import type { CheckerResult } from '../../core/result.ts';
import { AnomalyCollector } from './collector.ts';
import { resolvePolicy, type CheckContext, type QueueCheckOptions } from './context.ts';
import { reportCycles } from './cycles.ts';
import { buildDependencyGraph } from './graph.ts';
import { ingestQueueHistory, type QueueHistory } from './ingest.ts';
import { reportLogAnomalies } from './log-anomalies.ts';
import { buildKeyLogs, type KeyLogs } from './logs.ts';
import { reportPollOrder, reportSendOrder } from './order.ts';
import { Status } from './tables.ts';
import { reportVisibility } from './visibility.ts';

export type { QueueCheckOptions } from './context.ts';

/** Every class this checker looks for (dependency cycles in each variant). */
export const KAFKA_ANOMALY_CLASSES = [
  'inconsistent-offsets',
  'duplicate',
  'lost-write',
  'unseen',
  'aborted-read',
  'precommitted-read',
  'phantom-read',
  'poll-skip',
  'nonmonotonic-poll',
  'int-poll-skip',
  'int-nonmonotonic-poll',
  'nonmonotonic-send',
  'int-send-skip',
  'int-nonmonotonic-send',
  ...['G0', 'G1c'].flatMap((c) => [c, `${c}-process`, `${c}-realtime`]),
];

function historyStats(history: QueueHistory, logs: KeyLogs) {
  const outcomes = { ok: 0, fail: 0, info: 0 };
  for (let txn = 0; txn < history.txns.count; txn++) {
    const status = history.txns.status.get(txn);
    if (status === Status.ok) outcomes.ok++;
    else if (status === Status.fail) outcomes.fail++;
    else outcomes.info++;
  }
  return {
    ops: history.opCount,
    transactions: outcomes,
    sends: history.writes.length,
    polledRecords: history.reads.length,
    keys: history.keys.count,
    knownOffsets: logs.byKey.reduce((sum, log) => sum + log.offsets.length, 0),
    nemesisOps: history.nemesisOps,
    repeatedSends: history.repeatedSends,
  };
}

/** Runs `stage`, adding its wall time in ms to `stageMs[name]`. */
function timed<T>(stageMs: Record<string, number>, name: string, stage: () => T): T {
  const started = performance.now();
  const result = stage();
  stageMs[name] = Math.round(performance.now() - started);
  return result;
}

export function checkQueue(ops: Op[], opts: QueueCheckOptions = {}): CheckerResult {
  const started = performance.now();
  const stageMs: Record<string, number> = {};
  const history = timed(stageMs, 'ingest', () => ingestQueueHistory(ops));
  const logs = timed(stageMs, 'logs', () => buildKeyLogs(history));
  const ctx: CheckContext = { history, logs, policy: resolvePolicy(opts), anomalies: new AnomalyCollector() };

  const { unseen } = timed(stageMs, 'detect', () => {
    reportLogAnomalies(ctx);
    const summary = reportVisibility(ctx);
    reportPollOrder(ctx);
    reportSendOrder(ctx);
    return summary;
  });
  const graph = timed(stageMs, 'graph', () => buildDependencyGraph(history, logs));
  const cycles = timed(stageMs, 'cycles', () => reportCycles(ctx, graph));

  return ctx.anomalies.result(
    'kafka',
    {
      ...historyStats(history, logs),
      unseen,
      dependencyEdges: graph.edgeFrom.length,
      cycles,
      options: ctx.policy,
      elapsedMs: Math.round(performance.now() - started),
      stageMs,
    },
    KAFKA_ANOMALY_CLASSES,
  );
}
