// Registry of workloads by name, for the CLI and for re-checking stored runs. Adding a workload = its folder + one line.
import { UserError } from '../core/errors.ts';
import { camelCase, Options, type OptionValue } from '../core/options.ts';
import type { Workload, WorkloadPlugin } from '../core/plugins.ts';
import type { TestSpec } from '../core/spec.ts';
import type { Op } from '../core/history/op.ts';
import type { CheckerResult } from '../core/result.ts';
import type { BrokerEvent } from '../core/events.ts';
import { attributeAnomalies } from '../checkers/causality/index.ts';
import { checkMetadata } from '../checkers/metadata/index.ts';
import { lostWritesPlugin } from './lost-writes/plugin.ts';
import { logPlugin } from './log/plugin.ts';
import { queuePlugin } from './queue/plugin.ts';
import { eosPlugin } from './eos/plugin.ts';

export const WORKLOADS: Record<string, WorkloadPlugin> = {};

/** Adds a workload to the registry (the built-in ones below; a test or an extension may add its own). */
export function registerWorkload(plugin: WorkloadPlugin): void {
  if (WORKLOADS[plugin.name]) throw new Error(`workload ${plugin.name} is registered twice`);
  WORKLOADS[plugin.name] = plugin;
}

for (const plugin of [lostWritesPlugin, logPlugin, queuePlugin, eosPlugin]) registerWorkload(plugin);

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

/** The workload of a spec, ready to run (its client code loaded). */
export function workloadFor(spec: TestSpec): Promise<Workload> {
  const plugin = workloadPlugin(spec.workload);
  return plugin.create(spec, workloadOptions(plugin, spec.workloadOptions));
}

/**
 * The checkers of a spec's workload over a history (no cluster code is loaded), plus the metadata checker wherever
 * the history has the monitor's rounds (runs recorded before the monitor existed have none); then every anomaly gets
 * its causal attribution, from the history and the run's broker events.
 */
export function checkWorkload(spec: TestSpec, ops: Op[], events: readonly BrokerEvent[] = []): CheckerResult[] {
  const plugin = workloadPlugin(spec.workload);
  const results = plugin.check(ops, spec, workloadOptions(plugin, spec.workloadOptions));
  if (ops.some((op) => op.process === 'monitor')) results.push(checkMetadata(ops));
  return attributeAnomalies(results, ops, events);
}
