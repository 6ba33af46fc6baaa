#!/usr/bin/env -S node --min-semi-space-size=16
// Entry point of the `faultline` bin. Runs the compiled CLI (dist/, built by `npm run build`, which `npm ci` runs
// through `prepare`), so a start costs no transpiling. When dist/ is missing or older than a source file (a checkout
// being edited), it loads the TypeScript sources through tsx instead, so a stale build never runs.
// The first line starts node with the file checker's start-up options (CHECKER_NODE_OPTIONS in
// checkers/linearizability/v8-tuning.ts: a larger young generation); `node faultline.mjs` works too, without them.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SOURCES = ['core', 'runtime', 'systems', 'checkers', 'reports', 'nemeses', 'workloads', 'harness'];
const stamp = join(root, 'dist', '.built');

function newestSource(dir, newest = 0) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(path, newest);
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const fresh = () => existsSync(stamp) && SOURCES.every((d) => newestSource(join(root, d)) <= statSync(stamp).mtimeMs);

let main;
if (!process.env.FAULTLINE_FROM_SOURCE && fresh()) {
  ({ main } = await import(new URL('../../dist/harness/cli/main.js', import.meta.url).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
const code = await main(process.argv);
// Everything is written and torn down by now: exit even if a client library left a socket or timer behind — but only
// once stdout and stderr have drained, so that output piped into another program (`| jq`) arrives whole.
const drained = (stream) => new Promise((resolve) => stream.write('', resolve));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
