// The layer check: every import must point down the layer picture (ARCHITECTURE.md) or stay in its own layer, and
// no files may import each other in a cycle. `npm run lint:layers` prints violations; a unit test runs it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** What each top-level folder may import (besides itself). Folders not listed (scripts, tests) may import anything. */
export const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  runtime: ['core'],
  systems: ['core'],
  checkers: ['core'],
  reports: ['core', 'checkers'],
  nemeses: ['core'],
  workloads: ['core', 'systems', 'checkers'],
  harness: ['core', 'runtime', 'systems', 'checkers', 'reports', 'nemeses', 'workloads'],
};

export interface Violation {
  kind: 'upward' | 'cycle';
  /** Repository-relative paths: the importing file and what it imports (for a cycle: the files around it). */
  files: string[];
  message: string;
}

/** Static imports and re-exports (also spread over several lines), and dynamic imports, of relative paths. */
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(root: string, dir = root, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'store' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(root, path, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const topFolder = (root: string, file: string): string => relative(root, file).split(sep)[0]!;

/** Relative imports of one file, resolved to repository files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push(resolve(dirname(file), (m[1] ?? m[2])!));
  return out;
}

/** Strongly connected components with more than one file (Tarjan), i.e. import cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        scc.push(w);
        if (w === v) break;
      }
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Every upward import and every import cycle among the source files under `root`. */
export function checkLayers(root: string, allowed: Record<string, readonly string[]> = ALLOWED): Violation[] {
  const files = sourceFiles(root);
  const graph = new Map<string, string[]>();
  const violations: Violation[] = [];
  for (const file of files) {
    const from = topFolder(root, file);
    const targets = importsOf(file);
    graph.set(file, targets);
    const may = allowed[from];
    if (!may) continue;
    for (const target of targets) {
      const to = topFolder(root, target);
      if (to === from || may.includes(to) || !(to in allowed)) continue;
      const files2 = [relative(root, file), relative(root, target)];
      violations.push({ kind: 'upward', files: files2, message: `${files2[0]} imports ${files2[1]}: ${from}/ may import ${[from, ...may].join(', ')} only` });
    }
  }
  for (const scc of cycles(graph)) {
    const names = scc.map((f) => relative(root, f));
    violations.push({ kind: 'cycle', files: names, message: `import cycle among ${names.join(', ')}` });
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
  const found = checkLayers(root);
  for (const v of found) process.stderr.write(`layers: ${v.message}\n`);
  process.stdout.write(found.length === 0 ? 'layers: every import points down or within its layer; no cycles\n' : '');
  process.exitCode = found.length === 0 ? 0 : 1;
}
