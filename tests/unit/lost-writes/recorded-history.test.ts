// The lost-writes checker is not vacuous: on a real history recorded against Kafka 4.4.0 under the kill nemesis,
// removing one acknowledged value from the final read makes `faultline check` report exactly that value as lost
// (exit 1), and duplicating one makes it report a duplicate.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import type { Op } from '../../../core/history/op.ts';
import { checkLostWrites } from '../../../checkers/lost-writes/index.ts';
import { repoRoot } from '../../../core/paths.ts';

const FIXTURE = join(repoRoot, 'tests', 'fixtures', 'lost-writes-kill');
const CLI = join(repoRoot, 'harness', 'cli', 'faultline.mjs');

const readOps = (path: string): Op[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Op);

type ReadValue = { partition: number; records: Array<[number, number]> };

/** A copy of the recorded run whose final reads were changed by `edit`. */
function mutatedRun(edit: (ops: Op[]) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-lw-'));
  copyFileSync(join(FIXTURE, 'spec.json'), join(dir, 'spec.json'));
  const ops = readOps(join(FIXTURE, 'history.jsonl'));
  edit(ops);
  writeFileSync(join(dir, 'history.jsonl'), ops.map((o) => JSON.stringify(o)).join('\n') + '\n');
  return dir;
}

const finalReads = (ops: Op[]): Op[] => ops.filter((o) => o.f === 'read' && o.type === 'ok');
const checkDir = async (dir: string) => {
  const r = await execa('node', [CLI, 'check', dir, '--json'], { reject: false });
  return {
    code: r.exitCode,
    result: JSON.parse(r.stdout || '{}') as {
      valid: unknown;
      checkers: Record<string, { anomalies: Array<{ type: string; details: { value: number } }>; stats: Record<string, unknown> }>;
    },
  };
};

describe('lost-writes checker on a recorded Kafka history', () => {
  it('the recorded run itself is valid, with thousands of acknowledged writes and kills in it', () => {
    const ops = readOps(join(FIXTURE, 'history.jsonl'));
    const r = checkLostWrites(ops);
    expect(r.valid).toBe(true);
    expect(r.stats.acknowledged as number).toBeGreaterThan(1000);
    expect(r.stats.lost).toBe(0);
    expect(ops.some((o) => o.process === 'nemesis' && (o.value as { action: string }).action === 'kill')).toBe(true);
  });

  it('removing one acknowledged value from the final read: exactly that value is lost, exit 1', async () => {
    let removed = -1;
    const dir = mutatedRun((ops) => {
      const read = finalReads(ops)[2]!;
      const v = read.value as ReadValue;
      removed = v.records.splice(17, 1)[0]![1];
    });
    const { code, result } = await checkDir(dir);
    expect(code).toBe(1);
    expect(result.valid).toBe(false);
    const anomalies = result.checkers['lost-writes']!.anomalies;
    expect(anomalies.map((a) => [a.type, a.details.value])).toEqual([['lost', removed]]);
  });

  it('duplicating one value in the final read: a duplicate of exactly that value, exit 1', async () => {
    let duplicated = -1;
    const dir = mutatedRun((ops) => {
      const read = finalReads(ops)[0]!;
      const v = read.value as ReadValue;
      const [offset, value] = v.records[5]!;
      duplicated = value;
      v.records.push([v.records[v.records.length - 1]![0] + 1, value]);
      void offset;
    });
    const { code, result } = await checkDir(dir);
    expect(code).toBe(1);
    const anomalies = result.checkers['lost-writes']!.anomalies;
    expect(anomalies.map((a) => [a.type, a.details.value])).toEqual([['duplicated', duplicated]]);
  });

  it('a value read but never sent is unexpected', () => {
    const ops = readOps(join(FIXTURE, 'history.jsonl'));
    (finalReads(ops)[1]!.value as ReadValue).records.push([99999, 123456789]);
    const r = checkLostWrites(ops);
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((a) => a.type)).toEqual(['unexpected']);
  });

  it('a partition whose final read failed makes the verdict unknown, not valid', () => {
    const ops = readOps(join(FIXTURE, 'history.jsonl'));
    const read = finalReads(ops)[0]!;
    read.type = 'fail';
    delete (read.value as Partial<ReadValue>).records;
    const r = checkLostWrites(ops);
    expect(r.valid).toBe('unknown');
    expect(r.stats.unknown as number).toBeGreaterThan(0);
  });
});
