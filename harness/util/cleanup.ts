// Abort safety: cleanup actions registered while something is half-made run on success, failure, SIGINT and SIGTERM.

type Action = { label: string; run: () => Promise<void> };

const stack: Action[] = [];
let signalled: NodeJS.Signals | undefined;
let installed = false;
const listeners = new Set<(signal: NodeJS.Signals) => void>();

/** The signal that interrupted this process, if any; long-running loops poll this to stop early. */
export const interruptedBy = (): NodeJS.Signals | undefined => signalled;

/** Called once when SIGINT/SIGTERM arrives (e.g. to make a running test stop its generator). */
export function onInterrupt(listener: (signal: NodeJS.Signals) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
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
      void runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
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

/** Runs every registered action, newest first; failures are reported and do not stop the others. */
export async function runAll(): Promise<void> {
  while (stack.length > 0) {
    const action = stack.pop()!;
    try {
      await action.run();
    } catch (e) {
      process.stderr.write(`faultline: cleanup "${action.label}" failed: ${e instanceof Error ? e.message : e}\n`);
    }
  }
}

export function ensureSignalHandlers(): void {
  install();
}
