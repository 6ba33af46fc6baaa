// Where faultline keeps things: the repository root, the download/build cache, the run store.
import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding faultline's package.json: found by walking up, so sources and the compiled dist/ agree. */
export const repoRoot = ((): string => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'systems'))) return dir;
    if (dirname(dir) === dir) throw new Error('faultline: cannot find the repository root above ' + fileURLToPath(import.meta.url));
  }
})();

/** Cache for resolved Kafka distributions and the like: $FAULTLINE_CACHE, else $XDG_CACHE_HOME/faultline, else ~/.cache/faultline. */
export function cacheDir(): string {
  if (process.env.FAULTLINE_CACHE) return resolve(process.env.FAULTLINE_CACHE);
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'faultline');
}

/** Run store: $FAULTLINE_STORE, else ./store in the current directory. */
export function storeDir(): string {
  return resolve(process.env.FAULTLINE_STORE ?? 'store');
}
