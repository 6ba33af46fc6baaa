// The default name of a run (its folder under store/): the workload and the workload options that were given, then
// the fault families and the fault options that were given — so `--workload queue --txn` (queue+txn-kill) and
// `--workload queue` (queue-kill) land in different folders and a suite index can tell them apart.
import type { OptionValue } from '../../core/options.ts';

/** Characters a run name may hold (core/spec.ts); anything else in an option's value becomes a dot. */
const NAME_UNSAFE = /[^A-Za-z0-9._+-]/g;

/** `txn` for a switch that is on, `keys_4` for a value, nothing for a switch that is off; sorted by option name. */
function optionParts(options: Record<string, OptionValue>): string[] {
  return Object.keys(options)
    .sort()
    .flatMap((name) => {
      const value = options[name];
      if (value === false || value === 'false') return [];
      if (value === true || value === 'true') return [name];
      return [`${name}_${String(value).replace(NAME_UNSAFE, '.')}`];
    });
}

/**
 * `<workload>[+<option>…]-<family>[+<family>…][+<fault option>…]`, e.g. `queue+txn-kill`, `lost-writes+acks_1-kill`,
 * `log-partition+partition-shape_halves`, `eos-none`. Options are keyed by their kebab-case names.
 */
export function defaultRunName(
  workload: string,
  workloadOptions: Record<string, OptionValue>,
  nemesis: readonly string[],
  nemesisOptions: Record<string, OptionValue>,
): string {
  const head = [workload, ...optionParts(workloadOptions)].join('+');
  const faults = [nemesis.length > 0 ? nemesis.join('+') : 'none', ...optionParts(nemesisOptions)].join('+');
  return `${head}-${faults}`;
}
