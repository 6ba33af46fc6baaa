// The WebAssembly search kernel against the JavaScript search, its reference: both start from the same plan and must
// make the same moves, so on every history they must reach the same verdict after exploring exactly the same number of
// configurations, and report the same counterexample. Also: the kernel is what checks models with an integer form
// (once `npm run build` made it), its memory comes out of the check's budget, and one check's leftovers never leak into
// the next. (`npm test` builds before it runs the tests; run alone from a clean checkout, run `npm run build` first.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinearizability, type LinearizabilityOptions } from '../../../checkers/linearizability/index.ts';
import { GENERATED_MODELS, generateHistory } from '../../../checkers/linearizability/generate-history.ts';
import { kernelAvailable, kernelSearches } from '../../../checkers/linearizability/kernel/index.ts';
import { MemoryBudget } from '../../../checkers/linearizability/memory.ts';
import { createModel } from '../../../checkers/linearizability/models/index.ts';
import { prepareCalls } from '../../../checkers/linearizability/prepare.ts';
import { LinearizationSearch, type Search } from '../../../checkers/linearizability/search.ts';
import { Random } from '../../../core/generator/random.ts';
import { loadHistory } from '../../../core/history/formats/index.ts';
import type { Op } from '../../../core/history/op.ts';
import { repoRoot } from '../../../core/paths.ts';
import { HistoryBuilder } from './history-builder.ts';

/** The two engines' results on the same history, reduced to what must agree. */
function bothEngines(ops: Op[], options: LinearizabilityOptions) {
  const outcome = (engine: 'auto' | 'javascript') => {
    const result = checkLinearizability(ops, { ...options, engine });
    return {
      engine: result.stats.engine,
      valid: result.valid,
      statesExplored: result.stats.statesExplored,
      cacheSaturated: result.stats.cacheSaturated ?? false,
      anomalyOps: result.anomalies.map((a) => a.ops),
      counterexample: result.counterexample ?? null,
    };
  };
  return { kernel: outcome('auto'), reference: outcome('javascript') };
}

function expectSameSearch(ops: Op[], options: LinearizabilityOptions): { valid: unknown; statesExplored: unknown } {
  const { kernel, reference } = bothEngines(ops, options);
  expect(kernel.engine).toBe('webassembly');
  expect(reference.engine).toBe('javascript');
  expect({ ...kernel, engine: '' }).toEqual({ ...reference, engine: '' });
  return kernel;
}

describe('the WebAssembly search kernel', () => {
  it('is built, and checks the models with an integer form; the others are searched in JavaScript', () => {
    expect(kernelAvailable()).toBe(true);
    const register = new HistoryBuilder().call(0, 'write', 1).call(1, 'read', null, 1).ops;
    expect(checkLinearizability(register, { model: 'cas-register' }).stats.engine).toBe('webassembly');
    const set = new HistoryBuilder().call(0, 'add', 1).call(1, 'read', null, [1]).ops;
    expect(checkLinearizability(set, { model: 'set' }).stats.engine).toBe('javascript');
  });

  it.each(GENERATED_MODELS.flatMap((model) => [2, 5, 20].map((clients) => ({ model, clients }))))(
    'explores exactly what the JavaScript search explores: $model, $clients clients, with and without crashes and violations',
    ({ model, clients }) => {
      const verdicts = new Set<unknown>();
      for (const crashRate of [0, 0.05]) {
        for (const violation of [false, true]) {
          for (const seed of [1, 2, 3]) {
            const ops = generateHistory({ model, clients, ops: clients > 5 ? 150 : 400, crashRate, violation, seed });
            const { valid, statesExplored } = expectSameSearch(ops, { model });
            expect(statesExplored).toBeGreaterThan(0);
            verdicts.add(valid);
          }
        }
      }
      // Both verdicts occur, so the comparison covered failing searches (and their counterexamples) too.
      expect(verdicts).toEqual(new Set([true, false]));
    },
  );

  it("agrees with the JavaScript search on every history of Porcupine's corpus (etcd registers and 6.824 kv)", () => {
    const dir = join(repoRoot, 'tests', 'fixtures', 'porcupine');
    const rows = readFileSync(join(dir, 'VERDICTS.tsv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.length).toBe(108);
    for (const row of rows) {
      const [file, model] = row.split('\t');
      expectSameSearch(loadHistory(join(dir, file!)).ops, { model: model! });
    }
  });

  it('orders calls given out of invocation order as the JavaScript search does', () => {
    // checkLinearizability hands calls over in invocation order; a search must not depend on it.
    const random = new Random(5);
    for (const violation of [false, true]) {
      const model = createModel('cas-register');
      const calls = prepareCalls(model, generateHistory({ model: 'cas-register', clients: 5, ops: 300, crashRate: 0.05, violation, seed: 9 }));
      for (let i = calls.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [calls[i], calls[j]] = [calls[j]!, calls[i]!];
      }
      const decide = (search: Search) => {
        let status = search.run(1_000_000);
        while (status === 'running') status = search.run(1_000_000);
        return { status, explored: search.explored, longest: search.longest };
      };
      const budget = new MemoryBudget(256);
      const kernel = kernelSearches(model, { remaining: Infinity }, budget)!;
      const byKernel = decide(kernel(calls, model.initialState([])));
      const byReference = decide(new LinearizationSearch(model, calls, model.initialState([]), { remaining: Infinity }, budget));
      expect(byKernel).toEqual(byReference);
      expect(byKernel.status).toBe(!violation);
    }
  });

  it('stops recording at the entry cap exactly where the JavaScript search does', () => {
    const ops = generateHistory({ model: 'register', clients: 20, ops: 300, crashRate: 0.05, violation: false, seed: 4 });
    const { kernel } = bothEngines(ops, { model: 'register', maxCacheEntries: 50 });
    expect(kernel.cacheSaturated).toBe(true);
    expectSameSearch(ops, { model: 'register', maxCacheEntries: 50 });
  });

  it('tells texts apart whose hashes collide (kv), and finds the same text reached by put and by append', () => {
    // '\ua360a' and 'a\u97ce' have the same polynomial hash: a read of one is not a read of the other.
    const collide = new HistoryBuilder().call(0, 'put', ['k', '\ua360a']).call(1, 'get', ['k', null], ['k', 'a\u97ce']).ops;
    expect(expectSameSearch(collide, { model: 'kv' }).valid).toBe(false);
    const same = new HistoryBuilder()
      .call(0, 'put', ['k', 'a'])
      .call(0, 'append', ['k', 'b'])
      .call(1, 'get', ['k', null], ['k', 'ab'])
      .call(2, 'put', ['k', 'ab'])
      .call(1, 'get', ['k', null], ['k', 'ab']).ops;
    expect(expectSameSearch(same, { model: 'kv' }).valid).toBe(true);
  });

  it('takes its memory from the check budget: past it the answer is unknown, with the reason', () => {
    const ops = generateHistory({ model: 'register', clients: 20, ops: 3000, crashRate: 0.2, violation: true, seed: 1 });
    const result = checkLinearizability(ops, { model: 'register', memoryMB: 1 });
    expect(result.stats.engine).toBe('webassembly');
    expect(result.valid).toBe('unknown');
    expect(result.stats.unknownReason).toMatch(/^the memory budget of 1 MB was reached after [\d,]+ states$/);
  });

  it('starts every check afresh: a check after others gets exactly the result it gets alone', () => {
    const histories = [
      generateHistory({ model: 'kv', clients: 5, ops: 500, crashRate: 0.05, violation: true, seed: 7 }),
      generateHistory({ model: 'register', clients: 20, ops: 500, crashRate: 0.05, violation: false, seed: 8 }),
    ];
    const models = ['kv', 'register'];
    const check = (i: number) => {
      const result = checkLinearizability(histories[i]!, { model: models[i]! });
      return [result.valid, result.stats.statesExplored, result.anomalies, result.counterexample];
    };
    const inOrder = [check(0), check(1)];
    const reversed = [check(1), check(0)];
    expect([reversed[1], reversed[0]]).toEqual(inOrder);
    expect(inOrder[0]![0]).toBe(false);
  });
});
