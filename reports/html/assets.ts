// Reads the Vega, Vega-Lite and Vega-Embed browser bundles from node_modules, to be inlined into the report.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** In dependency order: vega-lite needs vega, vega-embed needs both. */
const BUNDLES = [
  { pkg: 'vega', file: 'build/vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
];

let cached: string[] | undefined;

/** Node's own lookup: node_modules/<pkg> in this folder or the nearest ancestor (the packages do not export build/). */
function findInNodeModules(pkg: string, file: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg, file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`report: cannot find ${pkg}/${file} in any node_modules (is ${pkg} installed?)`);
  }
}

/**
 * The bundles' source text, ready to sit inside <script> elements. Line endings are normalised to \n (as the HTML
 * parser would do) so that the CSP hashes computed over this text match what the browser hashes.
 */
export function vegaBundles(): string[] {
  cached ??= BUNDLES.map(({ pkg, file }) => {
    const source = readFileSync(findInNodeModules(pkg, file), 'utf8').replace(/\r\n?/g, '\n');
    if (/<\/script|<!--/i.test(source)) throw new Error(`report: ${pkg}/${file} contains "</script" or "<!--" and cannot be inlined as is`);
    return source;
  });
  return cached;
}
