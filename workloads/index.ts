// Registry of workloads by name, for the CLI and for re-checking stored runs. Adding a workload = its folder + one line.
import { UserError } from '../core/errors.ts';
import { camelCase, Options, type OptionValue } from '../core/options.ts';
import type { Workload, WorkloadPlugin } from '../core/plugins.ts';
import type { TestSpec } from '../core/spec.ts';
import { lostWritesPlugin } from './lost-writes/index.ts';
import { logPlugin } from './log/index.ts';
import { queuePlugin } from './queue/index.ts';
import { eosPlugin } from './eos/index.ts';

export const WORKLOADS: Record<string, WorkloadPlugin> = Object.fromEntries([lostWritesPlugin, logPlugin, queuePlugin, eosPlugin].map((w) => [w.name, w]));

export function workloadPlugin(name: string): WorkloadPlugin {
  const w = WORKLOADS[name];
  if (!w) throw new UserError(`unknown workload ${JSON.stringify(name)}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  return w;
}

/**
 * A workload's options from a spec: spec.workloadOptions is keyed by the camelCase of each option's name (as
 * commander names flags), validated against the workload's schema.
 */
export function workloadOptions(plugin: WorkloadPlugin, stored: Record<string, OptionValue>): Options {
  const byKey = new Map(plugin.options.map((o) => [camelCase(o.name), o.name]));
  const raw: Record<string, OptionValue> = {};
  for (const [key, value] of Object.entries(stored)) raw[byKey.get(key) ?? key] = value;
  return Options.parse(plugin.options, raw, `workload ${plugin.name}`);
}

export function workloadFor(spec: TestSpec): Workload {
  const plugin = workloadPlugin(spec.workload);
  return plugin.create(spec, workloadOptions(plugin, spec.workloadOptions));
}
