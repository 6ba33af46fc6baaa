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
}

const context: CheckContext = { budget: undefined, hostSteps: [] };
/** Counts the checks that used the kernel: a search may only run during its own check (reset frees it). */
let generation = 0;

function instantiateKernel(): KernelExports | undefined {
  const file = kernelCandidates().find((candidate) => existsSync(candidate));
  if (file === undefined) return undefined;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {
    // The module the kernel imports its host functions from (named after its source file).
    'search-kernel': {
      hostStep: (handle: number, state: number, call: number): number => context.hostSteps[handle]!(state, call),
      reserve: (bytes: number): boolean => context.budget!.reserve(bytes),
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
  // A new check: the last one's searches are gone.
  kernel.reset();
  generation++;
  const hostSteps: ((state: number, call: number) => number)[] = [];
  context.budget = budget;
  context.hostSteps = hostSteps;
  return (calls, initial) => new KernelSearch(kernel, form, calls, initial, cap, hostSteps);
}

class KernelSearch<S, I, O> implements Search {
  private readonly generation = generation;
  private readonly address: number;
  private readonly callIds: Int32Array;
  private status: SearchStatus = 'running';

  constructor(
    private readonly kernel: KernelExports,
    form: IntegerForm<S, I, O>,
    calls: readonly SearchCall<I, O>[],
    initial: S,
    private readonly cap: CacheEntryCap,
    hostSteps: ((state: number, call: number) => number)[],
  ) {
    // The calls kept, as planSearch keeps them (all but the optional read-only ones), go straight into the kernel's
    // arrays, which are sized for all calls; the kernel links them itself (begin).
    const total = calls.length;
    const handle = hostSteps.length;
    this.address = kernel.newSearch(handle, total, form.stateId(initial));
    const at = (which: number): number => kernel.inputAddress(this.address, which);
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
    this.callIds = kept.subarray(0, n);
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
    if (kernel.begin(this.address, n, classCount, requiredCount) === 0) this.status = 'out-of-memory';
    else if (requiredCount === 0) this.status = true;
  }

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
    const calls = new Int32Array(this.kernel.memory.buffer, this.kernel.longestAddress(this.address), this.longestLength);
    return Array.from(calls, (c) => this.callIds[c]!);
  }
}
