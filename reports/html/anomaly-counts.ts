// Anomaly counts by type: the one-line summary used by the checker table and the JUnit failure message.

import type { Anomaly } from '../../core/result.ts';

export interface AnomalyTypeCount {
  type: string;
  count: number;
  /** How many of them the system's model allows. */
  allowed: number;
}

/** Counts per anomaly type, in order of first appearance. */
export function countAnomaliesByType(anomalies: readonly Anomaly[]): AnomalyTypeCount[] {
  const byType = new Map<string, AnomalyTypeCount>();
  for (const anomaly of anomalies) {
    const entry = byType.get(anomaly.type) ?? { type: anomaly.type, count: 0, allowed: 0 };
    entry.count += 1;
    if (anomaly.allowed) entry.allowed += 1;
    byType.set(anomaly.type, entry);
  }
  return [...byType.values()];
}

/** "3 lost, 2 duplicate (2 allowed)", or "no anomalies". */
export function summarizeAnomalies(anomalies: readonly Anomaly[]): string {
  const counts = countAnomaliesByType(anomalies);
  if (counts.length === 0) return 'no anomalies';
  return counts.map((c) => `${c.count} ${c.type}${c.allowed > 0 ? ` (${c.allowed} allowed)` : ''}`).join(', ');
}
