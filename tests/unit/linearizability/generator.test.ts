// The benchmark's history generator: seeded (same shape, same history), well-formed, crashes become info ops of
// retired processes, and the planted violation is one changed read that the checker refutes.
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../../../checkers/linearizability/index.ts';
import { parseHistory } from '../../../core/history/formats/index.ts';
import { generateHistory, toJsonl, type HistoryShape } from '../../../checkers/linearizability/generate-history.ts';

const shape = (overrides: Partial<HistoryShape>): HistoryShape => ({
  model: 'register',
  clients: 5,
  ops: 2000,
  crashRate: 0.02,
  violation: false,
  seed: 7,
  ...overrides,
});

describe('generateHistory', () => {
  it('gives the same history for the same shape and another for another seed', () => {
    expect(toJsonl(generateHistory(shape({})))).toBe(toJsonl(generateHistory(shape({}))));
    expect(toJsonl(generateHistory(shape({ seed: 8 })))).not.toBe(toJsonl(generateHistory(shape({}))));
  });

  it.each(['register', 'cas-register', 'kv'] as const)('writes loadable, linearizable %s histories with the asked-for size', (model) => {
    const ops = generateHistory(shape({ model }));
    const loaded = parseHistory(toJsonl(ops), 'generated.jsonl');
    expect(loaded.ops.filter((op) => op.type === 'invoke')).toHaveLength(2000);
    expect(new Set(loaded.ops.map((op) => op.process)).size).toBeGreaterThan(5); // crashed processes came back renamed
    expect(loaded.ops.some((op) => op.type === 'info')).toBe(true);
    if (model === 'cas-register') expect(loaded.ops.some((op) => op.type === 'fail')).toBe(true);
    expect(checkLinearizability(loaded.ops, { model }).valid).toBe(true);
  });

  it.each(['register', 'kv'] as const)('plants exactly one changed read in a %s history, which is then not linearizable', (model) => {
    const clean = generateHistory(shape({ model }));
    const planted = generateHistory(shape({ model, violation: true }));
    const changed = planted.filter((op, i) => JSON.stringify(op) !== JSON.stringify(clean[i]));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.type).toBe('ok');
    expect(changed[0]!.index).toBeGreaterThanOrEqual(planted.length / 3);
    expect(changed[0]!.index).toBeLessThan((2 * planted.length) / 3);
    const result = checkLinearizability(planted, { model });
    expect(result.valid).toBe(false);
    const invocation = planted.filter((op) => op.process === changed[0]!.process && op.type === 'invoke' && op.index < changed[0]!.index).pop()!;
    expect(result.counterexample!.stuck).toContain(invocation.index);
  });
});
