// The kernel's history reader (kernel/assembly/history-reader.ts) against the JavaScript path it stands in for: a
// faultline history.jsonl it reads must get the result the JavaScript loader, pairing, models and partitions give —
// the same verdict, stats (but for who read it and the time it took) and counterexample — and a file it cannot read
// exactly as they do must be left to them (declined), never read differently. (`npm test` builds the kernel first.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistoryFile } from '../../../checkers/linearizability/check-file.ts';
import { checkLinearizableJsonl, checkLinearizability, type LinearizabilityOptions } from '../../../checkers/linearizability/index.ts';
import { GENERATED_MODELS, generateHistory, toJsonl } from '../../../checkers/linearizability/generate-history.ts';
import { kernelAvailable } from '../../../checkers/linearizability/kernel/index.ts';
import type { CheckerResult } from '../../../core/result.ts';
import { parseHistory } from '../../../core/history/formats/index.ts';

/** What must agree between the two paths: everything but who read the history, the time and the memory figures. */
function comparable(result: CheckerResult): unknown {
  const { reader: _reader, timeMs: _time, peakMemoryMB: _peak, ...stats } = result.stats;
  return { ...result, stats };
}

/** The reader's result for `text` (undefined: declined) and the JavaScript path's. */
function bothPaths(text: string, options: LinearizabilityOptions): { reader: CheckerResult | undefined; javascript: CheckerResult } {
  const reader = checkLinearizableJsonl(Buffer.from(text), options);
  const javascript = checkLinearizability(parseHistory(text, 'test.jsonl', 'jsonl').ops, options);
  return { reader, javascript };
}

function expectRead(text: string, options: LinearizabilityOptions): CheckerResult {
  const { reader, javascript } = bothPaths(text, options);
  expect(reader, 'the reader declined').toBeDefined();
  expect(reader!.stats.reader).toBe('webassembly');
  expect(comparable(reader!)).toEqual(comparable(javascript));
  return reader!;
}

const line = (op: Record<string, unknown>): string => JSON.stringify(op);
const kvHistory = (extra: string[] = []): string =>
  [
    line({ index: 0, type: 'invoke', process: 0, f: 'put', value: ['k', 'a'], time: 0 }),
    line({ index: 1, type: 'ok', process: 0, f: 'put', value: ['k', 'a'], time: 1 }),
    line({ index: 2, type: 'invoke', process: 1, f: 'append', value: ['k', 'b'], time: 2 }),
    line({ index: 3, type: 'ok', process: 1, f: 'append', value: ['k', 'b'], time: 3 }),
    line({ index: 4, type: 'invoke', process: 0, f: 'get', value: ['k', null], time: 4 }),
    line({ index: 5, type: 'ok', process: 0, f: 'get', value: ['k', 'ab'], time: 5 }),
    ...extra,
  ].join('\n') + '\n';

describe('the kernel reading histories', () => {
  it('is built', () => {
    expect(kernelAvailable()).toBe(true);
  });

  it.each(GENERATED_MODELS.flatMap((model) => [2, 5, 20].map((clients) => ({ model, clients }))))(
    'gives the JavaScript path’s result: generated $model histories, $clients clients, with and without crashes and violations',
    ({ model, clients }) => {
      const verdicts = new Set<unknown>();
      for (const crashRate of [0, 0.05]) {
        for (const violation of [false, true]) {
          for (const seed of [1, 2]) {
            // (A violation among 20 register clients takes both searches long: fewer ops there.)
            const text = toJsonl(generateHistory({ model, clients, ops: clients === 20 ? 150 : 300, crashRate, violation, seed }));
            verdicts.add(expectRead(text, { model }).valid);
            if (model !== 'kv' && clients < 20) expectRead(text, { model: 'etcd-register' });
          }
        }
      }
      expect([...verdicts].sort()).toEqual([false, true]);
    },
  );

  it('reads what the JavaScript path reads alike: field order, whitespace, CRLF, nemesis ops, fails, infos, unknown outcomes', () => {
    const text = [
      '{"time":0,"f":"write","value":3,"process":0,"type":"invoke","index":0}',
      ' { "index" : 1 , "type":"invoke","process":"nemesis","f":"kill \\"n1\\"","value":{"nodes":["n1"],"x":[1.5e3,true,null]},"time":1}\r',
      '{"index":2,"type":"invoke","process":1,"f":"read","value":null,"time":2,"node":"n\\u00e9"}',
      '{"index":3,"type":"ok","process":0,"f":"write","value":3,"time":3,"requests":2}',
      '{"index":4,"type":"ok","process":1,"f":"read","value":3,"time":4.25}',
      '{"index":5,"type":"invoke","process":2,"f":"write","value":"x","time":5}',
      '{"index":6,"type":"fail","process":2,"f":"write","value":"x","time":6,"error":"timeout"}',
      '{"index":7,"type":"invoke","process":3,"f":"write","value":-12,"time":7}',
      '{"index":8,"type":"info","process":3,"f":"write","value":-12,"time":8}',
      '{"index":9,"type":"invoke","process":4,"f":"read","time":9}',
      '{"index":10,"type":"ok","process":4,"f":"read","value":null,"time":10}',
      '{"index":11,"type":"invoke","process":5,"f":"cas","value":[3,"y"],"time":11}',
      '{"index":12,"type":"invoke","process":1,"f":"read","value":null,"time":12}',
    ].join('\n');
    for (const model of ['register', 'cas-register', 'etcd-register']) {
      const text2 = model === 'register' ? text.split('\n').slice(0, -2).join('\n') + '\n\n  \n' : text;
      expectRead(text2, { model });
    }
    expectRead(kvHistory(), { model: 'kv' });
  });

  it('finds a violation and explains it as the JavaScript path does, from the partition’s lines', () => {
    const bad = kvHistory([
      line({ index: 6, type: 'invoke', process: 1, f: 'get', value: ['k', null], time: 6 }),
      line({ index: 7, type: 'ok', process: 1, f: 'get', value: ['k', 'ba'], time: 7 }),
      line({ index: 8, type: 'invoke', process: 2, f: 'get', value: ['other', null], time: 8 }),
      line({ index: 9, type: 'ok', process: 2, f: 'get', value: 'zz', time: 9 }),
    ]);
    const result = expectRead(bad, { model: 'kv' });
    expect(result.valid).toBe(false);
    expect(result.counterexample).toBeDefined();
    expect(result.stats.partitions).toBe(2);
  });

  it('tells texts apart byte by byte when their hashes collide, appended or not', () => {
    // 'ghktfoq' and 'nlhykfp' have the same polynomial hash (found by a random search).
    const history = (steps: Array<[string, string]>, read: string): string =>
      [
        ...steps.flatMap(([f, value], i) => [
          line({ index: 2 * i, type: 'invoke', process: 0, f, value: ['k', value], time: 2 * i }),
          line({ index: 2 * i + 1, type: 'ok', process: 0, f, value: ['k', value], time: 2 * i + 1 }),
        ]),
        line({ index: 100, type: 'invoke', process: 0, f: 'get', value: ['k', null], time: 100 }),
        line({ index: 101, type: 'ok', process: 0, f: 'get', value: ['k', read], time: 101 }),
      ].join('\n');
    expect(expectRead(history([['put', 'ghktfoq']], 'nlhykfp'), { model: 'kv' }).valid).toBe(false);
    expect(
      expectRead(
        history(
          [
            ['put', 'ghk'],
            ['append', 'tfoq'],
          ],
          'nlhykfp',
        ),
        { model: 'kv' },
      ).valid,
    ).toBe(false);
    expect(
      expectRead(
        history(
          [
            ['put', 'ghk'],
            ['append', 'tfoq'],
          ],
          'ghktfoq',
        ),
        { model: 'kv' },
      ).valid,
    ).toBe(true);
    expect(
      expectRead(
        history(
          [
            ['put', 'nlh'],
            ['append', 'ykfp'],
            ['append', ''],
          ],
          'nlhykfp',
        ),
        { model: 'kv' },
      ).valid,
    ).toBe(true);
  });

  it.each([
    ['a string with an escape', kvHistory().replace('"a"]', '"\\u0061"]')],
    ['a non-ASCII text', kvHistory().replace('"b"]', '"é"]')],
    ['a number as a kv text', kvHistory().replace('["k","a"]', '["k",7]')],
    ['a kv value given as an object', kvHistory().replace('["k","b"]', '{"key":"k","value":"b"}')],
    ['a field faultline does not write', kvHistory().replace('"time":0}', '"time":0,"extra":1}')],
    ['a field given twice', kvHistory().replace('"time":0}', '"time":0,"time":1}')],
    ['a missing field', kvHistory().replace(',"time":0}', '}')],
    ['a monitor op', kvHistory([line({ index: 6, type: 'invoke', process: 'monitor', f: 'get', value: null, time: 6 })])],
    ['a blank line inside', kvHistory().replace('\n', '\n\n')],
    ['a torn last line', kvHistory() + '{"index":6,"type":"inv'],
    ['two ops on a line', kvHistory().replace('\n', ' ')],
    ['an op the model does not have', kvHistory().replaceAll('"append"', '"cas"')],
    ['a completion without its invocation', kvHistory().split('\n').slice(1).join('\n')],
    ['a process that invokes twice', kvHistory().replace('"process":1,"f":"append"', '"process":0,"f":"append"')],
    ['a completion of another f', kvHistory().replace('"ok","process":1,"f":"append"', '"ok","process":1,"f":"put"')],
    ['a byte order mark', '\ufeff' + kvHistory()],
    ['no client call', line({ index: 0, type: 'invoke', process: 'nemesis', f: 'kill', value: null, time: 0 }) + '\n'],
  ])('leaves to the JavaScript path: %s', (_what, text) => {
    expect(checkLinearizableJsonl(Buffer.from(text), { model: 'kv' })).toBeUndefined();
  });

  it.each([
    ['a fraction', '1.5'],
    ['an exponent', '1e2'],
    ['-0', '-0'],
    ['16 digits', '1234567890123456'],
    ['true', 'true'],
    ['an array', '[1]'],
  ])('leaves register values it does not read to the JavaScript path: %s', (_what, value) => {
    const text = [
      `{"index":0,"type":"invoke","process":0,"f":"write","value":${value},"time":0}`,
      `{"index":1,"type":"ok","process":0,"f":"write","value":${value},"time":1}`,
    ].join('\n');
    expect(checkLinearizableJsonl(Buffer.from(text), { model: 'cas-register' })).toBeUndefined();
    expect(checkLinearizability(parseHistory(text, 'test.jsonl', 'jsonl').ops, { model: 'cas-register' }).valid).toBe(true);
  });

  it('is not used for other models, an initial state, or the JavaScript engine', () => {
    const text = kvHistory();
    expect(checkLinearizableJsonl(Buffer.from(text), { model: 'kv', initial: 'x' })).toBeUndefined();
    expect(checkLinearizableJsonl(Buffer.from(text), { model: 'kv', engine: 'javascript' })).toBeUndefined();
    expect(checkLinearizableJsonl(Buffer.from(text), { model: 'set' })).toBeUndefined();
  });

  it('takes its memory from the budget: a file that does not fit is left to the JavaScript path, a search past it is unknown', () => {
    const big = toJsonl(generateHistory({ model: 'kv', clients: 5, ops: 3000, crashRate: 0.02, violation: false, seed: 3 }));
    expect(big.length).toBeGreaterThan(0.5 * 1024 * 1024);
    expect(checkLinearizableJsonl(Buffer.from(big), { model: 'kv', memoryMB: 0.5 })).toBeUndefined();
    const hard = toJsonl(generateHistory({ model: 'register', clients: 20, ops: 3000, crashRate: 0.2, violation: true, seed: 1 }));
    const result = checkLinearizableJsonl(Buffer.from(hard), { model: 'register', memoryMB: 2 });
    expect(result?.valid).toBe('unknown');
    expect(result?.stats.unknownReason).toMatch(/^the memory budget of 2 MB was reached after [\d,]+ states$/);
  });

  it('checks a file through `checkHistoryFile`, parsing its ops only when they are asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-reader-'));
    const file = join(dir, 'history.jsonl');
    writeFileSync(file, kvHistory());
    const outcome = checkHistoryFile({ file, model: 'kv' }, { keepOps: true });
    expect(outcome.kind).toBe('checked');
    if (outcome.kind !== 'checked') return;
    expect(outcome.result.stats.reader).toBe('webassembly');
    expect(outcome.ops!.map((op) => op.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const declined = join(dir, 'declined.jsonl');
    writeFileSync(declined, kvHistory().replace('"a"]', '"\\u0061"]'));
    const fallback = checkHistoryFile({ file: declined, model: 'kv' }, { keepOps: true });
    expect(fallback.kind === 'checked' && fallback.result.stats.reader).toBeUndefined();
    expect(fallback.kind === 'checked' && fallback.result.valid).toBe(true);
  });

  it('agrees with the JavaScript path on histories shaped like the benchmark’s, 1,000 ops', () => {
    // (Not registers with 20 clients and a violation, seconds for each search, nor with 50, past both: see the benchmark.)
    for (const model of GENERATED_MODELS) {
      for (const clients of model === 'kv' ? [5, 20, 50] : [5, 20]) {
        for (const violation of model !== 'kv' && clients === 20 ? [false] : [false, true]) {
          const text = toJsonl(generateHistory({ model, clients, ops: 1000, crashRate: 0.01, violation, seed: 1 }));
          expect(expectRead(text, { model }).valid).toBe(!violation);
        }
      }
    }
  });
});
