// libfaketime's offset file: "+120.5" / "-3" seconds relative to the real clock. Pure formatting and parsing.

/** The file start.sh points FAKETIME_TIMESTAMP_FILE at; the broker re-reads it about every second. */
export const FAKETIME_FILE = '/var/lib/faultline/faketime.rc';
export const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/** Offset in ms → file content, e.g. 120000 → "+120.000". */
export function formatOffset(offsetMs: number): string {
  const s = (Math.abs(offsetMs) / 1000).toFixed(3);
  return `${offsetMs < 0 ? '-' : '+'}${s}\n`;
}

/** File content → offset in ms (absent or unreadable → 0, the real clock). */
export function parseOffset(content: string | undefined): number {
  const m = /^\s*([+-]?)(\d+(?:\.\d+)?)([smhd]?)\s*$/.exec(content ?? '');
  if (!m) return 0;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[3] as '' | 's' | 'm' | 'h' | 'd'];
  const ms = Math.round(Number(m[2]) * unit * 1000);
  return m[1] === '-' ? -ms : ms;
}

/** A shell command that prints the time (ns since the epoch) as a process under the broker's faketime setup sees it. */
export const FAKED_DATE_COMMAND = `LD_PRELOAD=${FAKETIME_LIB} FAKETIME_TIMESTAMP_FILE=${FAKETIME_FILE} FAKETIME_CACHE_DURATION=1 FAKETIME_DONT_FAKE_MONOTONIC=1 DONT_FAKE_MONOTONIC=1 date +%s%N`;

/** Offset of a node clock reading against the host clock read just before and after it (midpoint), in ms. */
export function offsetFromReading(nodeNs: bigint, hostBeforeMs: number, hostAfterMs: number): number {
  return Math.round(Number(nodeNs / 1_000_000n) - (hostBeforeMs + hostAfterMs) / 2);
}
