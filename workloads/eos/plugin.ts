// The eos workload as the registry lists it: options, the exactly-once checker, and its client code loaded on demand.
import { checkEos } from '../../checkers/eos/index.ts';
import type { WorkloadPlugin } from '../../core/plugins.ts';
import { EOS_OPTIONS, OUTPUT_TOPIC } from './options.ts';

export const eosPlugin: WorkloadPlugin = {
  name: 'eos',
  description: 'copiers move a seeded input topic to an output topic in transactions that commit their offsets; checks exactly-once',
  options: EOS_OPTIONS,
  check: (ops) => [checkEos(ops, { orderPerPartition: true, outputTopic: OUTPUT_TOPIC })],
  create: async (spec, options) => (await import('./index.ts')).eosWorkload(spec, options),
};
