// The nemesis ops of a history, so every anomaly can name the nearest fault at or before the ops it involves.

import type { NemesisValue, Op } from '../../core/history/op.ts';

/** What an anomaly's `details.nemesis` holds. */
export interface NemesisRef {
  index: number;
  family: string;
  action: string;
  phase: NemesisValue['phase'];
  targets: string[];
  time: number;
}

function asNemesisValue(value: unknown): NemesisValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<NemesisValue>;
  if (typeof v.family !== 'string' || typeof v.action !== 'string') return undefined;
  return v as NemesisValue;
}

export class NemesisTimeline {
  private readonly events: NemesisRef[] = [];

  /** Records `op` if it is a nemesis op with a NemesisValue. Call in history order. */
  record(op: Op): void {
    if (op.process !== 'nemesis') return;
    const value = asNemesisValue(op.value);
    if (!value) return;
    this.events.push({
      index: op.index,
      family: value.family,
      action: value.action,
      phase: value.phase,
      targets: Array.isArray(value.targets) ? [...value.targets] : [],
      time: op.time,
    });
  }

  get count(): number {
    return this.events.length;
  }

  /** The last nemesis op whose index is ≤ `index`, or null when no fault came before. */
  nearestAtOrBefore(index: number): NemesisRef | null {
    let lo = 0;
    let hi = this.events.length - 1;
    let found: NemesisRef | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const event = this.events[mid] as NemesisRef;
      if (event.index <= index) {
        found = event;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
