// EDN histories in the shapes Knossos and Jepsen publish (tests/fixtures/edn): one list over many lines with
// comments, records with tagged literals, multi-line maps in a vector; each loads, is detected as jepsen-edn and gets
// its verdict; invalid ones fail with `file:line`. The whole-CLI path is covered too.
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../../../checkers/linearizability/index.ts';
import { HistoryFormatError, loadHistory, readEdn } from '../../../core/history/formats/index.ts';
import { repoRoot } from '../../../core/paths.ts';

const fixture = (name: string): string => join(repoRoot, 'tests', 'fixtures', 'edn', name);
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof HistoryFormatError) return e.message;
    throw e;
  }
  throw new Error('expected a HistoryFormatError');
};

describe('EDN history shapes', () => {
  it('reads a Knossos-style list spread over many lines with ; comments', () => {
    const loaded = loadHistory(fixture('list-cas-register.edn'));
    expect(loaded.format).toBe('jepsen-edn');
    expect(loaded.ops).toHaveLength(16);
    expect(loaded.ops[0]).toEqual({ index: 0, type: 'invoke', process: 0, f: 'write', value: 1, time: 3 });
    // Times are the lines the ops start on: comments and blank lines count.
    expect(loaded.ops.map((op) => op.time).slice(0, 4)).toEqual([3, 4, 6, 7]);
    expect(loaded.ops[7]).toMatchObject({ type: 'fail', f: 'cas', value: [1, 3] });
    expect(checkLinearizability(loaded.ops, { model: 'cas-register' }).valid).toBe(true);
  });

  it('finds the stale read in a list history', () => {
    const loaded = loadHistory(fixture('list-register-stale-read.edn'));
    const result = checkLinearizability(loaded.ops, { model: 'register' });
    expect(result.valid).toBe(false);
    expect(result.anomalies[0]!.explanation).toContain('it read 1 but the register held 2');
  });

  it('reads #jepsen.history.Op records with #inst, #uuid, sets, namespaced tags and nemesis ops', () => {
    const loaded = loadHistory(fixture('records-with-tags.edn'));
    expect(loaded.format).toBe('jepsen-edn');
    expect(loaded.ops.map((op) => [op.index, op.time, op.process])).toEqual([
      [0, 1000, 0],
      [1, 2000, 'nemesis'],
      [2, 3000, 0],
      [3, 4000, 'nemesis'],
      [4, 5000, 1],
      [5, 6000, 1],
    ]);
    expect(loaded.ops[0]!.node).toBe('n1');
    expect(loaded.ops[1]!.value).toEqual(['n1', 'n2']);
    expect(loaded.ops[3]!.value).toEqual({ isolated: ['n1'], rest: ['n2', 'n3'] });
    expect(checkLinearizability(loaded.ops, { model: 'register' }).valid).toBe(true);
  });

  it('reads a vector of maps that each span several lines, with discarded forms', () => {
    const loaded = loadHistory(fixture('vector-multiline-maps.edn'));
    expect(loaded.ops.map((op) => [op.index, op.time, op.type, op.value])).toEqual([
      [0, 10, 'invoke', 'a'],
      [1, 20, 'ok', 'a'],
      [2, 30, 'invoke', null],
      [3, 40, 'ok', 'a'],
    ]);
    expect(loaded.ops[1]).not.toHaveProperty('debug');
    expect(checkLinearizability(loaded.ops, { model: 'register' }).valid).toBe(true);
  });

  it('names the file and line of invalid input', () => {
    const unclosed = fixture('bad-unclosed-list.edn');
    expect(errorOf(() => loadHistory(unclosed))).toBe(`${unclosed}:4: unbalanced '(' opened on line 2: end of input before ')'`);
    const notAMap = fixture('bad-not-a-map.edn');
    expect(errorOf(() => loadHistory(notAMap))).toBe(`${notAMap}:3: expected an op map, got ["process",0,"type","ok"]`);
  });

  it('reads the other EDN forms histories may hold', () => {
    expect(readEdn('(:a/b sym/bol "x\\ty" \\newline \\u0041 -7 +3 2.5M 10N ##-Inf #{1 2} {[1 2] :v, nil 0})')).toEqual([
      'a/b',
      'sym/bol',
      'x\ty',
      '\n',
      'A',
      -7,
      3,
      2.5,
      10,
      -Infinity,
      [1, 2],
      { '[1,2]': 'v', null: 0 },
    ]);
    expect(readEdn('#error {:cause "boom" :via [{:type java.io.IOException}]}')).toEqual({ cause: 'boom', via: [{ type: 'java.io.IOException' }] });
    expect(readEdn('"multi\nline" ; trailing comment')).toBe('multi\nline');
    expect(() => readEdn('#uuid 42', 'f.edn')).toThrow('f.edn:1: #uuid needs a string, got 42');
  });

  it('checks a Knossos-style list through faultline check, and reports bad input as file:line with exit 254', async () => {
    const cli = join(repoRoot, 'harness', 'cli', 'faultline.mjs');
    const good = await execa('node', [cli, 'check', fixture('list-register-stale-read.edn'), '--model', 'register'], { reject: false });
    expect(good.exitCode).toBe(1);
    expect(good.stdout).toContain('verdict: INVALID');
    const bad = await execa('node', [cli, 'check', fixture('bad-unclosed-list.edn'), '--model', 'register'], { reject: false });
    expect(bad.exitCode).toBe(254);
    expect(bad.stderr.trim()).toBe(`faultline: ${fixture('bad-unclosed-list.edn')}:4: unbalanced '(' opened on line 2: end of input before ')'`);
  }, 60_000);
});
