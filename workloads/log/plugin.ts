// The log workload as the registry lists it: options, the linearizability checker with the log model and a summary of
// what the run showed, and its client code loaded on demand.
import { checkLinearizability } from '../../checkers/linearizability/index.ts';
import { isClientProcess, type Op } from '../../core/history/op.ts';
import type { WorkloadPlugin } from '../../core/plugins.ts';
import { LOG_OPTIONS, logOptions } from './options.ts';

/** One paragraph for the report: what the history contained and what the verdict means for Kafka's log. */
export function summarise(ops: Op[], valid: boolean | 'unknown'): string {
  const count = (f: string, type: string): number => ops.filter((o) => o.f === f && o.type === type && isClientProcess(o.process)).length;
  const readErrors = new Map<string, number>();
  for (const o of ops) if (o.f === 'read' && o.type === 'fail') readErrors.set(o.error ?? '?', (readErrors.get(o.error ?? '?') ?? 0) + 1);
  const offsetNotAvailable = readErrors.get('OFFSET_NOT_AVAILABLE') ?? 0;
  const facts = `${count('append', 'ok')} appends acknowledged (${count('append', 'info')} unknown, ${count('append', 'fail')} refused), ${count('read', 'ok')} reads answered, ${count('read', 'fail')} refused`;
  const kip207 =
    offsetNotAvailable > 0
      ? ` ${offsetNotAvailable} reads were refused with OFFSET_NOT_AVAILABLE: a newly elected leader does not answer ListOffsets until its high watermark has caught up (KIP-207), which is how Kafka avoids serving a stale end offset after a leader change.`
      : '';
  if (valid === true)
    return `${facts}. Every read returned exactly the log prefix up to the end offset, containing every append acknowledged before the read began, in offset order: the partition behaved as a linearizable log.${kip207}`;
  if (valid === false)
    return `${facts}. Some read could not be placed in any order consistent with real time: see the counterexample (the stuck read and the log state it contradicts). A read missing an append acknowledged before it began is a stale read — look at the nemesis event just before it.${kip207}`;
  return `${facts}. The search did not finish within its time budget, so the verdict is unknown.${kip207}`;
}

export const logPlugin: WorkloadPlugin = {
  name: 'log',
  description: 'appends and full reads of one single-partition topic, judged for linearizability (log model)',
  options: LOG_OPTIONS,
  check(ops, _spec, options) {
    const result = checkLinearizability(ops, { model: 'log', timeoutMs: logOptions(options).checkTimeoutS * 1000 });
    result.stats.summary = summarise(ops, result.valid);
    return [result];
  },
  create: async (spec, options) => (await import('./index.ts')).logWorkload(spec, options),
};
