// Abort safety: cleanup actions registered while something is half-made run on success, failure, SIGINT, SIGTERM and
// on an error nothing caught (an uncaught exception or unhandled rejection, e.g. thrown by a client library inside a
// socket callback). Such an error never ends the process on the spot, which would leave faults unhealed and exit 1
// (the code for "anomalies found"): a running test is told to stop and unwinds as for a signal, then exits 255.

type Action = { label: string; run: () => Promise<void> };

/** Why a run is being stopped from outside its own flow. */
export type InterruptReason = NodeJS.Signals | 'crash';

const stack: Action[] = [];
let signalled: NodeJS.Signals | undefined;
let crash: Error | undefined;
let installed = false;
const listeners = new Set<(reason: InterruptReason) => void>();

/** The signal that interrupted this process, if any; long-running loops poll this to stop early. */
export const interruptedBy = (): NodeJS.Signals | undefined => signalled;

/** The exit code of a process stopped by `signal`: 130 for SIGINT, 143 for SIGTERM. */
export const signalExitCode = (signal: NodeJS.Signals): number => (signal === 'SIGINT' ? 130 : 143);

/** The first error that nothing caught, if any: the harness itself failed (exit 255). */
export const crashedWith = (): Error | undefined => crash;

/** Called once when SIGINT/SIGTERM arrives or an error goes uncaught (e.g. to make a running test stop its generator). */
export function onInterrupt(listener: (reason: InterruptReason) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Errors thrown inside the Kafka client library's own socket and timer callbacks (see systems/kafka/client-guards.ts
 * for the known ones). Such an error belongs to one request of one client, whose op then never completes: the op
 * times out as `info` and the process is retired with its client, which is exactly how an indeterminate op is
 * handled. So these are counted and reported, not fatal.
 */
const CLIENT_LIBRARY_FRAME = /node_modules[\\/]@platformatic[\\/]kafka[\\/]/;
const clientLibraryErrors = { count: 0, messages: [] as string[] };

/** The uncaught errors the Kafka client library threw so far: their count and the first 20 messages. */
export const clientLibraryErrorsSeen = (): { count: number; messages: string[] } => ({
  count: clientLibraryErrors.count,
  messages: [...clientLibraryErrors.messages],
});

/** Starts counting afresh: each run of a suite (one process, one run at a time) reports only its own. */
export function resetClientLibraryErrors(): void {
  clientLibraryErrors.count = 0;
  clientLibraryErrors.messages = [];
}

function onUncaught(e: unknown): void {
  const error = e instanceof Error ? e : new Error(String(e));
  const firstFrame = (error.stack ?? '').split('\n').find((line) => /^\s+at /.test(line)) ?? '';
  if (CLIENT_LIBRARY_FRAME.test(firstFrame)) {
    clientLibraryErrors.count++;
    if (clientLibraryErrors.messages.length < 20) clientLibraryErrors.messages.push(error.message);
    process.stderr.write(`faultline: the Kafka client library threw in a callback (${error.message}); the request it belonged to will time out as info\n`);
    return;
  }
  process.stderr.write(`\nfaultline: internal error (uncaught): ${process.env.FAULTLINE_DEBUG ? error.stack : error.message}\n`);
  if (crash) return;
  crash = error;
  process.stderr.write('faultline: healing faults and tearing down ...\n');
  for (const l of listeners) l('crash');
  if (listeners.size === 0) void runAll().finally(() => process.exit(255));
}

function install(): void {
  if (installed) return;
  installed = true;
  const handler = (signal: NodeJS.Signals): void => {
    if (signalled) {
      process.stderr.write(`\nfaultline: second ${signal}, cleaning up before exit (wait for it)\n`);
      return;
    }
    signalled = signal;
    process.stderr.write(`\nfaultline: ${signal} received, healing faults and tearing down ...\n`);
    for (const l of listeners) l(signal);
    // With no active run listening, unwind here; a running test unwinds in its own finally blocks.
    if (listeners.size === 0) {
      void runAll().finally(() => process.exit(signalExitCode(signal)));
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
}

/** Registers an undo action; returns a function that removes it (call it once the thing is torn down normally). */
export function registerCleanup(label: string, run: () => Promise<void>): () => void {
  install();
  const action = { label, run };
  stack.push(action);
  return () => {
    const i = stack.indexOf(action);
    if (i >= 0) stack.splice(i, 1);
  };
}

/** The cleanup pass under way, if any: a second caller (a signal handler and main's finally) waits for the same one. */
let running: Promise<void> | undefined;

/**
 * Runs every registered action, newest first; failures are reported and do not stop the others. Concurrent calls
 * share one pass, so no caller returns (and exits the process) while another is still tearing something down.
 */
export function runAll(): Promise<void> {
  running ??= (async () => {
    while (stack.length > 0) {
      const action = stack.pop()!;
      try {
        await action.run();
      } catch (e) {
        process.stderr.write(`faultline: cleanup "${action.label}" failed: ${e instanceof Error ? e.message : e}\n`);
      }
    }
  })().finally(() => {
    running = undefined;
  });
  return running;
}

export function ensureSignalHandlers(): void {
  install();
}
