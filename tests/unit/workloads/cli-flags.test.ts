// `faultline test` flags for the queue and eos workloads land in the spec's workloadOptions (and only when given).
import { describe, expect, it } from 'vitest';
import { specFromFlags } from '../../../harness/cli/test.ts';

type Flags = Parameters<typeof specFromFlags>[0];

const base: Flags = {
  workload: 'queue',
  nemesis: 'none',
  timeLimit: 30,
  rate: 100,
  concurrency: 5,
  seed: 1,
  nemesisInterval: 10,
  killTarget: 'mixed',
  recovery: 5,
  finalReadTimeout: 60,
  opTimeout: 10_000,
  keepCluster: false,
  nodes: 3,
  brokerConfig: [],
};

describe('queue and eos flags', () => {
  it('stores the given ones in workloadOptions', () => {
    const spec = specFromFlags({ ...base, txn: true, idempotent: true, isolation: 'read_uncommitted', keys: 4, maxTxnLen: 3, subVia: 'assign' });
    expect(spec.workloadOptions).toEqual({ txn: true, idempotent: true, isolation: 'read_uncommitted', keys: 4, maxTxnLen: 3, subVia: 'assign' });
    expect(specFromFlags({ ...base, workload: 'eos', partitions: 4, values: 1000 }).workloadOptions).toEqual({ partitions: 4, values: 1000 });
  });

  it('refuses a flag of another workload, naming whose it is', () => {
    expect(() => specFromFlags({ ...base, acks: '1' })).toThrow(/--acks: not an option of workload queue \(it belongs to lost-writes\)/);
    expect(specFromFlags({ ...base, workload: 'log', readFraction: '0.5' }).workloadOptions).toEqual({ readFraction: '0.5' });
  });

  it('leaves out the ones not given, so workloads apply their defaults', () => {
    expect(specFromFlags(base).workloadOptions).toEqual({});
  });
});
