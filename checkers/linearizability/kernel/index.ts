// The WebAssembly search kernel, host side: runs the linearizability search's walk (assembly/search-kernel.ts,
// compiled by `npm run build` to KERNEL_FILE) for models with an integer form (Model.integerForm); other models keep
// the JavaScript walk (../search.ts, the reference). Why: a fresh process runs JavaScript in V8's interpreter for its
// first milliseconds — all a check of a few thousand calls lasts — while WebAssembly is compiled before it runs. Both
// walks plan alike (the calls kept, their entry lists, the classes of interchangeable calls: planSearch there, the
// host loop below and begin() in the kernel here) and make the same moves, so they explore the same configurations
// and reach the same verdict and counterexample (tests/unit/linearizability/kernel.test.ts compares them).
//
// The module is compiled and instantiated once per thread, when this file loads, with the rest of the checker's code;
// each check starts by resetting it (the last check's arrays are freed; the memory keeps its high-water mark). It
// calls two host functions, which serve the check under way: the model's HOST steps, and `reserve`, which takes the
// memory the kernel's arrays grow by from the check's budget. Run from the sources before any build, there is no
// kernel, and checks take the reference walk (stats.engine says which one ran).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CacheEntryCap } from '../cache.ts';
import type { MemoryBudget } from '../memory.ts';
import { IntegerStep, type IntegerForm, type Model } from '../model.ts';
import { interchangeableClasses, type Search, type SearchCall, type SearchStatus } from '../search.ts';
import { anyValues } from '../values.ts';
import { KERNEL_FILE } from './kernel-file.ts';

interface KernelExports {
  memory: WebAssembly.Memory;
  reset(): void;
  newSearch(handle: number, total: number, initial: number): number;
  inputAddress(search: number, which: number): number;
  begin(search: number, n: number, classes: number, required: number): number;
  run(search: number, maxSteps: number, capRemaining: number): number;
  explored(search: number): number;
  saturated(search: number): number;
  longestLength(search: number): number;
  longestAddress(search: number): number;
  // The history reader (assembly/history-reader.ts).
  historyBuffer(bytes: number): number;
  readHistory(address: number, bytes: number, model: number): number;
  historyOps(): number;
  historyCalls(): number;
  historyUnknownCalls(): number;
  historyPartitions(): number;
  partitionSize(partition: number): number;
  partitionCallPositions(partition: number, to: number): void;
  partitionLines(partition: number): number;
  partitionLinesLength(): number;
  partitionSearch(partition: number): number;
  status(search: number): number;
  keptCallIds(search: number): number;
}

/** The arrays inputAddress(search, which) points at, by `which`. */
const INPUT = { kind: 0, a: 1, b: 2, required: 3, callPos: 4, returnPos: 5, optionalClass: 6, classMembers: 7, classStart: 8 } as const;
/** run()'s statuses, by number. */
const STATUS: readonly SearchStatus[] = [false, true, 'running', 'out-of-memory'];

/**
 * Where the compiled kernel may be: beside this module (dist/), under kernel/ beside the checker's bundle, or in the
 * build's output when this module runs from its TypeScript source. As an ES module this file knows its place from
 * import.meta.url; in the CommonJS bundle import.meta is empty, and the bundle's wrapper gives __dirname instead (an
 * ES module must not look at __dirname: where one is defined around it, e.g. in a worker started from code, it
 * names another directory).
 */
function kernelCandidates(): string[] {
  const url = import.meta.url as string | undefined;
  const here = url !== undefined ? dirname(fileURLToPath(url)) : __dirname;
  return [join(here, KERNEL_FILE), join(here, 'kernel', KERNEL_FILE), join(here, '../../../dist/checkers/linearizability/kernel', KERNEL_FILE)];
}

/** What the host functions serve: the check under way. */
interface CheckContext {
  budget: MemoryBudget | undefined;
  hostSteps: ((state: number, call: number) => number)[];
  /** Bytes the kernel was given since the check started (its allocator frees nothing until the next check). */
  kernelBytes: number;
}

const context: CheckContext = { budget: undefined, hostSteps: [], kernelBytes: 0 };

const MB = 1024 * 1024;
/**
 * The kernel's own limits, whatever the budget: a WebAssembly memory ends at 4 GB (this leaves room for the arrays
 * it takes without asking, a few per call), and its allocator takes at most 1 GB at once. Past them it would trap.
 */
const KERNEL_MEMORY_BYTES = 3 * 1024 * MB;
const KERNEL_BLOCK_BYTES = 1024 * MB - 1024;

/** The kernel asks for `bytes` more: within its own limits and the check's budget. */
function reserveForKernel(bytes: number): boolean {
  const budget = context.budget!;
  if (bytes > KERNEL_BLOCK_BYTES || context.kernelBytes + bytes > KERNEL_MEMORY_BYTES) {
    return budget.refuse(`the search kernel's memory limit of ${KERNEL_MEMORY_BYTES / MB} MB (WebAssembly memory ends at 4 GB) was reached`);
  }
  if (!budget.reserve(bytes)) return false;
  context.kernelBytes += bytes;
  return true;
}
/** Counts the checks that used the kernel: a search may only run during its own check (reset frees it). */
let generation = 0;

function instantiateKernel(): KernelExports | undefined {
  const file = kernelCandidates().find((candidate) => existsSync(candidate));
  if (file === undefined) return undefined;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {
    // The module the kernel imports its host functions from (assembly/host.ts).
    host: {
      hostStep: (handle: number, state: number, call: number): number => context.hostSteps[handle]!(state, call),
      reserve: reserveForKernel,
    },
  });
  return instance.exports as unknown as KernelExports;
}

const kernel = instantiateKernel();

/** true when the kernel was built, so models with an integer form are searched by it. */
export const kernelAvailable = (): boolean => kernel !== undefined;

/** Makes the kernel's searches of one check, one per sub-history. */
export type SearchFactory<S, I, O> = (calls: readonly SearchCall<I, O>[], initial: S) => Search;

/** The kernel's searches for one check of `model`, or undefined when the model has no integer form or there is no kernel. */
export function kernelSearches<S, I, O>(model: Model<S, I, O>, cap: CacheEntryCap, budget: MemoryBudget): SearchFactory<S, I, O> | undefined {
  if (kernel === undefined || model.integerForm === undefined) return undefined;
  const form = model.integerForm();
  const hostSteps: ((state: number, call: number) => number)[] = [];
  startCheck(kernel, budget, hostSteps);
  return (calls, initial) => encodedSearch(kernel, form, calls, initial, cap, hostSteps);
}

/** A new check: the kernel forgets the last one, and its host functions serve this one. */
function startCheck(kernel: KernelExports, budget: MemoryBudget, hostSteps: ((state: number, call: number) => number)[]): void {
  kernel.reset();
  generation++;
  context.budget = budget;
  context.hostSteps = hostSteps;
  context.kernelBytes = 0;
}

/**
 * A kernel search of `calls`. The calls kept, as planSearch keeps them (all but the optional read-only ones), go
 * straight into the kernel's arrays, which are sized for all calls; the kernel links them itself (begin).
 */
function encodedSearch<S, I, O>(
  kernel: KernelExports,
  form: IntegerForm<S, I, O>,
  calls: readonly SearchCall<I, O>[],
  initial: S,
  cap: CacheEntryCap,
  hostSteps: ((state: number, call: number) => number)[],
): KernelSearch {
  const total = calls.length;
  const handle = hostSteps.length;
  const address = kernel.newSearch(handle, total, form.stateId(initial));
  const at = (which: number): number => kernel.inputAddress(address, which);
  const { buffer } = kernel.memory;
  const kind = new Int32Array(buffer, at(INPUT.kind), total);
  const a = new Int32Array(buffer, at(INPUT.a), total);
  const b = new Int32Array(buffer, at(INPUT.b), total);
  const required = new Uint8Array(buffer, at(INPUT.required), total);
  const callPos = new Float64Array(buffer, at(INPUT.callPos), total);
  const returnPos = new Float64Array(buffer, at(INPUT.returnPos), total);
  const kept = new Int32Array(total);
  const inputs = anyValues<I>(total);
  const outputs = anyValues<O>(total);
  const optional: number[] = [];
  let requiredCount = 0;
  let n = 0;
  for (let i = 0; i < total; i++) {
    const c = calls[i]!;
    // Encoded first: a READ is what the model calls read-only (IntegerForm), and an optional one is left out.
    form.encode(c.input, c.output, kind, a, b, n);
    if (!c.required && kind[n] === IntegerStep.READ) continue;
    kept[n] = i;
    inputs[n] = c.input;
    outputs[n] = c.output;
    if (c.required) {
      required[n] = 1;
      requiredCount++;
    } else optional.push(n);
    callPos[n] = c.callPos;
    returnPos[n] = c.returnPos;
    n++;
  }
  let classCount = 0;
  if (optional.length === 0) new Int32Array(buffer, at(INPUT.optionalClass), n).fill(-1);
  else {
    // Equal codes are equal calls (IntegerForm), so the codes name the classes.
    const classes = interchangeableClasses(n, optional, (call) => `${kind[call]} ${a[call]} ${b[call]}`);
    classCount = classes.classStart.length;
    new Int32Array(buffer, at(INPUT.optionalClass), n).set(classes.optionalClass);
    new Int32Array(buffer, at(INPUT.classMembers), classes.classMembers.length).set(classes.classMembers);
    new Int32Array(buffer, at(INPUT.classStart), classCount).set(classes.classStart);
  }
  const hostStep = form.hostStep;
  hostSteps.push(hostStep ? (state, call) => hostStep(state, inputs[call]!, outputs[call]!) : () => -1);
  const begun = kernel.begin(address, n, classCount, requiredCount) !== 0;
  return new KernelSearch(kernel, address, kept.subarray(0, n), cap, !begun ? 'out-of-memory' : requiredCount === 0 ? true : 'running');
}

class KernelSearch implements Search {
  private readonly generation = generation;

  /** `callIds`: the index in the caller's list of each call kept (or the address of that list in the kernel's memory). */
  constructor(
    private readonly kernel: KernelExports,
    private readonly address: number,
    private readonly callIds: Int32Array | number,
    private readonly cap: CacheEntryCap,
    private status: SearchStatus,
  ) {}

  run(maxSteps: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    if (this.generation !== generation) throw new Error('internal error: a kernel search ran after a later check had started');
    const before = this.explored;
    this.status = STATUS[this.kernel.run(this.address, maxSteps, this.cap.remaining)]!;
    this.cap.remaining -= this.explored - before;
    return this.status;
  }

  get explored(): number {
    return this.kernel.explored(this.address);
  }

  get cacheSaturated(): boolean {
    return this.kernel.saturated(this.address) !== 0;
  }

  get decided(): boolean {
    return this.status === true || this.status === false;
  }

  get longestLength(): number {
    return this.kernel.longestLength(this.address);
  }

  get longest(): number[] {
    const { buffer } = this.kernel.memory;
    const calls = new Int32Array(buffer, this.kernel.longestAddress(this.address), this.longestLength);
    const ids = typeof this.callIds === 'number' ? new Int32Array(buffer, this.callIds) : this.callIds;
    return Array.from(calls, (c) => ids[c]!);
  }
}

// ---- histories the kernel reads itself (assembly/history-reader.ts) ----

/** The models the kernel's history reader knows, by the number it knows them by. */
const READER_MODELS: Readonly<Record<string, number>> = { register: 0, 'cas-register': 1, 'etcd-register': 2, kv: 3 };
/** readHistory()'s answers. */
const READ_DONE = 1;

/** Whether the kernel can read histories of `model` itself (readHistoryInKernel). */
export const kernelReads = (model: string): boolean => kernel !== undefined && Object.hasOwn(READER_MODELS, model);

/** A faultline history.jsonl as the kernel read it: counts, a search per partition, and each partition's calls. */
export interface KernelHistory {
  ops: number;
  calls: number;
  unknownOutcomeCalls: number;
  partitions: number;
  /** The search of partition `p` (made once per partition, as the JavaScript path makes them). */
  search(p: number): Search;
  /** For each call of partition `p`, in order: the history positions of its invocation and ok completion (-1: none). */
  callPositions(p: number): Int32Array;
  /** The lines of partition `p`'s ops, as one JSON array: each call's invocation, then its ok completion if any. */
  partitionLines(p: number): string;
}

/**
 * Reads a faultline history.jsonl (its bytes) for `model` inside the kernel, for a new check; undefined when the
 * kernel declines it (a value, field or line it does not read exactly as the JavaScript path does, or a malformed
 * history, whose errors the JavaScript path gives) or its memory does not fit the budget: the caller then reads it
 * in JavaScript.
 */
export function readHistoryInKernel(bytes: Uint8Array, model: string, cap: CacheEntryCap, budget: MemoryBudget): KernelHistory | undefined {
  if (kernel === undefined || !Object.hasOwn(READER_MODELS, model)) return undefined;
  startCheck(kernel, budget, []);
  const address = kernel.historyBuffer(bytes.length);
  if (address === 0) return undefined;
  new Uint8Array(kernel.memory.buffer, address, bytes.length).set(bytes);
  if (kernel.readHistory(address, bytes.length, READER_MODELS[model]!) !== READ_DONE) return undefined;
  const k = kernel;
  return {
    ops: k.historyOps(),
    calls: k.historyCalls(),
    unknownOutcomeCalls: k.historyUnknownCalls(),
    partitions: k.historyPartitions(),
    search(p) {
      const address = k.partitionSearch(p);
      return new KernelSearch(k, address, k.keptCallIds(address), cap, STATUS[k.status(address)]!);
    },
    callPositions(p) {
      const size = k.partitionSize(p);
      // Written into the history buffer's room would clobber it: a fresh array of the kernel's, read at once.
      const to = k.historyBuffer(8 * size);
      k.partitionCallPositions(p, to);
      return Int32Array.from(new Int32Array(k.memory.buffer, to, 2 * size));
    },
    partitionLines(p) {
      const address = k.partitionLines(p);
      return new TextDecoder().decode(new Uint8Array(k.memory.buffer, address, k.partitionLinesLength()));
    },
  };
}
