// Registry of workloads by name, for the CLI and for re-checking stored runs.
import type { TestSpec } from '../core/spec.ts';
import type { Workload } from '../core/plugins.ts';
import { UserError } from '../core/errors.ts';
import { lostWritesWorkload } from './lost-writes/index.ts';
import { queueWorkload } from './queue/index.ts';
import { eosWorkload } from './eos/index.ts';
import { logWorkload } from './log/index.ts';

export const WORKLOADS: Record<string, { description: string; create: (spec: TestSpec) => Workload }> = {
  'lost-writes': {
    description: 'producers send unique values; a final read checks that every acknowledged value survived',
    create: lostWritesWorkload,
  },
  log: {
    description: 'appends and full reads of one single-partition topic, judged for linearizability (log model)',
    create: logWorkload,
  },
  queue: {
    description: 'sends and polls of unique values per key (partition), optionally transactional; checks order, loss, duplicates, aborted reads and cycles (Jepsen kafka)',
    create: queueWorkload,
  },
  eos: {
    description: 'copiers move a seeded input topic to an output topic in transactions that commit their offsets; checks exactly-once',
    create: eosWorkload,
  },
};

export function workloadFor(spec: TestSpec): Workload {
  const w = WORKLOADS[spec.workload];
  if (!w) throw new UserError(`unknown workload ${JSON.stringify(spec.workload)}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  return w.create(spec);
}
