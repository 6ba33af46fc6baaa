// What renderReport needs: the run's identity, its spec, the checkers' results and the history.

import type { RunResults } from '../../core/result.ts';
import type { Op } from '../../core/history/op.ts';
import type { BrokerEvent } from '../../core/events.ts';

export interface ReportInput {
  /** Test name, shown as the page heading. */
  title: string;
  /** The run's spec (workload, nemeses, nodes, seed ...), shown as key fields and in full. */
  spec: Record<string, unknown>;
  results: RunResults;
  /** The full history, in index order. */
  ops: Op[];
  /** Wall-clock start, e.g. an ISO-8601 timestamp; shown as given. */
  startedAt?: string;
  durationMs?: number;
  /** Node log files, as paths relative to the run directory (linked) or absolute (shown as text). */
  nodeLogs?: string[];
  /** The brokers' events (events.jsonl), on the history's clock. */
  events?: readonly BrokerEvent[];
}
