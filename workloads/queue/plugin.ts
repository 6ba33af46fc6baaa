// The queue workload as the registry lists it: options, the Kafka anomaly checker with the policy the options imply,
// and its client code loaded on demand.
import { checkQueue } from '../../checkers/kafka/index.ts';
import type { WorkloadPlugin } from '../../core/plugins.ts';
import { checkerPolicy, QUEUE_OPTIONS, queueOptions } from './options.ts';

export const queuePlugin: WorkloadPlugin = {
  name: 'queue',
  description:
    'sends and polls of unique values per key (partition), optionally transactional; checks order, loss, duplicates, aborted reads and cycles (Jepsen kafka)',
  options: QUEUE_OPTIONS,
  check: (ops, _spec, options) => [checkQueue(ops, checkerPolicy(queueOptions(options)))],
  create: async (spec, options) => (await import('./index.ts')).queueWorkload(spec, options),
};
