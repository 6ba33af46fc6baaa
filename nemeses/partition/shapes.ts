// Partition shapes as grudges (Jepsen's term): for each node, the peers whose packets it drops. Pure functions.
import type { Random } from '../../core/generator/random.ts';

/** node name → names of the sources it refuses packets from ("client" = the host running the workload). */
export type Grudge = Record<string, string[]>;

export const CLIENT = 'client';

export const SHAPES = ['one', 'halves', 'majorities-ring', 'bridge', 'one-way', 'leader', 'controller', 'client'] as const;
export type Shape = (typeof SHAPES)[number];

export function shuffle<T>(items: readonly T[], rng: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Components that cannot talk to each other at all: every node drops every node of every other component. */
export function splitInto(components: string[][]): Grudge {
  const grudge: Grudge = {};
  for (const [i, comp] of components.entries()) {
    const others = components.filter((_, j) => j !== i).flat();
    for (const n of comp) if (others.length > 0) grudge[n] = [...others];
  }
  return grudge;
}

/** `node` alone on one side, everyone else on the other. */
export const isolate = (nodes: readonly string[], node: string): Grudge => splitInto([[node], nodes.filter((n) => n !== node)]);

/** A random majority and minority (the bigger half first). */
export function halves(nodes: readonly string[], rng: Random): [string[], string[]] {
  const s = shuffle(nodes, rng);
  const majority = Math.floor(s.length / 2) + 1;
  return [s.slice(0, majority), s.slice(majority)];
}

/**
 * Every node sees a majority (itself included) but no two nodes see the same one (Jepsen's majorities-ring): on a
 * shuffled ring, each node keeps the window of `majority` nodes centred on it and drops the rest. With 5 nodes each
 * node sees its two neighbours; with 3 every pair ends up cut in one direction, so TCP between any two fails.
 */
export function majoritiesRing(nodes: readonly string[], rng: Random): Grudge {
  const ring = shuffle(nodes, rng);
  const n = ring.length;
  const m = Math.floor(n / 2) + 1;
  const grudge: Grudge = {};
  for (let start = 0; start < n; start++) {
    const window = Array.from({ length: m }, (_, k) => ring[(start + k) % n]!);
    const centre = window[Math.floor(m / 2)]!;
    const dropped = ring.filter((x) => !window.includes(x));
    if (dropped.length > 0) grudge[centre] = dropped;
  }
  return grudge;
}

/** Two halves that cannot see each other, and one node in the middle that sees both (Jepsen's bridge). */
export function bridge(nodes: readonly string[], rng: Random): { grudge: Grudge; bridge: string } {
  const s = shuffle(nodes, rng);
  const mid = Math.floor(s.length / 2);
  const left = s.slice(0, mid);
  const right = s.slice(mid + 1);
  const grudge: Grudge = {};
  for (const n of left) if (right.length > 0) grudge[n] = [...right];
  for (const n of right) if (left.length > 0) grudge[n] = [...left];
  return { grudge, bridge: s[mid]! };
}

/** Every node drops the client (the host side of the bridge network) and nothing else. */
export const isolateFromClient = (nodes: readonly string[]): Grudge => Object.fromEntries(nodes.map((n) => [n, [CLIENT]]));

/** Does `a` refuse packets from `b` under this grudge? */
export const drops = (g: Grudge, a: string, b: string): boolean => (g[a] ?? []).includes(b);
