// Loads the file checker (check-file.ts) the quickest way a fresh process can. `npm run build` bundles it into one
// CommonJS file (BUNDLE_FILE, beside the compiled module in dist/), runs a warm-up check on it and saves V8's code
// cache for it (CODE_CACHE_FILES): the bytecode of every function the warm-up ran. A process that loads the bundle with
// that cache skips parsing and compiling those functions: on the benchmark's 1,000-op histories a check then takes
// 0.74–0.99× the time it took without (README, "Loading the checker"). V8 takes a cache only from the same V8 version
// under the same flags, so the checker's V8 tuning is applied before compiling, both here and when the cache is made,
// and the build saves two caches: one for a process started with the checker's node options (CHECKER_NODE_OPTIONS, as
// the `faultline` bin starts) and one for a plain `node` (a script, a test); each process takes the one made under its
// own options. A cache V8 refuses (another Node version, other options) or one that is missing only costs that time:
// the bundle then compiles as usual. Run from the TypeScript sources (no bundle beside this file), the checker is
// imported as it is.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { replaceFile } from '../../core/files.ts';
import type { checkHistoryFile } from './check-file.ts';
import type { warmUp } from './warm-up.ts';
import { startedWithCheckerOptions, tuneV8ForChecks } from './v8-tuning.ts';

export const BUNDLE_FILE = 'file-checker.bundle.cjs';
/** The code cache for a process started with CHECKER_NODE_OPTIONS, and the one for a process started without. */
export const CODE_CACHE_FILES = { checkerOptions: 'file-checker.checker-options.v8-cache', plain: 'file-checker.v8-cache' } as const;

/** The code cache file that fits this process's start-up options. */
export const codeCacheFile = (): string => (startedWithCheckerOptions() ? CODE_CACHE_FILES.checkerOptions : CODE_CACHE_FILES.plain);

/** How the checker's code was loaded: with the saved code cache, or why not. */
export type CodeCacheStatus = 'accepted' | 'rejected' | 'absent' | 'unbundled';

export interface FileChecker {
  checkHistoryFile: typeof checkHistoryFile;
  codeCache: CodeCacheStatus;
}

interface BundleExports {
  checkHistoryFile: typeof checkHistoryFile;
  warmUp: typeof warmUp;
}

const ownDir = dirname(fileURLToPath(import.meta.url));

/** Compiles and runs the bundle in `dir` as a CommonJS module (with `cachedData` when given). */
function compileBundle(dir: string, cachedData?: Buffer): { script: Script; exports: BundleExports } {
  const file = join(dir, BUNDLE_FILE);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as BundleExports };
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  run(module.exports, createRequire(file), module, file, dir);
  return { script, exports: module.exports };
}

/** The file checker, from the bundle in `dir` (default: beside this module) with its code cache when there is one. */
export async function loadFileChecker(dir = ownDir): Promise<FileChecker> {
  tuneV8ForChecks();
  if (!existsSync(join(dir, BUNDLE_FILE))) {
    const { checkHistoryFile } = await import('./check-file.ts');
    return { checkHistoryFile, codeCache: 'unbundled' };
  }
  const cacheFile = join(dir, codeCacheFile());
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const { script, exports } = compileBundle(dir, cachedData);
  const codeCache: CodeCacheStatus = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'accepted';
  return { checkHistoryFile: exports.checkHistoryFile, codeCache };
}

/**
 * Makes the code cache for the bundle in `dir` that fits this process's start-up options (the build's last step,
 * run once in a process of each kind): compiles the bundle, runs the warm-up check and writes the cache
 * (atomically). Throws when a warm-up verdict is wrong: such a build must not be used.
 */
export function saveCodeCache(dir: string): { file: string; bytes: number; histories: number } {
  tuneV8ForChecks();
  const { script, exports } = compileBundle(dir);
  const verdicts = exports.warmUp();
  const wrong = verdicts.filter((v) => v.valid !== !v.violation);
  if (wrong.length > 0) throw new Error(`the bundled checker got warm-up histories wrong: ${JSON.stringify(wrong)}`);
  const data = script.createCachedData();
  const file = codeCacheFile();
  replaceFile(join(dir, file), data);
  return { file, bytes: data.length, histories: verdicts.length };
}
