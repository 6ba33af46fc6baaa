// V8 tuning for a process that checks history files. Loading the file checker (check-file.ts) applies it, so
// `faultline check` (its files checked in this thread or in worker threads) and the side-by-side benchmark's
// faultline checker get exactly the same treatment.
//
// The one setting: V8's interrupt budget, the amount of bytecode a function runs before V8 considers optimizing it
// with TurboFan, is raised from its default (67,584) to INTERRUPT_BUDGET. A check of a few thousand calls finishes in
// a few milliseconds, before most of the optimized code it would trigger is ready; compiling it anyway costs a
// background thread's CPU, which on a busy machine competes with the check itself. With the higher budget only code
// that stays hot — the search loop and the loaders on long histories — is optimized, a little later. Flags are
// process-wide and this one is read whenever a function's budget is reset, so setting it at run time takes effect for
// the checker's functions, which have not run yet.
import { setFlagsFromString } from 'node:v8';

/** About six times V8's default. */
export const INTERRUPT_BUDGET = 400_000;

let tuned = false;

/** Applies the tuning once per process; later calls do nothing. */
export function tuneV8ForChecks(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
