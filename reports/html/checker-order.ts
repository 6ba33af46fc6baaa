// The order checkers appear in everywhere on the page, and the anchors that link the table to the anomaly groups.

import type { CheckerResult, RunResults, Validity } from '../../core/result.ts';

export interface NamedChecker {
  name: string;
  result: CheckerResult;
  /** Position in this order; used to build element ids that need no escaping. */
  position: number;
}

const severity = (v: Validity): number => (v === false ? 0 : v === 'unknown' ? 1 : 2);

/** Invalid checkers first, then unknown, then valid; the results' own order within each group. */
export function orderedCheckers(results: RunResults): NamedChecker[] {
  return Object.entries(results.checkers)
    .map(([name, result]) => ({ name, result }))
    .sort((a, b) => severity(a.result.valid) - severity(b.result.valid))
    .map((c, position) => ({ ...c, position }));
}

/** Element id of the anomaly group for the checker at `checkerPosition`, type number `typePosition` (countAnomaliesByType order). */
export const anomalyGroupId = (checkerPosition: number, typePosition: number): string => `anomalies-${checkerPosition}-${typePosition}`;

export const counterexampleId = (checkerPosition: number): string => `counterexample-${checkerPosition}`;

/** Element id of the `i`-th anomaly (0-based, among those of its type that the page draws) in that group. */
export const anomalyId = (checkerPosition: number, typePosition: number, i: number): string => `anomaly-${checkerPosition}-${typePosition}-${i}`;
