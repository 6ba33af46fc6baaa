// Counts the rows a queue history will need, so its tables are allocated once: growing big typed arrays step by step
// costs copies and, because their memory lives outside the JS heap, extra full garbage collections.

import { isClientProcess, type Op } from '../../core/history/op.ts';
import { QUEUE_FUNCTIONS } from './ops.ts';

export interface TableSizes {
  txns: number;
  writes: number;
  reads: number;
  runs: number;
}

/** Row counts for well-formed ops; anything odd is simply not counted (the tables grow if the guess is short). */
export function estimateTableSizes(ops: readonly Op[]): TableSizes {
  const sizes: TableSizes = { txns: 0, writes: 0, reads: 0, runs: 0 };
  for (const op of ops) {
    if (!isClientProcess(op.process) || !QUEUE_FUNCTIONS.has(op.f) || !Array.isArray(op.value)) continue;
    if (op.type === 'invoke') sizes.txns++;
    for (const micro of op.value as unknown[]) {
      if (!Array.isArray(micro)) continue;
      if (op.type === 'invoke' && micro[0] === 'send') sizes.writes++;
      const polled: unknown = micro[1];
      if (op.type !== 'ok' || micro[0] !== 'poll' || typeof polled !== 'object' || polled === null) continue;
      for (const records of Object.values(polled)) {
        sizes.runs++;
        if (Array.isArray(records)) sizes.reads += records.length;
      }
    }
  }
  return sizes;
}
