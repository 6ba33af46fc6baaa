// Every public Porcupine history (etcd logs, MIT 6.824 kv) must get the verdict listed in its VERDICTS.tsv,
// through loadHistory (format auto-detected) and checkLinearizability.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../../../checkers/linearizability/index.ts';
import { loadHistory } from '../../../core/history/formats/index.ts';
import { repoRoot } from '../../../core/paths.ts';

/** Porcupine's public test data, committed under tests/fixtures so these verdict tests always run. */
const dataDir = join(repoRoot, 'tests', 'fixtures', 'porcupine');
const verdictsFile = join(dataDir, 'VERDICTS.tsv');

const rows = readFileSync(verdictsFile, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [file, model, invocations, expected] = line.split('\t');
    return { file: file!, model: model!, invocations: Number(invocations), expected: expected === 'true' };
  });

describe(`Porcupine histories in ${dataDir}`, () => {
  it('covers the etcd and kv sets', () => {
    expect(rows.filter((r) => r.model === 'etcd-register').length).toBe(102);
    expect(rows.filter((r) => r.model === 'kv').length).toBe(6);
  });

  it.each(rows)('$file is linearizable=$expected under $model', ({ file, model, invocations, expected }) => {
    const history = loadHistory(join(dataDir, file));
    expect(history.format).toBe(model === 'kv' ? 'porcupine-kv' : 'porcupine-log');
    expect(history.warnings).toEqual([]);
    expect(history.ops.filter((op) => op.type === 'invoke').length).toBe(invocations);
    const result = checkLinearizability(history.ops, { model });
    expect(result.valid).toBe(expected);
    if (!expected) {
      expect(result.anomalies[0]!.type).toBe('nonlinearizable');
      expect(result.counterexample!.stuck.length).toBeGreaterThan(0);
    }
  });
});
