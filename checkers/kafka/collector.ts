// Collects anomalies: counts every one, builds and lists a bounded number per class. Which faults caused them is
// attributed afterwards, over the whole history and the brokers' events (checkers/causality).

import { checkedClasses, type Anomaly, type CheckerResult, type Validity } from '../../core/result.ts';

/** What a detector supplies; the collector adds type and allowed. */
export interface AnomalyDraft {
  explanation: string;
  ops: number[];
  details?: Record<string, unknown>;
}

interface ClassCount {
  total: number;
  listed: number;
}

/** Anomalies listed per (type, allowed) class; the rest are only counted, so a badly broken run stays cheap. */
export const DEFAULT_LISTED_PER_CLASS = 100;

export class AnomalyCollector {
  private readonly anomalies: Anomaly[] = [];
  private readonly classes = new Map<string, ClassCount>();
  private failureCount = 0;

  constructor(private readonly listedPerClass = DEFAULT_LISTED_PER_CLASS) {}

  /** Counts one anomaly; `build` runs only when the anomaly will be listed. */
  add(type: string, allowed: boolean, build: () => AnomalyDraft): void {
    const classKey = `${type}\u0000${allowed}`;
    const count = this.classes.get(classKey) ?? { total: 0, listed: 0 };
    this.classes.set(classKey, count);
    count.total++;
    if (!allowed) this.failureCount++;
    if (count.listed >= this.listedPerClass) return;
    count.listed++;
    const draft = build();
    const ops = [...new Set(draft.ops)].sort((a, b) => a - b);
    this.anomalies.push({ type, explanation: draft.explanation, ops, allowed, ...(draft.details ? { details: draft.details } : {}) });
  }

  /** Anomalies that make the run invalid, listed or not. */
  get failures(): number {
    return this.failureCount;
  }

  /** Per type: how many were found, how many of those are allowed, and how many were counted but not listed. */
  counts(): Record<string, { total: number; allowed: number; unlisted: number }> {
    const out: Record<string, { total: number; allowed: number; unlisted: number }> = {};
    for (const [classKey, count] of this.classes) {
      const [type, allowed] = classKey.split('\u0000') as [string, string];
      const entry = (out[type] ??= { total: 0, allowed: 0, unlisted: 0 });
      entry.total += count.total;
      if (allowed === 'true') entry.allowed += count.total;
      entry.unlisted += count.total - count.listed;
    }
    return out;
  }

  /** The verdict (false when any disallowed anomaly was found, else `whenClean`), and the classes looked for. */
  result(checker: string, stats: Record<string, unknown>, looked: readonly string[], whenClean: Validity = true): CheckerResult {
    const counts = this.counts();
    const totals = Object.fromEntries(Object.entries(counts).map(([type, c]) => [type, c.total]));
    return {
      checker,
      valid: this.failureCount > 0 ? false : whenClean,
      anomalies: this.anomalies,
      stats: { ...stats, anomalies: counts },
      checked: checkedClasses(looked, this.anomalies, totals),
    };
  }
}
