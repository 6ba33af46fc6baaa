// Small text formatters shared by the report's sections: numbers, durations, op times, values and verdicts.

import type { Validity } from '../../core/result.ts';
import { toJsonText } from './escape.ts';

const NS_PER_SECOND = 1e9;

/** 12345.678 -> "12,345.678" (at most 3 decimals). */
export function formatNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** History time (ns since test start) as seconds: "12.345 s". */
export function formatOpTime(ns: number): string {
  return `${(ns / NS_PER_SECOND).toFixed(3)} s`;
}

/** A wall-clock duration: "850 ms", "42.1 s", "5 min 12 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A value as one line of JSON, cut to `maxChars` with an ellipsis. Strings are shown with their quotes. */
export function compactValue(value: unknown, maxChars = 160): string {
  if (value === undefined) return '';
  const text = toJsonText(value);
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** A value as written: strings without quotes, numbers as is (no grouping: seeds, ports), the rest as compact JSON. */
export function plainValue(value: unknown, maxChars = 160): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return compactValue(value, maxChars);
  return value.length > maxChars ? `${value.slice(0, maxChars - 1)}…` : value;
}

/** A figure shown in a table cell: numbers grouped (1,284,311), strings unquoted, the rest as compact JSON. */
export function displayValue(value: unknown, maxChars = 160): string {
  if (typeof value === 'string') return value.length > maxChars ? `${value.slice(0, maxChars - 1)}…` : value;
  if (typeof value === 'number') return formatNumber(value);
  return compactValue(value, maxChars);
}

export const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

export function verdictLabel(v: Validity): string {
  return v === true ? 'valid' : v === false ? 'INVALID' : 'unknown';
}

/** CSS modifier for a verdict: `valid`, `invalid`, `unknown`. */
export function verdictClass(v: Validity): string {
  return v === true ? 'valid' : v === false ? 'invalid' : 'unknown';
}
