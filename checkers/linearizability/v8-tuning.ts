// V8 tuning for a process that checks history files. Loading the file checker (check-file.ts) applies it, so
// `faultline check` (its files checked in this thread or in worker threads) and the side-by-side benchmark's
// faultline checker get exactly the same treatment.
//
// At run time: V8's interrupt budget, the amount of bytecode a function runs before V8 considers optimizing it with
// TurboFan, is raised from its default (67,584) to INTERRUPT_BUDGET. A check of a few thousand calls finishes in a few
// milliseconds, before most of the optimized code it would trigger is ready; compiling it anyway costs a background
// thread's CPU, which on a busy machine competes with the check itself. With the higher budget only code that stays
// hot — the search loop and the loaders on long histories — is optimized, a little later. Flags are process-wide and
// this one is read whenever a function's budget is reset, so setting it at run time takes effect for the checker's
// functions, which have not run yet.
//
// The same holds for the WebAssembly search kernel (kernel/): V8 runs it first as Liftoff's baseline code and by
// default starts recompiling a function with TurboFan after about 1.8 MB of its code has run; that tier-up cost a
// 1,000-op check 0.5–1.6 ms of its search (measured side by side). WASM_TIERING_BUDGET puts it off until a search has
// run for a while, so only long checks pay for it, and profit from it. And the kernel is compiled whole when it loads
// (--no-wasm-lazy-compilation), not one function at its first call during a check: 0.5–0.7 ms less in a 1,000-op
// check (per-phase timings, 15 runs each).
//
// At start-up: CHECKER_NODE_OPTIONS, which V8 reads only when it sets up the heap, before any JavaScript runs — so
// the `faultline` bin passes them to node on its first line, and the benchmark starts its checker with them.
import { setFlagsFromString } from 'node:v8';

/** About six times V8's default. */
export const INTERRUPT_BUDGET = 400_000;

/** About 55 times V8's default (1,800,000). */
export const WASM_TIERING_BUDGET = 100_000_000;

/**
 * Node options a checking process starts with: a young generation of 16 MB semi-spaces from the start, instead of
 * V8's 1 MB that grows only after collections. A check allocates its parsed history, its calls and its model states
 * at once and keeps most of them; with the small default the first scavenges copy them all (three scavenges, ~3 ms,
 * in a 1,000-op check). With these options a 1,000-op check runs without any, and 10,000-op checks with fewer
 * (README, "Loading the checker", has the measurements).
 */
export const CHECKER_NODE_OPTIONS: readonly string[] = ['--min-semi-space-size=16'];

/** true when this process (or the process of this worker thread) was started with CHECKER_NODE_OPTIONS. */
export const startedWithCheckerOptions = (): boolean => CHECKER_NODE_OPTIONS.every((option) => process.execArgv.includes(option));

let tuned = false;

/** Applies the run-time tuning once per process; later calls do nothing. */
export function tuneV8ForChecks(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
  setFlagsFromString('--no-wasm-lazy-compilation');
}
