// Places a node's log timestamps on the history's clock. A log line's timestamp is the node's wall clock, which the
// clock nemesis may have moved (libfaketime): real time = log time − the offset applied at that moment. The offsets
// come from the history's clock ops (what each change set; observed offsets where nothing was set), each valid from the
// change's invocation until the next change completed, plus a little slack (libfaketime re-reads its offset file about
// once a second). Where two offsets are both possible (a line logged while a change was being applied, a strobe), the
// node's own log order decides: a log is written in real-time order, so the offset that keeps real time moving forward
// from the previous line wins.
import type { NemesisValue, Op } from './history/op.ts';
import { pairOps } from './history/pairing.ts';

/** One offset a node's clock may have had, and the history interval (ns) it may have had it in. */
export interface OffsetRegime {
  offsetsMs: number[];
  validFrom: number;
  validTo: number;
}

const S = 1e9;
/** How far outside its interval an offset may still show in the log (libfaketime caches the offset ~1 s). */
const SLACK_NS = 1.5 * S;
/** Lines from different threads may reach the log a little out of order. */
const REORDER_NS = 0.25 * S;

interface OffsetChange {
  from: number;
  at: number;
  offsetsMs: number[];
  /** A strobe alternates between offsets for a while, then stays at the last one. */
  strobeUntil?: number;
  settlesAtMs?: number;
}

const numeric = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * What one clock op did to each node's offset. What a change set is what the broker's libfaketime applies; an observed
 * offset is a measurement through `docker exec` (off by up to a few hundred ms), so it is used only for a node the op
 * set nothing for, and only when it contradicts the offset believed by more than a second (a change the history did
 * not record).
 */
function changesOf(value: NemesisValue, from: number, at: number, believed: (node: string) => number): Map<string, OffsetChange> {
  const detail = (value.detail ?? {}) as Record<string, unknown>;
  const out = new Map<string, OffsetChange>();
  if (value.action === 'strobe' && numeric(detail.highMs) && numeric(detail.lowMs)) {
    const until = at + (numeric(detail.durationMs) ? detail.durationMs : 0) * 1e6;
    for (const node of value.targets) out.set(node, { from, at, offsetsMs: [detail.highMs, detail.lowMs], strobeUntil: until, settlesAtMs: detail.lowMs });
    return out;
  }
  const observed = (detail.observedOffsetsMs ?? detail.offsetsMs) as Record<string, unknown> | undefined;
  const set = detail.setMs as Record<string, unknown> | undefined;
  const nodes = new Set([...value.targets, ...Object.keys(observed ?? {}), ...Object.keys(set ?? {})]);
  for (const node of nodes) {
    const asked = set?.[node];
    const seen = observed?.[node];
    let offset: number | undefined;
    if (numeric(asked)) offset = asked;
    else if (value.action === 'reset' && value.targets.includes(node)) offset = 0;
    else if (numeric(seen) && Math.abs(seen - believed(node)) > 1000) offset = seen;
    if (offset !== undefined) out.set(node, { from, at, offsetsMs: [offset] });
  }
  return out;
}

/** Each node's offset regimes over the history, from the clock family's ops. Nodes never skewed are absent. */
export function clockRegimes(ops: readonly Op[]): Map<string, OffsetRegime[]> {
  const changes = new Map<string, OffsetChange[]>();
  for (const pair of pairOps(ops, { lenient: true, paired: (op) => op.process === 'nemesis' })) {
    if (pair.type === 'fail' || !pair.completion) continue;
    const value = pair.completion.value as NemesisValue;
    if (value?.family !== 'clock') continue;
    const believed = (node: string): number => changes.get(node)?.at(-1)?.settlesAtMs ?? changes.get(node)?.at(-1)?.offsetsMs[0] ?? 0;
    for (const [node, change] of changesOf(value, pair.start, pair.end, believed)) changes.set(node, [...(changes.get(node) ?? []), change]);
  }
  const regimes = new Map<string, OffsetRegime[]>();
  for (const [node, list] of changes) {
    const out: OffsetRegime[] = [];
    let current: OffsetRegime = { offsetsMs: [0], validFrom: -Infinity, validTo: Infinity };
    for (const change of list) {
      current.validTo = change.at;
      out.push(current);
      current = { offsetsMs: change.offsetsMs, validFrom: change.from, validTo: Infinity };
      if (change.strobeUntil !== undefined && change.settlesAtMs !== undefined) {
        current.validTo = change.strobeUntil;
        out.push(current);
        current = { offsetsMs: [change.settlesAtMs], validFrom: change.from, validTo: Infinity };
      }
    }
    out.push(current);
    regimes.set(node, out);
  }
  return regimes;
}

export interface PlacedTime {
  /** ns on the history's clock. */
  time: number;
  /** The offset that was subtracted (0 for an unskewed clock). */
  offsetMs: number;
}

/**
 * One node's log, line by line in file order: each log timestamp (ms since the epoch, the node's clock) → history time.
 * `historyStartMs` is the wall-clock time (ms since the epoch) of history time 0.
 */
export class NodeLogClock {
  private previous = -Infinity;

  constructor(
    private readonly historyStartMs: number,
    private readonly regimes: readonly OffsetRegime[] = [],
  ) {}

  place(logMs: number): PlacedTime {
    const at = (offsetMs: number): number => Math.round((logMs - offsetMs - this.historyStartMs) * 1e6);
    if (this.regimes.length === 0) return this.advance({ time: at(0), offsetMs: 0 });
    const candidates: PlacedTime[] = [];
    for (const regime of this.regimes) {
      for (const offsetMs of regime.offsetsMs) {
        const time = at(offsetMs);
        if (time >= regime.validFrom - SLACK_NS && time <= regime.validTo + SLACK_NS && time >= -SLACK_NS) candidates.push({ time, offsetMs });
      }
    }
    if (candidates.length === 0) return this.advance(this.nearestRegime(at));
    const forward = candidates.filter((c) => c.time >= this.previous - REORDER_NS);
    const pool = forward.length > 0 ? forward : candidates;
    pool.sort((a, b) => Math.abs(a.time - this.previous) - Math.abs(b.time - this.previous) || a.time - b.time);
    return this.advance(this.previous === -Infinity ? pool.sort((a, b) => a.time - b.time)[0]! : pool[0]!);
  }

  /** No offset fits its interval (e.g. a change the history did not record): the regime whose interval is closest. */
  private nearestRegime(at: (offsetMs: number) => number): PlacedTime {
    let best: PlacedTime = { time: at(0), offsetMs: 0 };
    let bestGap = Infinity;
    for (const regime of this.regimes) {
      for (const offsetMs of regime.offsetsMs) {
        const time = at(offsetMs);
        const gap = time < regime.validFrom ? regime.validFrom - time : time > regime.validTo ? time - regime.validTo : 0;
        if (gap < bestGap) [best, bestGap] = [{ time, offsetMs }, gap];
      }
    }
    return best;
  }

  private advance(placed: PlacedTime): PlacedTime {
    this.previous = Math.max(this.previous, placed.time);
    return placed;
  }
}
