// The lost-writes workload as the registry lists it: options, checker, and its client code loaded on demand.
import { checkLostWrites } from '../../checkers/lost-writes/index.ts';
import type { WorkloadPlugin } from '../../core/plugins.ts';
import { LOST_WRITES_OPTIONS, lostWritesOptions } from './options.ts';

export const lostWritesPlugin: WorkloadPlugin = {
  name: 'lost-writes',
  description: 'producers send unique values; a final read checks that every acknowledged value survived',
  options: LOST_WRITES_OPTIONS,
  check: (ops, _spec, options) => [checkLostWrites(ops, { retries: lostWritesOptions(options).retries })],
  create: async (spec, options) => (await import('./index.ts')).lostWritesWorkload(spec, options),
};
