// Command-line flags built from the plugins' option schemas: workload options and fault-family options of
// `faultline test`, and the options of manual fault actions of `faultline nemesis`. An option several plugins declare
// becomes one flag whose help names each; a flag given for a plugin that does not declare it is refused.
import { Option, type Command } from 'commander';
import { UserError } from '../../core/errors.ts';
import { camelCase, flagText, helpText, type OptionSpec, type OptionValue } from '../../core/options.ts';

interface Owned {
  owner: string;
  spec: OptionSpec;
}

/** One commander option per distinct flag; `prefix` is prepended to each name (fault options: "<family>-"). */
export function addSchemaFlags(cmd: Command, owned: Owned[]): Command {
  const byFlag = new Map<string, Owned[]>();
  for (const o of owned) byFlag.set(o.spec.name, [...(byFlag.get(o.spec.name) ?? []), o]);
  for (const [name, all] of byFlag) {
    const valued = new Set(all.map((o) => o.spec.kind.type !== 'boolean'));
    if (valued.size > 1) throw new Error(`option --${name} is a switch for some plugins and takes a value for others`);
    const help = all.length === 1 ? `${all[0]!.owner}: ${helpText(all[0]!.spec)}` : all.map((o) => `${o.owner}: ${helpText(o.spec)}`).join('; ');
    cmd.addOption(new Option(flagText(all[0]!.spec), help));
  }
  return cmd;
}

/** The values of `owner`'s options among parsed flags, keyed by option name; a flag of another plugin is refused. */
export function schemaValues(flags: Record<string, unknown>, owned: Owned[], owner: string, ownerText: string): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const o of owned) {
    const value = flags[camelCase(o.spec.name)];
    if (value === undefined) continue;
    if (o.owner !== owner) {
      if (!owned.some((x) => x.owner === owner && x.spec.name === o.spec.name))
        throw new UserError(`--${o.spec.name}: not an option of ${ownerText} (it belongs to ${o.owner})`);
      continue;
    }
    out[o.spec.name] = value as OptionValue;
  }
  return out;
}
