// Registry of nemesis families by name; `--nemesis a,b` composes several (their faults overlap in a run).
import type { TestSpec } from '../core/spec.ts';
import type { Nemesis } from '../core/plugins.ts';
import { UserError } from '../core/errors.ts';
import type { Progress } from '../core/progress.ts';
import type { FaultFamily } from './family.ts';
import { familyOptions } from './options.ts';
import { killFamily } from './kill/index.ts';
import { stopFamily } from './stop/index.ts';
import { pauseFamily } from './pause/index.ts';
import { partitionFamily } from './partition/index.ts';
import { packetFamily } from './packet/index.ts';
import { clockFamily } from './clock/index.ts';
import { diskFamily } from './disk/index.ts';
import { isrShrinkFamily } from './isr-shrink/index.ts';
import { leaderCrashWindowFamily } from './leader-crash-window/index.ts';
import { powerLossFamily } from './power-loss/index.ts';
import { coordinatorPauseFamily } from './coordinator-pause/index.ts';
import { controllerIsolateFamily } from './controller-isolate/index.ts';

export const NEMESES: Record<string, FaultFamily> = {};

/** Adds a fault family to the registry (the built-in ones below; a test or an extension may add its own). */
export function registerFaultFamily(family: FaultFamily): void {
  if (NEMESES[family.name]) throw new Error(`fault family ${family.name} is registered twice`);
  NEMESES[family.name] = family;
}

const FAMILIES = [killFamily, stopFamily, pauseFamily, partitionFamily, packetFamily, clockFamily, diskFamily];
const SCENARIOS = [isrShrinkFamily, leaderCrashWindowFamily, powerLossFamily, coordinatorPauseFamily, controllerIsolateFamily];
for (const family of [...FAMILIES, ...SCENARIOS]) registerFaultFamily(family);

export function parseNemesisList(raw: string): string[] {
  if (raw.trim() === '' || raw === 'none') return [];
  const names = raw.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!NEMESES[n]) throw new UserError(`unknown nemesis ${JSON.stringify(n)}; known: ${Object.keys(NEMESES).join(', ')} (or none)`);
  }
  if (new Set(names).size !== names.length) throw new UserError(`--nemesis ${raw}: a family is named twice`);
  return names;
}

/** One nemesis per family of the spec; options are checked here, before any cluster starts. */
export function nemesesFor(spec: TestSpec): Nemesis[] {
  const names = parseNemesisList(spec.nemesis.join(','));
  for (const key of Object.keys(spec.nemesisOptions ?? {})) {
    const family = Object.keys(NEMESES).find((f) => key.startsWith(`${f}-`));
    if (!family) throw new UserError(`--${key}: no fault family has this option`);
    if (!names.includes(family)) throw new UserError(`--${key}: the ${family} nemesis is not selected (add it to --nemesis)`);
  }
  return names.map((n) => {
    const family = NEMESES[n]!;
    const options = familyOptions(spec, family);
    family.validate?.(spec, options);
    return family.create(spec, options);
  });
}

/** Host-side preparation of the spec's fault families (e.g. building helpers), before any cluster starts. */
export async function prepareFaultHosts(spec: TestSpec, progress: Progress): Promise<void> {
  for (const n of spec.nemesis) await NEMESES[n]?.prepareHost?.(progress);
}

export const needsFaketime = (spec: TestSpec): boolean => spec.nemesis.some((n) => NEMESES[n]?.needsFaketime);
