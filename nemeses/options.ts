// Fault options: each family declares its options (core/options.ts); `faultline test` takes them as
// --<family>-<name> flags stored in spec.nemesisOptions under "<family>-<name>", manual actions as --<name>.
import { Options, option, type OptionValue } from '../core/options.ts';
import type { TestSpec } from '../core/spec.ts';
import { TARGET_MODES } from './targets.ts';

/** Manual node-fault actions: which node to hit when none is named. */
export const TARGET_OPTION = option.choice(
  'target',
  'node choice when no node is named',
  TARGET_MODES.filter((m) => m !== 'mixed'),
  'random',
);

/** A family's options from a test spec (keys "<family>-<name>"), validated against its schema. */
export function familyOptions(spec: Pick<TestSpec, 'nemesisOptions'>, family: { name: string; options: Parameters<typeof Options.parse>[0] }): Options {
  const prefix = `${family.name}-`;
  const raw: Record<string, OptionValue> = {};
  for (const [k, v] of Object.entries(spec.nemesisOptions ?? {})) if (k.startsWith(prefix)) raw[k.slice(prefix.length)] = v;
  return Options.parse(family.options, raw, `the ${family.name} nemesis`, (n) => `--${prefix}${n}`);
}
