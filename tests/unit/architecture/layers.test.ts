// The layer check: the repository's imports all point down the layer picture with no cycles, and the check does
// catch an upward import and a cycle when one is added (in a scratch tree shaped like the repository).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../core/paths.ts';
import { checkLayers } from '../../../scripts/layers.ts';

const scratch: string[] = [];
afterEach(() => {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'faultline-layers-'));
  scratch.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('layer check', () => {
  it('passes on this repository', () => {
    expect(checkLayers(repoRoot).map((v) => v.message)).toEqual([]);
  });

  it('fails on an import that climbs a layer, naming both files', () => {
    const root = tree({
      'core/spec.ts': "import { runTest } from '../harness/run/runner.ts';\nexport const x = runTest;\n",
      'harness/run/runner.ts': 'export const runTest = 1;\n',
      'nemeses/kill/index.ts': "import type { Workload } from '../../workloads/index.ts';\nexport type W = Workload;\n",
      'workloads/index.ts': "import {\n  a,\n} from '../core/spec.ts';\nexport type Workload = typeof a;\n",
    });
    const found = checkLayers(root);
    expect(found.map((v) => v.kind)).toEqual(['upward', 'upward']);
    expect(found[0]!.message).toBe('core/spec.ts imports harness/run/runner.ts: core/ may import core only');
    expect(found[1]!.files).toEqual(['nemeses/kill/index.ts', 'workloads/index.ts']);
  });

  it('fails on a cycle, even within one layer', () => {
    const root = tree({
      'checkers/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'checkers/b.ts': "export { a as b } from './a.ts';\n",
      'checkers/c.ts': "import { a } from './a.ts';\nexport const c = a;\n",
    });
    expect(checkLayers(root)).toEqual([
      { kind: 'cycle', files: ['checkers/a.ts', 'checkers/b.ts'], message: 'import cycle among checkers/a.ts, checkers/b.ts' },
    ]);
  });
});
