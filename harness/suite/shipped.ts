// The suites shipped with faultline (suites/*.yaml|json in the repository) and how a `faultline suite` argument is
// found: an existing file, else a shipped suite of that name.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { repoRoot } from '../../core/paths.ts';
import { UserError } from '../../core/errors.ts';

export const SHIPPED_SUITES_DIR = join(repoRoot, 'suites');
const SUITE_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Shipped suites: name → file. */
export function shippedSuites(): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(SHIPPED_SUITES_DIR)) return found;
  for (const file of readdirSync(SHIPPED_SUITES_DIR).sort()) {
    const ext = extname(file);
    if (SUITE_EXTENSIONS.includes(ext)) found.set(file.slice(0, -ext.length), join(SHIPPED_SUITES_DIR, file));
  }
  return found;
}

/** The file a `faultline suite <name|file>` argument names; shipped files are shown relative to the repository. */
export function suiteFileFor(arg: string): { path: string; shown: string } {
  if (existsSync(arg) && statSync(arg).isFile()) return { path: arg, shown: arg };
  const shipped = shippedSuites().get(arg);
  if (shipped) return { path: shipped, shown: relative(repoRoot, shipped) };
  const names = [...shippedSuites().keys()];
  throw new UserError(`${arg}: no such suite file, and no shipped suite of that name (shipped: ${names.join(', ') || 'none'}; see faultline suite --list)`);
}
