// Public entry of the linearizability checker: pairs the history into calls, checks they fit the model, splits the
// history into independent partitions when the model allows it, runs the Wing–Gong/Lowe search on each, and turns
// the outcome into a CheckerResult (with an explained counterexample when the history is not linearizable).
import type { Op } from '../../core/history/op.ts';
import { checkedClasses, type CheckerResult, type Validity } from '../../core/result.ts';
import { explainFailure } from './counterexample.ts';
import type { Model } from './model.ts';
import { createModel } from './models/index.ts';
import { partitionByKeys, type Partition } from './partition.ts';
import { prepareCalls, type PreparedCall } from './prepare.ts';
import { MemoryBudget, defaultMemoryMB } from './memory.ts';
import { kernelReads, kernelSearches, readHistoryInKernel, type KernelHistory } from './kernel/index.ts';
import { LinearizationSearch, type Search } from './search.ts';

export { MODEL_NAMES } from './models/index.ts';
export { ModelMismatchError, ILLEGAL, type Model } from './model.ts';
export { MalformedHistoryError } from './history.ts';
export type { PreparedCall } from './prepare.ts';
export { defaultMemoryMB } from './memory.ts';

export interface LinearizabilityOptions {
  /** One of MODEL_NAMES. */
  model: string;
  /** The model's initial state (default: nil register, empty set/queue/log, free mutex, "" for kv keys). */
  initial?: unknown;
  /** Give up with valid 'unknown' after this long (default: no limit). */
  timeoutMs?: number;
  /** Give up with valid 'unknown' when the check would hold more than this (default: defaultMemoryMB()). */
  memoryMB?: number;
  /** Stop memoising (the search goes on, pruning less) after this many entries across the check (default: none). */
  maxCacheEntries?: number;
  /** Called every `progressIntervalMs` (default 5 s) while the search runs. */
  onProgress?: (progress: SearchProgress) => void;
  progressIntervalMs?: number;
  /**
   * Which walk searches: 'auto' (default) takes the WebAssembly kernel for models with an integer form when it is
   * built, and the JavaScript one otherwise; 'javascript' always takes the JavaScript one (the reference).
   */
  engine?: 'auto' | 'javascript';
}

/** How far a running check has got. */
export interface SearchProgress {
  /** Calls in the longest partial linearizations found so far, over all partitions. */
  linearized: number;
  calls: number;
  partitionsDecided: number;
  partitions: number;
  /** Configurations memoised. */
  states: number;
  memoryBytes: number;
  elapsedMs: number;
}

/**
 * Throws ModelMismatchError (naming the op index and why) when an op of `ops` does not fit model `modelName`, and
 * MalformedHistoryError when completions do not match invocations. Returns the prepared calls otherwise.
 */
export function assertModelFits(ops: readonly Op[], modelName: string, initial?: unknown): PreparedCall[] {
  return prepareCalls(createModel(modelName, initial), ops);
}

/** Steps each partition's search may take before the next partition gets its turn. */
const SLICE_STEPS = 20_000;
/** Steps of each partition's first slice. */
const FIRST_SLICE_STEPS = 256;
const DEFAULT_PROGRESS_INTERVAL_MS = 5000;
/** Longest time between two measurements of the heap while partitions are decided one slice each. */
const SAMPLE_EVERY_MS = 5;
const MB = 1024 * 1024;

interface PartitionSearch {
  search: Search;
  /** Unobserved calls this search leaves out (Model.unobserved); if it fails, the full search (`full`) takes its place. */
  leftOut: number;
  full?: () => Search;
  /** States explored by a search this one replaced. */
  exploredBefore: number;
  /** The partition's calls and initial state, to explain a failure. */
  subject: () => { partition: Partition<PreparedCall>; initial: unknown };
}

/** A check ready to search: what was read, and one search per partition. */
interface PlannedCheck {
  started: number;
  model: Model<unknown, unknown, unknown>;
  budget: MemoryBudget;
  ops: number;
  calls: number;
  unknownOutcomeCalls: number;
  engine: 'webassembly' | 'javascript';
  /** Who read the history into calls, when it was not JavaScript. */
  reader?: 'webassembly';
  searches: PartitionSearch[];
}

export function checkLinearizability(ops: Op[], opts: LinearizabilityOptions): CheckerResult {
  const started = performance.now();
  const model: Model<unknown, unknown, unknown> = createModel(opts.model, opts.initial);
  const calls = prepareCalls(model, ops);
  const keysOf = model.keysOf;
  const partitions = partitionByKeys(calls, keysOf ? (c) => keysOf(c.input) : undefined);
  const budget = new MemoryBudget(opts.memoryMB ?? defaultMemoryMB());
  const cap = { remaining: opts.maxCacheEntries ?? Infinity };
  const kernel = opts.engine === 'javascript' ? undefined : kernelSearches(model, cap, budget);
  const searchOf = (items: readonly PreparedCall[], initial: unknown): Search =>
    kernel ? kernel(items, initial) : new LinearizationSearch(model, items, initial, cap, budget);
  const unobserved = model.unobserved;
  const searches = partitions.map((partition): PartitionSearch => {
    const initial = model.initialState(partition.keys);
    // First without the unknown-outcome calls nobody observed: they never taking effect is a legal choice, so a
    // linearization of the rest decides "valid" (a failure proves nothing and the full search runs instead).
    const observed = unobserved ? partition.items.filter((c) => c.required || !unobserved(c.input, c.output)) : partition.items;
    return {
      search: searchOf(observed, initial),
      leftOut: partition.items.length - observed.length,
      full: () => searchOf(partition.items, initial),
      exploredBefore: 0,
      subject: () => ({ partition, initial }),
    };
  });
  const unknownOutcomeCalls = calls.filter((c) => !c.required).length;
  const engine = kernel ? 'webassembly' : 'javascript';
  return decide({ started, model, budget, ops: ops.length, calls: calls.length, unknownOutcomeCalls, engine, searches }, opts);
}

/**
 * Checks a faultline history.jsonl, given as its bytes, with the search kernel reading it (kernel/index.ts,
 * readHistoryInKernel): no JavaScript runs per call, and the ops are parsed in JavaScript only for the explanation of
 * a failure (that partition's lines). Undefined when the kernel does not read this history or these options (then
 * parse it and call checkLinearizability): the verdict, stats and counterexample are those checkLinearizability gives
 * for the same history.
 */
export function checkLinearizableJsonl(bytes: Uint8Array, opts: LinearizabilityOptions): CheckerResult | undefined {
  if (opts.engine === 'javascript' || opts.initial !== undefined || !kernelReads(opts.model)) return undefined;
  const started = performance.now();
  // Everything this check holds is the kernel's, reserved before it is allocated.
  const budget = new MemoryBudget(opts.memoryMB ?? defaultMemoryMB(), undefined, { sampled: false });
  const cap = { remaining: opts.maxCacheEntries ?? Infinity };
  const history = readHistoryInKernel(bytes, opts.model, cap, budget);
  if (history === undefined) return undefined;
  // The model itself serves only the explanation of a failure.
  const model: Model<unknown, unknown, unknown> = createModel(opts.model);
  const searches: PartitionSearch[] = [];
  for (let p = 0; p < history.partitions; p++) {
    searches.push({ search: history.search(p), leftOut: 0, exploredBefore: 0, subject: () => partitionOfLines(history, p, model) });
  }
  const { ops, calls, unknownOutcomeCalls } = history;
  return decide({ started, model, budget, ops, calls, unknownOutcomeCalls, engine: 'webassembly', reader: 'webassembly', searches }, opts);
}

/** Partition `p` of a history the kernel read, as the JavaScript path prepares it: its ops parsed from their lines. */
function partitionOfLines(
  history: KernelHistory,
  p: number,
  model: Model<unknown, unknown, unknown>,
): { partition: Partition<PreparedCall>; initial: unknown } {
  const positions = history.callPositions(p);
  const parsed = JSON.parse(history.partitionLines(p)) as Op[];
  let next = 0;
  const opOf = (pos: number): Op | null => {
    if (pos < 0) return null;
    const op = parsed[next++]!;
    // As the JSONL loader reads a line without a value.
    if (op.value === undefined) op.value = null;
    return op;
  };
  const items: PreparedCall[] = [];
  for (let k = 0; k < positions.length; k += 2) {
    const invoke = opOf(positions[k]!)!;
    const completion = opOf(positions[k + 1]!);
    const prepared = model.prepare(invoke, completion);
    if (typeof prepared === 'string') throw new Error(`internal error: the kernel read op ${invoke.index}, which the model refuses: ${prepared}`);
    const returnPos = completion === null ? Infinity : positions[k + 1]!;
    items.push({ invoke, completion, callPos: positions[k]!, returnPos, input: prepared.input, output: prepared.output, required: completion !== null });
  }
  const keys = model.keysOf && items.length > 0 ? [...model.keysOf(items[0]!.input)] : [];
  return { partition: { keys, items }, initial: model.initialState(keys) };
}

/** Runs the planned searches to a verdict, with the stats and, for a failure, the explained counterexample. */
function decide(plan: PlannedCheck, opts: LinearizabilityOptions): CheckerResult {
  const { started, model, budget, searches } = plan;
  const deadline = opts.timeoutMs === undefined ? Infinity : started + opts.timeoutMs;
  let fullSearches = 0;
  const progressEvery = opts.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  let nextProgress = started + progressEvery;
  const explored = (): number => searches.reduce((sum, s) => sum + s.exploredBefore + s.search.explored, 0);

  // Round-robin over the undecided partitions, so one hard but valid partition cannot hide a quick failure. The first
  // round's slices are short, so a failure any partition meets early is found early.
  let slice = FIRST_SLICE_STEPS;
  let undecided = searches;
  let failed: PartitionSearch | undefined;
  let unknownReason: string | undefined;
  let lastSample = started;
  while (undecided.length > 0 && !failed && !unknownReason) {
    const stillRunning: PartitionSearch[] = [];
    for (const s of undecided) {
      const status = s.search.run(slice);
      if (status === false && s.leftOut > 0) {
        s.exploredBefore += s.search.explored;
        s.search = s.full!();
        s.leftOut = 0;
        fullSearches++;
        stillRunning.push(s);
      } else if (status === false) {
        failed = s;
        break;
      } else if (status === 'running') stillRunning.push(s);
      const now = performance.now();
      // The heap is measured after every full slice, and at least every SAMPLE_EVERY_MS: a partition decided within
      // its slice did a bounded amount of work, and the memo's arrays are reserved from the budget as they grow.
      const sampled = (status === 'running' && slice === SLICE_STEPS) || status === 'out-of-memory' || now - lastSample >= SAMPLE_EVERY_MS;
      if (sampled) lastSample = now;
      if ((sampled && !budget.sample()) || status === 'out-of-memory') {
        unknownReason = `${budget.exhaustedBecause ?? 'the memory budget was reached'} after ${explored().toLocaleString('en-US')} states`;
        break;
      }
      if (now > deadline) {
        unknownReason = `the time limit of ${formatSeconds(opts.timeoutMs!)} was reached after ${explored().toLocaleString('en-US')} states`;
        break;
      }
      if (opts.onProgress && now >= nextProgress) {
        nextProgress = now + progressEvery;
        opts.onProgress(progressOf(searches, undecided, plan.calls, budget, now - started));
      }
    }
    undecided = stillRunning;
    slice = SLICE_STEPS;
  }
  if (unknownReason) undecided = searches.filter((s) => !s.search.decided);
  else budget.sample(); // for the peak reported in the stats

  const valid: Validity = failed ? false : undecided.length > 0 ? 'unknown' : true;
  const stats: Record<string, unknown> = {
    ops: plan.ops,
    calls: plan.calls,
    unknownOutcomeCalls: plan.unknownOutcomeCalls,
    unobservedLeftOut: searches.reduce((sum, s) => sum + s.leftOut, 0),
    fullSearches,
    partitions: searches.length,
    engine: plan.engine,
    ...(plan.reader ? { reader: plan.reader } : {}),
    statesExplored: explored(),
    timeMs: Math.round((performance.now() - started) * 1000) / 1000,
    peakMemoryMB: Math.round((budget.peakBytes / MB) * 10) / 10,
    memoryBudgetMB: Math.round(budget.limitBytes / MB),
  };
  if (valid === 'unknown') {
    stats.undecidedPartitions = undecided.length;
    stats.unknownReason = unknownReason;
  }
  if (searches.some((s) => s.search.cacheSaturated)) stats.cacheSaturated = true;
  const result: CheckerResult = { checker: 'linearizable', valid, anomalies: [], stats };
  if (failed) {
    const { partition, initial } = failed.subject();
    const failure = explainFailure(model, partition, initial, failed.search.longest);
    result.anomalies.push({
      type: 'nonlinearizable',
      explanation: failure.text,
      ops: failure.opIndices,
      details: { model: model.name, ...(failure.counterexample.partition ? { partition: failure.counterexample.partition } : {}) },
    });
    result.counterexample = failure.counterexample;
  }
  // An undecided search looked without finishing: nothing is claimed as checked then.
  result.checked = checkedClasses(valid === 'unknown' ? [] : ['nonlinearizable'], result.anomalies);
  return result;
}

const formatSeconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

function progressOf(
  searches: readonly PartitionSearch[],
  undecided: readonly PartitionSearch[],
  calls: number,
  budget: MemoryBudget,
  elapsedMs: number,
): SearchProgress {
  return {
    linearized: searches.reduce((sum, s) => sum + s.search.longestLength, 0),
    calls,
    partitionsDecided: searches.length - undecided.length,
    partitions: searches.length,
    states: searches.reduce((sum, s) => sum + s.exploredBefore + s.search.explored, 0),
    memoryBytes: budget.usedBytes,
    elapsedMs,
  };
}
