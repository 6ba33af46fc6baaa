// Broker events of a run from its collected node logs (nodes/<node>/server.log, rotated files oldest first): each
// line is placed on the history's clock (clock faults corrected, see core/log-clock.ts), read by the matchers of this
// folder (one concept each, 3.9 and 4.x lines side by side), and the observations of all nodes are assembled.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrokerEvent, EventOrigin } from '../../../core/events.ts';
import type { Op } from '../../../core/history/op.ts';
import { clockRegimes, NodeLogClock } from '../../../core/log-clock.ts';
import { assembleEvents } from './assemble.ts';
import { matchController } from './controller.ts';
import { matchElections } from './elections.ts';
import { matchIsr } from './isr.ts';
import { matchLeadership } from './leadership.ts';
import { matchLifecycle } from './lifecycle.ts';
import { parseLogLine } from './log-line.ts';
import { NodeLog, type Matcher, type Observation } from './node-log.ts';
import { matchPartitionState } from './partition-state.ts';
import { matchRecovery } from './recovery.ts';
import { matchRegistration } from './registration.ts';
import { matchTruncation } from './truncation.ts';
import { matchTxnMarkers } from './txn-markers.ts';

const MATCHERS: readonly Matcher[] = [
  matchLifecycle,
  matchPartitionState,
  matchLeadership,
  matchIsr,
  matchElections,
  matchTruncation,
  matchRecovery,
  matchRegistration,
  matchController,
  matchTxnMarkers,
];
const MAX_TEXT = 400;
const LOG_FILE = /^server\.log(?:\.(\d+))?$/;

/** A node's broker logs, oldest first (log4j rolls server.log to server.log.1, .2, … with .1 the newest backup). */
export function brokerLogFiles(nodeDir: string): string[] {
  if (!existsSync(nodeDir)) return [];
  return readdirSync(nodeDir)
    .map((name) => ({ name, m: LOG_FILE.exec(name) }))
    .filter((f) => f.m !== null)
    .sort((a, b) => Number(b.m![1] ?? 0) - Number(a.m![1] ?? 0))
    .map((f) => f.name);
}

export interface NodeLogSource {
  node: string;
  /** File path as the events name it (relative to the run directory), and its text. */
  files: Array<{ path: string; text: string }>;
}

/** Observations of one node's log files, in file order, with every line placed on the history's clock. */
export function observeNode(source: NodeLogSource, clock: NodeLogClock): Observation[] {
  const out: Observation[] = [];
  const log = new NodeLog(source.node);
  for (const file of source.files) {
    const lines = file.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const parsed = parseLogLine(lines[i]!, i + 1);
      if (!parsed) continue;
      const placed = clock.place(parsed.logMs);
      const origin: EventOrigin = {
        time: placed.time,
        node: source.node,
        logTime: parsed.logTime,
        ...(placed.offsetMs !== 0 ? { clockOffsetMs: placed.offsetMs } : {}),
        file: file.path,
        line: parsed.line,
        text: parsed.message.length > MAX_TEXT ? `${parsed.message.slice(0, MAX_TEXT)}…` : parsed.message,
      };
      for (const match of MATCHERS) {
        const found = match(parsed, origin, log);
        if (found) out.push(...found);
      }
    }
  }
  return out;
}

/**
 * Every node's events. `historyStartMs` is the wall clock (ms since the epoch) at history time 0; `ops` gives the clock
 * faults to correct for.
 */
export function kafkaEventsFromSources(sources: readonly NodeLogSource[], ops: readonly Op[], historyStartMs: number): BrokerEvent[] {
  const regimes = clockRegimes(ops);
  const observations = sources.flatMap((s) => observeNode(s, new NodeLogClock(historyStartMs, regimes.get(s.node))));
  return assembleEvents(observations);
}

/** The events of a run directory's nodes/ folder (one sub-folder per node). */
export function kafkaEventsFromRunDir(runDir: string, ops: readonly Op[], historyStartMs: number): BrokerEvent[] {
  const nodesDir = join(runDir, 'nodes');
  if (!existsSync(nodesDir)) return [];
  const sources: NodeLogSource[] = readdirSync(nodesDir)
    .filter((node) => statSync(join(nodesDir, node)).isDirectory())
    .sort()
    .map((node) => ({
      node,
      files: brokerLogFiles(join(nodesDir, node)).map((name) => ({ path: `nodes/${node}/${name}`, text: readFileSync(join(nodesDir, node, name), 'utf8') })),
    }));
  return kafkaEventsFromSources(sources, ops, historyStartMs);
}
