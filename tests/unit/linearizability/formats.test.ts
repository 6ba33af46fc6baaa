// History loaders: each format, auto-detection, and the file:line errors for malformed input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../../../checkers/linearizability/index.ts';
import { detectHistoryFormat, HistoryFormatError, loadHistory, readEdn } from '../../../core/history/formats/index.ts';
import type { Op } from '../../../core/history/op.ts';

const dir = mkdtempSync(join(tmpdir(), 'faultline-formats-'));
let counter = 0;
const fileWith = (text: string, name = 'history'): string => {
  const path = join(dir, `${name}-${counter++}`);
  writeFileSync(path, text);
  return path;
};
/** The message of the HistoryFormatError thrown by `load` (fails the test otherwise). */
const formatError = (load: () => unknown): string => {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(HistoryFormatError);
    return (e as Error).message;
  }
  throw new Error('expected a HistoryFormatError');
};

const jsonlOps: Op[] = [
  { index: 0, type: 'invoke', process: 0, f: 'write', value: 1, time: 10 },
  { index: 1, type: 'invoke', process: 'nemesis', f: 'kill', value: { family: 'kill', action: 'kill', phase: 'start', targets: ['n1'] }, time: 11 },
  { index: 2, type: 'ok', process: 0, f: 'write', value: 1, time: 12, node: 'n2' },
  { index: 3, type: 'invoke', process: 1, f: 'read', value: null, time: 13 },
  { index: 4, type: 'info', process: 1, f: 'read', value: null, time: 14, error: 'timeout' },
];
const jsonl = (ops: Op[]): string => ops.map((op) => JSON.stringify(op)).join('\n') + '\n';

describe('jsonl', () => {
  it('loads faultline histories as written, detecting the format', () => {
    const loaded = loadHistory(fileWith(jsonl(jsonlOps)));
    expect(loaded).toEqual({ ops: jsonlOps, format: 'jsonl', warnings: [] });
  });

  it('keeps every field a line was written with, requests included', () => {
    const withRequests: Op[] = [jsonlOps[0]!, { ...jsonlOps[2]!, index: 1, requests: 2 }];
    expect(loadHistory(fileWith(jsonl(withRequests))).ops).toEqual(withRequests);
    const badRequests = fileWith(jsonl([{ ...jsonlOps[0]!, requests: 'two' as unknown as number }]));
    expect(formatError(() => loadHistory(badRequests))).toBe(`${badRequests}:1: requests must be an integer`);
  });

  it('reports a torn last line as a warning and keeps the rest', () => {
    const path = fileWith(jsonl(jsonlOps) + '{"index":5,"type":"invoke","proc');
    const loaded = loadHistory(path, 'jsonl');
    expect(loaded.ops).toHaveLength(5);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatch(new RegExp(`^${path}:6: torn last line ignored`));
  });

  it('rejects a malformed line that is not the last one', () => {
    const lines = jsonl(jsonlOps).split('\n');
    lines[1] = '{"index": 1, oops';
    const path = fileWith(lines.join('\n'));
    expect(formatError(() => loadHistory(path, 'jsonl'))).toMatch(new RegExp(`^${path}:2: not valid JSON`));
  });

  it('rejects a completion with no pending invocation', () => {
    const path = fileWith(jsonl([{ index: 0, type: 'ok', process: 3, f: 'read', value: 1, time: 0 }]));
    expect(formatError(() => loadHistory(path))).toBe(`${path}:1: ok read of process 3 has no pending invocation`);
  });

  it('rejects a second invocation while one is pending, and bad fields', () => {
    const twice = fileWith(jsonl([jsonlOps[0]!, { ...jsonlOps[0]!, index: 1 }]));
    expect(formatError(() => loadHistory(twice))).toBe(`${twice}:2: process 0 invokes write while its write from line 1 is still pending`);
    const badType = fileWith(jsonl([{ ...jsonlOps[0]!, type: 'done' as Op['type'] }]));
    expect(formatError(() => loadHistory(badType))).toBe(`${badType}:1: type must be one of invoke, ok, fail, info; got "done"`);
    const noIndex = fileWith('{"type":"invoke","process":0,"f":"read","value":null,"time":0}\n');
    expect(formatError(() => loadHistory(noIndex, 'jsonl'))).toBe(`${noIndex}:1: index must be an integer; got undefined`);
  });
});

describe('jepsen-edn', () => {
  const vectorHistory = [
    '[{:type :invoke, :f :write, :value 3, :process 0}',
    ' {:type :invoke, :f :start, :value nil, :process :nemesis}',
    ' {:type :ok, :f :write, :value 3, :process 0}',
    ' {:type :info, :f :start, :value [:isolated #{"n1" "n2"}], :process :nemesis}',
    ' {:type :invoke, :f :cas, :value [3 4], :process 1}',
    ' {:type :info, :f :cas, :value [3 4], :process 1, :error :timeout}',
    ' {:type :invoke, :f :read, :value nil, :process 2}',
    ' ; a comment',
    ' {:type :ok, :f :read, :value 4, :process 2}]',
  ].join('\n');

  it('reads a vector of op maps: keywords, nil, sets, nemesis ops, dense indices, line times', () => {
    const loaded = loadHistory(fileWith(vectorHistory, 'vector'));
    expect(loaded.format).toBe('jepsen-edn');
    expect(loaded.ops.map((op) => op.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(loaded.ops.map((op) => op.time)).toEqual([1, 2, 3, 4, 5, 6, 7, 9]);
    expect(loaded.ops[0]).toEqual({ index: 0, type: 'invoke', process: 0, f: 'write', value: 3, time: 1 });
    expect(loaded.ops[3]).toMatchObject({ type: 'info', process: 'nemesis', f: 'start', value: ['isolated', ['n1', 'n2']] });
    expect(loaded.ops[5]).toMatchObject({ type: 'info', f: 'cas', value: [3, 4], error: 'timeout' });
    expect(checkLinearizability(loaded.ops, { model: 'cas-register' }).valid).toBe(true);
  });

  it('reads one map per line, keeping :index and :time', () => {
    const text = [
      '{:index 0, :time 1000, :type :invoke, :process 0, :f :read, :value nil}',
      '{:index 1, :time 2000, :type :ok, :process 0, :f :read, :value 5}',
      '#jepsen.history.Op{:index 2, :time 3000, :type :invoke, :process 1, :f :write, :value "a\\"b"}',
    ].join('\n');
    const loaded = loadHistory(fileWith(text));
    expect(loaded.format).toBe('jepsen-edn');
    expect(loaded.ops.map((op) => [op.index, op.time, op.value])).toEqual([
      [0, 1000, null],
      [1, 2000, 5],
      [2, 3000, 'a"b'],
    ]);
  });

  it('reports an unbalanced bracket with the line it was opened on', () => {
    const path = fileWith('[{:type :invoke, :f :read, :process 0}\n {:type :ok, :f :read, :process 0, :value [1 2}\n]');
    expect(formatError(() => loadHistory(path, 'jepsen-edn'))).toBe(`${path}:2: mismatched '}': '[' opened on line 2 expects ']'`);
    const open = fileWith('{:type :invoke, :f :read, :process 0\n');
    expect(formatError(() => loadHistory(open, 'jepsen-edn'))).toBe(`${open}:2: unbalanced '{' opened on line 1: end of input before '}'`);
  });

  it('rejects unknown tags with their line', () => {
    const path = fileWith('{:type :invoke, :f :read, :process 0}\n{:type :ok, :f :read, :process 0, :value #foo 3}\n');
    expect(formatError(() => loadHistory(path, 'jepsen-edn'))).toBe(`${path}:2: unknown tag '#foo'`);
  });

  it('rejects a completion without an invocation', () => {
    const path = fileWith('{:type :invoke, :f :read, :process 0}\n{:type :ok, :f :read, :process 1, :value 3}\n');
    expect(formatError(() => loadHistory(path))).toBe(`${path}:2: ok read of process 1 has no pending invocation`);
  });
});

describe('porcupine-log', () => {
  const log = [
    '2015-04-04 INFO  jepsen.core - Running test',
    'INFO  jepsen.util - 0\t:invoke\t:write\t3',
    'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 0\t:ok\t:write\t3',
    'INFO  jepsen.util - 1\t:ok\t:read\t3',
    'INFO  jepsen.util - 2   :invoke :cas    [3 4]',
    'INFO  jepsen.util - 2   :info   :cas    :timed-out',
    'INFO  jepsen.util - 3\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 3\t:fail\t:read\t:timed-out',
    'INFO  jepsen.util - 7\t:invoke\t:cas\t[9 1]',
    'INFO  jepsen.util - 7\t:fail\t:cas\t[9 1]',
    'INFO  jepsen.util - 4\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 4\t:ok\t:read\t4',
    'WARN  some other line',
  ].join('\n');

  it('reads console lines (tabs or spaces), turning :timed-out into an error on the invocation value', () => {
    const loaded = loadHistory(fileWith(log, 'etcd.log'));
    expect(loaded.format).toBe('porcupine-log');
    expect(loaded.ops).toHaveLength(12);
    expect(loaded.ops[0]).toEqual({ index: 0, type: 'invoke', process: 0, f: 'write', value: 3, time: 2 });
    expect(loaded.ops[5]).toEqual({ index: 5, type: 'info', process: 2, f: 'cas', value: [3, 4], time: 7, error: 'timed-out' });
    expect(loaded.ops[7]).toEqual({ index: 7, type: 'fail', process: 3, f: 'read', value: null, time: 9, error: 'timed-out' });
    expect(loaded.ops[9]).toMatchObject({ type: 'fail', f: 'cas', value: [9, 1] });
    expect(checkLinearizability(loaded.ops, { model: 'etcd-register' }).valid).toBe(true);
  });

  it('rejects a completion with no pending invocation', () => {
    const path = fileWith('INFO  jepsen.util - 0\t:ok\t:read\t3\n');
    expect(formatError(() => loadHistory(path, 'porcupine-log'))).toBe(`${path}:1: ok read of process 0 has no pending invocation`);
  });

  it('reports a malformed value with its line', () => {
    const path = fileWith('INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2\n');
    expect(formatError(() => loadHistory(path, 'porcupine-log'))).toMatch(new RegExp(`^${path}:1: unbalanced '\\['`));
  });
});

describe('porcupine-kv', () => {
  it('puts the key into the op value', () => {
    const text = [
      '{:process 0, :type :invoke, :f :put, :key "k", :value "a"}',
      '{:process 0, :type :ok, :f :put, :key "k", :value "a"}',
      '{:process 1, :type :invoke, :f :get, :key "k", :value nil}',
      '{:process 1, :type :ok, :f :get, :key "k", :value "a"}',
    ].join('\n');
    const loaded = loadHistory(fileWith(text, 'kv.txt'));
    expect(loaded.format).toBe('porcupine-kv');
    expect(loaded.ops.map((op) => op.value)).toEqual([
      ['k', 'a'],
      ['k', 'a'],
      ['k', null],
      ['k', 'a'],
    ]);
    expect(checkLinearizability(loaded.ops, { model: 'kv' }).valid).toBe(true);
  });

  it('requires a string key', () => {
    const path = fileWith('{:process 0, :type :invoke, :f :get, :key 5, :value nil}\n');
    expect(formatError(() => loadHistory(path, 'porcupine-kv'))).toBe(`${path}:1: :key must be a string; got 5`);
  });
});

describe('format detection', () => {
  it('refuses an empty file', () => {
    const path = fileWith('\n\n');
    expect(formatError(() => loadHistory(path))).toBe(`${path}:1: empty history: cannot tell its format`);
  });

  it('finds a porcupine log line behind other log lines, and takes JSON lines that mention jepsen.util for jsonl', () => {
    const log = 'INFO  jepsen.core - starting\nINFO  jepsen.util - 3\t:invoke\t:read\tnil\n';
    expect(detectHistoryFormat(log, 'h.log')).toBe('porcupine-log');
    const jsonl = '{"index":0,"type":"invoke","process":0,"f":"write","value":"jepsen.util","time":0}\n';
    expect(detectHistoryFormat(jsonl, 'h.jsonl')).toBe('jsonl');
  });

  it('refuses an unknown format name', () => {
    expect(() => loadHistory(fileWith('[]'), 'csv' as never)).toThrow(/unknown history format 'csv'/);
  });
});

describe('EDN reader', () => {
  it('reads scalars, collections, comments, discards and escapes', () => {
    const value = readEdn('{:a 1, :b [1 2 (3)], :c #{:x}, :d nil, :e "s\\"q\\n", :f true, :g -1.5e2, :h \\c, :i ##Inf, :j #_ 7 8, "k" 1/2 ; comment\n}');
    expect(value).toEqual({ a: 1, b: [1, 2, [3]], c: ['x'], d: null, e: 's"q\n', f: true, g: -150, h: 'c', i: Infinity, j: 8, k: 0.5 });
    expect(readEdn('#inst "2024-01-01T00:00:00Z"')).toBe('2024-01-01T00:00:00Z');
    expect(readEdn('[foo/bar 12N]')).toEqual(['foo/bar', 12]);
  });

  it('names the line of the problem', () => {
    expect(() => readEdn('[1\n2\n', 'f.edn')).toThrow("f.edn:3: unbalanced '[' opened on line 1: end of input before ']'");
    expect(() => readEdn('(1\n]', 'f.edn')).toThrow("f.edn:2: mismatched ']': '(' opened on line 1 expects ')'");
    expect(() => readEdn('\n\n#foo [1]', 'f.edn')).toThrow("f.edn:3: unknown tag '#foo'");
    expect(() => readEdn('{:a}', 'f.edn')).toThrow('f.edn:1: map opened on line 1 has an odd number of forms');
    expect(() => readEdn('"abc', 'f.edn')).toThrow('f.edn:1: string opened on line 1 is not closed');
    expect(() => readEdn('1 2', 'f.edn')).toThrow("f.edn:1: unexpected '2' after the form");
    expect(() => readEdn(')', 'f.edn')).toThrow("f.edn:1: unbalanced ')': nothing to close");
  });
});
