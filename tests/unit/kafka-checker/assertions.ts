// Test helper: compact views of a CheckerResult for exact assertions.

import type { CheckerResult } from '../../../core/result.ts';

/** Anomalies that make the run invalid, as {type, ops}. */
export const failures = (result: CheckerResult) => result.anomalies.filter((a) => !a.allowed).map((a) => ({ type: a.type, ops: a.ops }));

/** Anomalies the model allows, as {type, ops}. */
export const allowed = (result: CheckerResult) => result.anomalies.filter((a) => a.allowed).map((a) => ({ type: a.type, ops: a.ops }));

/** The one anomaly of `type`; throws when there is not exactly one. */
export function only(result: CheckerResult, type: string) {
  const found = result.anomalies.filter((a) => a.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}: ${JSON.stringify(result.anomalies.map((a) => a.type))}`);
  return found[0]!;
}
