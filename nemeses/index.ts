// Registry of nemesis families by name; `--nemesis a,b` composes several.
import type { TestSpec } from '../harness/run/spec.ts';
import type { Nemesis } from '../harness/run/types.ts';
import { UserError } from '../harness/util/errors.ts';
import { killNemesis } from './kill/index.ts';

export const NEMESES: Record<string, { description: string; create: (spec: TestSpec) => Nemesis; needsFaketime?: boolean }> = {
  kill: {
    description: 'SIGKILL a node (random, a partition leader, or the active controller) and restart it later',
    create: (spec) => killNemesis(spec.killTarget),
  },
};

export function parseNemesisList(raw: string): string[] {
  if (raw.trim() === '' || raw === 'none') return [];
  const names = raw.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!NEMESES[n]) throw new UserError(`unknown nemesis ${JSON.stringify(n)}; known: ${Object.keys(NEMESES).join(', ')} (or none)`);
  }
  if (new Set(names).size !== names.length) throw new UserError(`--nemesis ${raw}: a family is named twice`);
  return names;
}

export function nemesesFor(spec: TestSpec): Nemesis[] {
  return parseNemesisList(spec.nemesis.join(',')).map((n) => NEMESES[n]!.create(spec));
}

export const needsFaketime = (spec: TestSpec): boolean => spec.nemesis.some((n) => NEMESES[n]?.needsFaketime);
