// Nemesis options: CLI flags `--<family>-<key>` stored in spec.nemesisOptions, read back per family with checks.
import { Option, type Command } from 'commander';
import type { TestSpec } from '../core/spec.ts';
import { UserError } from '../core/errors.ts';

export type OptionValue = string | number | boolean;

/** Every family flag; the record key in spec.nemesisOptions is the flag name without dashes in front. */
const FLAGS: Array<{ flag: string; arg: string; help: string }> = [
  { flag: 'partition-shape', arg: '<list>', help: 'partition shapes to draw from: one,halves,majorities-ring,bridge,one-way,leader,controller,client (default all)' },
  { flag: 'partition-mode', arg: '<mode>', help: 'partition packets: drop (hang until timeouts) or reject (TCP reset, fail fast); default drop' },
  { flag: 'pause-mode', arg: '<mode>', help: 'pause by freeze (docker pause, the whole container) or sigstop (the broker only); default freeze' },
  { flag: 'clock-fault', arg: '<list>', help: 'clock faults to draw from: skew,bump,strobe (default all)' },
  { flag: 'clock-max-skew', arg: '<s>', help: 'largest clock offset in seconds, either way (default 60)' },
  { flag: 'disk-fault', arg: '<list>', help: 'disk faults to draw from: eio,slow,enospc,lose-unsynced,corrupt (default all)' },
  { flag: 'disk-eio-ops', arg: '<list>', help: 'operations eio fails: all, or a list of read,write,fsync,open,... (default write,fsync)' },
  { flag: 'disk-eio-probability', arg: '<p>', help: 'probability that a matching operation fails with EIO (default 1)' },
  { flag: 'disk-slow-ms', arg: '<ms>', help: 'latency added to every data-dir operation by the slow fault (default 50)' },
  { flag: 'packet-fault', arg: '<list>', help: 'packet faults to draw from: loss,rate,delay (default all)' },
  { flag: 'packet-loss', arg: '<p>', help: 'probability a packet is dropped by the loss fault (default 0.2)' },
  { flag: 'packet-rate', arg: '<rate>', help: 'bandwidth cap of the rate fault, tc units, e.g. 1mbit (default 1mbit)' },
  { flag: 'packet-delay-ms', arg: '<ms>', help: 'one-way delay of the delay fault (default 100)' },
  { flag: 'packet-jitter-ms', arg: '<ms>', help: 'random extra delay up to this many ms (default 0)' },
];

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Adds the family flags to a command (additive: every flag is optional). */
export function addNemesisOptions(cmd: Command): Command {
  for (const f of FLAGS) cmd.addOption(new Option(`--${f.flag} ${f.arg}`, f.help));
  return cmd;
}

export type NemesisFlags = Record<string, unknown>;

/** The family flags the user gave, as spec.nemesisOptions. */
export function nemesisOptionsFrom(flags: NemesisFlags): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const f of FLAGS) {
    const v = flags[camel(f.flag)];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[f.flag] = v;
  }
  return out;
}

/** Reads one family's options with checks; errors name the flag the value came from. */
export class FamilyOptions {
  constructor(
    private readonly values: Record<string, OptionValue>,
    private readonly flagOf: (key: string) => string,
  ) {}

  /** The options of `family` in a test spec (flags --<family>-<key>). */
  static fromSpec(spec: TestSpec, family: string): FamilyOptions {
    const prefix = `${family}-`;
    const values: Record<string, OptionValue> = {};
    for (const [k, v] of Object.entries(spec.nemesisOptions ?? {})) if (k.startsWith(prefix)) values[k.slice(prefix.length)] = v;
    return new FamilyOptions(values, (key) => `--${prefix}${key}`);
  }

  /** Options of a manual action (flags --<key>). */
  static fromManual(options: Record<string, string>): FamilyOptions {
    return new FamilyOptions(options, (key) => `--${key}`);
  }

  has(key: string): boolean {
    return this.values[key] !== undefined;
  }

  string(key: string, fallback: string): string {
    const v = this.values[key];
    return v === undefined ? fallback : String(v);
  }

  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.string(key, fallback);
    if (!allowed.includes(v as T)) throw new UserError(`${this.flagOf(key)} ${v}: must be one of ${allowed.join(', ')}`);
    return v as T;
  }

  list<T extends string>(key: string, allowed: readonly T[], fallback: readonly T[]): T[] {
    const raw = this.values[key];
    if (raw === undefined) return [...fallback];
    const items = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.filter((i) => !allowed.includes(i as T));
    if (items.length === 0 || bad.length > 0) throw new UserError(`${this.flagOf(key)} ${raw}: give a comma-separated list of ${allowed.join(', ')}`);
    return [...new Set(items)] as T[];
  }

  number(key: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.values[key];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < range.min || n > range.max) throw new UserError(`${this.flagOf(key)} ${raw}: must be a number from ${range.min} to ${range.max}`);
    return n;
  }
}
