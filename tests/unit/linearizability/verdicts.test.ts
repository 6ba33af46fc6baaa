// Every public Porcupine history (etcd logs, MIT 6.824 kv) must get the verdict listed in its VERDICTS.tsv,
// through loadHistory (format auto-detected) and checkLinearizability.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../../../checkers/linearizability/index.ts';
import { loadHistory } from '../../../core/history/formats/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = process.env.FAULTLINE_PORCUPINE_DATA ?? join(repoRoot, '..', 'shared', 'data', 'porcupine');
const verdictsFile = join(dataDir, 'VERDICTS.tsv');

const rows = existsSync(verdictsFile)
  ? readFileSync(verdictsFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [file, model, invocations, expected] = line.split('\t');
        return { file: file!, model: model!, invocations: Number(invocations), expected: expected === 'true' };
      })
  : [];

describe.skipIf(rows.length === 0)(`Porcupine histories in ${dataDir}`, () => {
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
