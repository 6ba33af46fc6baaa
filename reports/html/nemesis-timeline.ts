// Turns the nemesis ops of a history into fault intervals (shaded in charts) and instant fault events (rules).

import type { NemesisValue, Op } from '../../core/history/op.ts';
import { historyEnd, pairOps, type OpPair } from '../../core/history/pairing.ts';

export interface FaultInterval {
  family: string;
  /** What started it, e.g. "isolate n1,n2". */
  label: string;
  /** Nodes it hit. */
  targets: string[];
  /** ns since test start. */
  start: number;
  end: number;
  /** True when no `stop` closed it: it extends to the end of the history. */
  openAtEnd: boolean;
}

export interface FaultInstant {
  family: string;
  label: string;
  targets: string[];
  time: number;
}

export interface NemesisTimeline {
  intervals: FaultInterval[];
  instants: FaultInstant[];
}

const PHASES = new Set(['start', 'stop', 'instant']);

export function isNemesisValue(v: unknown): v is NemesisValue {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.family === 'string' && typeof r.action === 'string' && PHASES.has(r.phase as string) && Array.isArray(r.targets);
}

/** The fault a nemesis op pair describes; a value without the NemesisValue shape is read as an instant event named by f. */
function faultOf(invoke: Op, completion: Op | undefined): NemesisValue {
  if (isNemesisValue(completion?.value)) return completion.value;
  if (isNemesisValue(invoke.value)) return invoke.value;
  return { family: 'nemesis', action: invoke.f, phase: 'instant', targets: [] };
}

const labelOf = (fault: NemesisValue): string => [fault.action, fault.targets.join(',')].filter(Boolean).join(' ');

/**
 * A fault takes effect at its completion time. Deliberate choices: a nemesis op that completed `fail` definitely did
 * not happen and is skipped; one that never completed is placed at its invocation time (it may have taken effect from
 * then on, and placing it at the end of the history would hide it). `stop` closes every open interval of its family;
 * a `stop` with nothing open is ignored; an interval still open at the end extends to the end of the history.
 */
/** `pairs` may be passed when the caller already paired the history. */
export function buildNemesisTimeline(ops: readonly Op[], pairs: readonly OpPair[] = pairOps(ops, { lenient: true })): NemesisTimeline {
  const end = historyEnd(ops);
  const intervals: FaultInterval[] = [];
  const instants: FaultInstant[] = [];
  const open = new Map<string, FaultInterval[]>();

  const effects = pairs
    .filter((p) => p.process === 'nemesis' && p.type !== 'fail')
    .map((p) => ({ time: p.completion ? p.completion.time : p.start, fault: faultOf(p.invoke, p.completion) }))
    .sort((a, b) => a.time - b.time);

  for (const { time, fault } of effects) {
    if (fault.phase === 'instant') {
      instants.push({ family: fault.family, label: labelOf(fault), targets: fault.targets, time });
    } else if (fault.phase === 'start') {
      const interval: FaultInterval = { family: fault.family, label: labelOf(fault), targets: fault.targets, start: time, end, openAtEnd: true };
      intervals.push(interval);
      open.set(fault.family, [...(open.get(fault.family) ?? []), interval]);
    } else {
      for (const interval of open.get(fault.family) ?? []) {
        interval.end = time;
        interval.openAtEnd = false;
      }
      open.delete(fault.family);
    }
  }
  return { intervals, instants };
}
