// Recorded runs committed under tests/fixtures/runs (see its README): each is unpacked into a temporary directory
// laid out as the run directory it came from — same name (the wall-clock start), history.jsonl, spec.json and
// nodes/<node>/server.log — so the code under test reads it exactly as it reads a stored run.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Op } from '../../../core/history/op.ts';
import { repoRoot } from '../../../core/paths.ts';

export const RECORDED_RUNS = join(repoRoot, 'tests', 'fixtures', 'runs');

const gunzipText = (path: string): string => gunzipSync(readFileSync(path)).toString('utf8');

/** Unpacks a recorded run; returns the path of its run directory. */
export function unpackRun(name: string): string {
  const source = join(RECORDED_RUNS, name);
  const { runDirectory } = JSON.parse(readFileSync(join(source, 'origin.json'), 'utf8')) as { runDirectory: string };
  const dir = join(mkdtempSync(join(tmpdir(), `faultline-${name}-`)), runDirectory);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'spec.json'), readFileSync(join(source, 'spec.json')));
  // A run kept for its logs only has no history: an empty one stands in.
  const history = join(source, 'history.jsonl.gz');
  writeFileSync(join(dir, 'history.jsonl'), existsSync(history) ? gunzipText(history) : '');
  const nodes = join(source, 'nodes');
  if (!existsSync(nodes)) return dir;
  for (const node of readdirSync(nodes, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)) {
    mkdirSync(join(dir, 'nodes', node), { recursive: true });
    for (const file of readdirSync(join(nodes, node)).filter((f) => f.endsWith('.gz'))) {
      writeFileSync(join(dir, 'nodes', node, file.replace(/\.gz$/, '')), gunzipText(join(nodes, node, file)));
    }
  }
  return dir;
}

export function readOps(runDir: string): Op[] {
  return readFileSync(join(runDir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Op);
}
