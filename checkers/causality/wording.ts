// How the causal explanations write times, brokers, offsets and lists.

const S = 1e9;

/** A moment on the history's clock: "46.25 s". */
export const at = (ns: number): string => `${(ns / S).toFixed(2)} s`;

/** A duration: "2.16 s", "0.31 s", "15 ms" for short ones. */
export function span(ns: number): string {
  const abs = Math.abs(ns);
  return abs < 0.1 * S ? `${Math.round(abs / 1e6)} ms` : `${(abs / S).toFixed(2)} s`;
}

/** "after" or "before" the moment, with the distance: "2.16 s after the ack". */
export const relative = (ns: number, moment: number, what: string): string => `${span(ns - moment)} ${ns >= moment ? 'after' : 'before'} ${what}`;

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Offsets a truncation removed: "offsets 264–326" or "offset 264". */
export function offsetRange(from: number, toExclusive: number | undefined): string {
  if (toExclusive === undefined) return `offsets from ${from}`;
  return toExclusive - from <= 1 ? `offset ${from}` : `offsets ${from}–${toExclusive - 1}`;
}
