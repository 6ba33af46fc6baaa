// The faults of a history as the causal attribution sees them: every nemesis op that took effect, what it does to
// the nodes it targets (takes a node down, loses its unsynced writes, cuts its network, skews its clock, brings it
// back …), and how long it lasts (a `start` until the next `stop` of its family).
import type { FaultRole, FaultRoleName } from '../../core/result.ts';
import type { NemesisValue, Op } from '../../core/history/op.ts';
import { historyEnd, pairOps } from '../../core/history/pairing.ts';

export type FaultEffect =
  /** The node stops serving: its leadership moves once the controller fences it. */
  | 'node-down'
  /** As node-down, and writes it had not fsynced are gone. */
  | 'data-loss'
  /** Links between nodes (or to clients) are cut, slowed or lossy. */
  | 'network'
  | 'clock'
  | 'disk'
  /** Undoes node-down / data-loss: the node runs again. */
  | 'node-up'
  /** Undoes network, clock or disk faults. */
  | 'heal'
  /** The nemesis only looked (waited for a new leader, read clock offsets). */
  | 'observation'
  | 'other';

export interface Fault {
  family: string;
  action: string;
  phase: NemesisValue['phase'];
  targets: string[];
  detail: Record<string, unknown>;
  effect: FaultEffect;
  /** History indices of its invocation and completion. */
  invokeIndex: number;
  completeIndex?: number;
  /** ns: invoked, and took effect (completed; the invocation time when it never completed). */
  invoked: number;
  applied: number;
  /** ns: when it stopped acting — the completion of its family's next stop for a start, its own completion otherwise. */
  until: number;
}

const DOWN: Record<string, string> = { kill: 'killed', stop: 'stopped', pause: 'paused', 'crash-leader': 'killed', 'pause-coordinator': 'paused' };
const LOSS = new Set(['power-loss', 'leader-loses-power', 'lose-unsynced', 'corrupt']);
const NETWORK_FAMILIES = new Set(['partition', 'packet', 'controller-isolate']);
const NETWORK_ACTIONS = new Set(['cut-replication', 'isolate-leader', 'isolate-controller']);
const UP_ACTIONS = new Set(['restart', 'restart-all', 'start', 'start-all', 'resume', 'resume-all', 'restart-exited']);

export function effectOf(family: string, action: string, phase: NemesisValue['phase']): FaultEffect {
  if (action.startsWith('await-') || action === 'check-offsets') return 'observation';
  if (LOSS.has(action) || (family === 'power-loss' && phase === 'start')) return 'data-loss';
  if (DOWN[action] && phase !== 'stop') return 'node-down';
  if (UP_ACTIONS.has(action)) return 'node-up';
  if (action === 'heal' && phase === 'stop' && !NETWORK_FAMILIES.has(family) && family !== 'clock' && family !== 'disk') return 'node-up';
  if (phase === 'stop' || action === 'heal-followers' || action === 'reset') return 'heal';
  if (NETWORK_FAMILIES.has(family) || NETWORK_ACTIONS.has(action)) return 'network';
  if (family === 'clock') return 'clock';
  if (family === 'disk') return 'disk';
  return 'other';
}

/** How a sentence says what the fault did to a node: "was killed", "lost power". */
export function verbOf(fault: Fault): string {
  if (fault.effect === 'data-loss')
    return fault.action === 'corrupt' ? 'had a log segment corrupted' : 'lost power (writes it had not fsynced were rolled back)';
  return `was ${DOWN[fault.action] ?? fault.action}`;
}

const isNemesisValue = (v: unknown): v is NemesisValue =>
  typeof v === 'object' && v !== null && typeof (v as NemesisValue).family === 'string' && typeof (v as NemesisValue).action === 'string';

/** Every nemesis op pair that may have taken effect (not `fail`), in invocation order. */
export function faultsOf(ops: readonly Op[]): Fault[] {
  const end = historyEnd(ops);
  const faults: Fault[] = [];
  for (const pair of pairOps(ops, { lenient: true, paired: (op) => op.process === 'nemesis' })) {
    if (pair.type === 'fail') continue;
    const value = isNemesisValue(pair.completion?.value) ? pair.completion!.value : isNemesisValue(pair.invoke.value) ? pair.invoke.value : undefined;
    if (!value) continue;
    const applied = pair.completion ? pair.completion.time : pair.start;
    faults.push({
      family: value.family,
      action: value.action,
      phase: value.phase,
      targets: Array.isArray(value.targets) ? value.targets.map(String) : [],
      detail: typeof value.detail === 'object' && value.detail !== null ? (value.detail as Record<string, unknown>) : {},
      effect: effectOf(value.family, value.action, value.phase),
      invokeIndex: pair.invoke.index,
      ...(pair.completion ? { completeIndex: pair.completion.index } : {}),
      invoked: pair.start,
      applied,
      until: value.phase === 'start' ? end : applied,
    });
  }
  // A start lasts until its family's next stop completes (as the report shades it).
  for (const [i, fault] of faults.entries()) {
    if (fault.phase !== 'start') continue;
    const stop = faults.slice(i + 1).find((f) => f.family === fault.family && f.phase === 'stop' && f.applied >= fault.applied);
    if (stop) fault.until = stop.applied;
  }
  return faults;
}

/** The faults acting at some moment of [from, to] (ns), observations left out. */
export function faultsOverlapping(faults: readonly Fault[], from: number, to: number): Fault[] {
  return faults.filter((f) => f.effect !== 'observation' && f.invoked <= to && f.until >= from);
}

/** A short name for a fault: "leader-crash-window crash-leader n3" or "kill n2". */
export function faultName(fault: Fault): string {
  const action = fault.action === fault.family ? fault.family : `${fault.family} ${fault.action}`;
  return [action, fault.targets.join(',')].filter(Boolean).join(' ');
}

/** An anomaly's fault with its role and the sentence that says what it did (FaultRole in results.json). */
export const faultRole = (fault: Fault, role: FaultRoleName, text: string): FaultRole => ({
  role,
  text,
  family: fault.family,
  action: fault.action,
  targets: fault.targets,
  invokeIndex: fault.invokeIndex,
  ...(fault.completeIndex !== undefined ? { completeIndex: fault.completeIndex } : {}),
  invoked: fault.invoked,
  applied: fault.applied,
  until: fault.until,
});
