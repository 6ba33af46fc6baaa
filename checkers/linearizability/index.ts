// Public entry of the linearizability checker: pairs the history into calls, checks they fit the model, splits the
// history into independent partitions when the model allows it, runs the Wing–Gong/Lowe search on each, and turns
// the outcome into a CheckerResult (with an explained counterexample when the history is not linearizable).
import type { Op } from '../../core/history/op.ts';
import type { CheckerResult, Validity } from '../../core/result.ts';
import { explainFailure } from './counterexample.ts';
import type { Model } from './model.ts';
import { createModel } from './models/index.ts';
import { partitionByKeys, type Partition } from './partition.ts';
import { prepareCalls, type PreparedCall } from './prepare.ts';
import { LinearizationSearch } from './search.ts';

export { MODEL_NAMES } from './models/index.ts';
export { ModelMismatchError, ILLEGAL, type Model } from './model.ts';
export { MalformedHistoryError } from './history.ts';
export type { PreparedCall } from './prepare.ts';

export interface LinearizabilityOptions {
  /** One of MODEL_NAMES. */
  model: string;
  /** The model's initial state (default: nil register, empty set/queue/log, free mutex, "" for kv keys). */
  initial?: unknown;
  /** Give up with valid 'unknown' after this long (default: no limit). */
  timeoutMs?: number;
  /** Memo size limit in entries, across the whole check (default 8 million). */
  maxCacheEntries?: number;
}

const DEFAULT_MAX_CACHE_ENTRIES = 8_000_000;

/**
 * Throws ModelMismatchError (naming the op index and why) when an op of `ops` does not fit model `modelName`, and
 * MalformedHistoryError when completions do not match invocations. Returns the prepared calls otherwise.
 */
export function assertModelFits(ops: readonly Op[], modelName: string, initial?: unknown): PreparedCall[] {
  return prepareCalls(createModel(modelName, initial), ops);
}

/** Steps each partition's search may take before the next partition gets its turn. */
const SLICE_STEPS = 20_000;

interface PartitionSearch {
  partition: Partition<PreparedCall>;
  initial: unknown;
  search: LinearizationSearch<unknown, unknown, unknown>;
}

export function checkLinearizability(ops: Op[], opts: LinearizabilityOptions): CheckerResult {
  const started = performance.now();
  const model: Model<unknown, unknown, unknown> = createModel(opts.model, opts.initial);
  const calls = prepareCalls(model, ops);
  const keysOf = model.keysOf;
  const partitions = partitionByKeys(calls, keysOf ? (c) => keysOf(c.input) : undefined);
  const deadline = opts.timeoutMs === undefined ? Infinity : started + opts.timeoutMs;
  const budget = { remaining: opts.maxCacheEntries ?? DEFAULT_MAX_CACHE_ENTRIES };
  const searches: PartitionSearch[] = partitions.map((partition) => {
    const initial = model.initialState(partition.keys);
    return { partition, initial, search: new LinearizationSearch(model, partition.items, initial, budget) };
  });

  // Round-robin over the undecided partitions, so one hard but valid partition cannot hide a quick failure.
  let undecided = searches;
  let failed: PartitionSearch | undefined;
  let timedOut = false;
  while (undecided.length > 0 && !failed && !timedOut) {
    const stillRunning: PartitionSearch[] = [];
    for (const s of undecided) {
      const status = s.search.run(SLICE_STEPS);
      if (status === false) {
        failed = s;
        break;
      }
      if (status === 'running') stillRunning.push(s);
      if (performance.now() > deadline) {
        timedOut = true;
        break;
      }
    }
    undecided = stillRunning;
  }

  const valid: Validity = failed ? false : undecided.length > 0 ? 'unknown' : true;
  const explored = searches.reduce((sum, s) => sum + s.search.explored, 0);
  const stats: Record<string, unknown> = {
    ops: ops.length,
    calls: calls.length,
    unknownOutcomeCalls: calls.filter((c) => !c.required).length,
    partitions: partitions.length,
    statesExplored: explored,
    timeMs: Math.round((performance.now() - started) * 1000) / 1000,
  };
  if (valid === 'unknown') stats.undecidedPartitions = undecided.length;
  if (searches.some((s) => s.search.cacheSaturated)) stats.cacheSaturated = true;
  const result: CheckerResult = { checker: 'linearizable', valid, anomalies: [], stats };
  if (failed) {
    const failure = explainFailure(model, failed.partition, failed.initial, failed.search.longest);
    result.anomalies.push({
      type: 'nonlinearizable',
      explanation: failure.text,
      ops: failure.opIndices,
      details: { model: model.name, ...(failure.counterexample.partition ? { partition: failure.counterexample.partition } : {}) },
    });
    result.counterexample = failure.counterexample;
  }
  return result;
}
