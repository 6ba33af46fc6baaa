// Wording shared by the explanations: how ops, lists and counts read in a sentence.

import type { QueueHistory } from './ingest.ts';
import { Status, TXN_KIND_NAMES } from './tables.ts';

const OUTCOME_WORDS = ['ok', 'failed', 'outcome unknown'] as const;

/** "op 40 (txn by process 3)", with the outcome when it was not ok. */
export function describeTxn(history: QueueHistory, txn: number): string {
  const { txns } = history;
  const kind = TXN_KIND_NAMES[txns.kind.get(txn)] ?? 'op';
  const status = txns.status.get(txn);
  const outcome = status === Status.ok ? '' : `, ${OUTCOME_WORDS[status] ?? 'unknown'}`;
  return `op ${txns.refIndex(txn)} (${kind} by process ${txns.process.get(txn)}${outcome})`;
}

/** "1, 2, 3 and 7 more". */
export function listItems(items: readonly (number | string)[], max = 10): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** "1 record", "3 records". */
export function count(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}

/** The first `max` items, for details that must stay small. */
export function sample<T>(items: readonly T[], max = 20): T[] {
  return items.slice(0, max);
}

/** Distinct txns in first-seen order. */
export function distinct(txns: Iterable<number>): number[] {
  return [...new Set(txns)];
}

/** "offset 7" or "offsets 7, 8 and 3 more". */
export function labelled(noun: string, items: readonly (number | string)[], max = 10): string {
  return `${items.length === 1 ? noun : `${noun}s`} ${listItems(items, max)}`;
}

/** Upper-cases the first letter, for sentences that start with an op description. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
