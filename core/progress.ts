// Progress output on stderr: timestamped lines, and timed steps for anything that takes more than a moment.
import { plainLine } from './errors.ts';

export interface Progress {
  info(message: string): void;
  warn(message: string): void;
  /** Runs fn, printing the label before and the elapsed time after (or the failure). */
  step<T>(label: string, fn: () => Promise<T>): Promise<T>;
}

const startedAt = Date.now();
const stamp = (): string => `[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)}s]`;

export function createProgress(opts: { quiet?: boolean; write?: (line: string) => void } = {}): Progress {
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const out = (line: string): void => {
    if (!opts.quiet) write(`${stamp()} ${line}`);
  };
  return {
    info: out,
    warn: (m) => out(`warning: ${plainLine(m)}`),
    async step(label, fn) {
      const t0 = Date.now();
      out(`${label} ...`);
      try {
        const result = await fn();
        out(`${label}: done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
        return result;
      } catch (e) {
        out(`${label}: failed after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
        throw e;
      }
    },
  };
}

export const silentProgress: Progress = createProgress({ quiet: true });
