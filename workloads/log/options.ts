// Options of the log workload (spec.workloadOptions, set by `faultline test` flags) and its topic.
import { option, type Options } from '../../core/options.ts';

export const LOG_TOPIC = 'faultline-log';

export const LOG_OPTIONS = [
  option.number('read-fraction', 'share of ops that read the whole log (the rest append)', 0.01, 0.99, 0.3),
  option.int('check-timeout', 'seconds the linearizability search may take before the verdict is unknown', 1, 86_400, 120),
];

export function logOptions(o: Options): { readFraction: number; checkTimeoutS: number } {
  return { readFraction: o.number('read-fraction'), checkTimeoutS: o.number('check-timeout') };
}
