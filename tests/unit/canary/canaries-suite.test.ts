// The shipped `canaries` suite is the canary matrix of `faultline selftest`, test for test: each canary's unsafe
// configuration and its safe twin become exactly the specs the selftest runs, so the two can never drift apart.
import { describe, expect, it } from 'vitest';
import { CANARIES } from '../../../harness/canary/matrix.ts';
import { resolveEntry } from '../../../harness/suite/entries.ts';
import { loadSuite } from '../../../harness/suite/plan.ts';

describe('suites/canaries.yaml', () => {
  it('has every canary of the matrix, unsafe then safe, with the specs the selftest runs', async () => {
    const suite = await loadSuite('canaries', {});
    const names = CANARIES.flatMap((c) => [`${c.name}-unsafe`, `${c.name}-safe`]);
    expect(suite.tests.map((t) => t.name)).toEqual(names);
    const selftest = CANARIES.flatMap((c) =>
      (['unsafe', 'safe'] as const).map((v) => resolveEntry('matrix', 0, {}, { name: `${c.name}-${v}`, ...c[v] }, {}).spec),
    );
    const withoutSeed = <T extends { seed?: unknown }>(spec: T) => ({ ...spec, seed: undefined });
    expect(suite.tests.map((t) => withoutSeed(t.spec))).toEqual(selftest.map(withoutSeed));
    expect(suite.tests.every((t) => t.seeds?.length === 1)).toBe(true);
  });
});
