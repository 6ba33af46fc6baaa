// `log`: an append-only log such as one Kafka partition. Offsets are dense and start at 0.
//   append — invoke value: the record value v; ok value: [v, offset], the offset the append was given.
//            With an unknown outcome the append may land at the end of the log (or never).
//   read   — invoke value: nil; ok value: either the whole log as a list [v0, v1, ...] (from offset 0 to the end at
//            the moment the read took effect) or a number, the last offset (-1 for an empty log). nil = unknown.
// A linearizable read sees every append that completed before it, so a strict prefix is an illegal read.
// When no value is appended twice, an append with an unknown outcome whose value a read returned at position k can only
// have landed at offset k (`learn`): without that, the search would have to try every order of a burst of timed-out
// appends (n! states that differ only in the order, told apart only at the next read).
// States are persistent cons lists (shared tails, incremental hash), so an append costs O(1).
import type { Op } from '../../../core/history/op.ts';
import type { ClientCall } from '../history.ts';
import { ILLEGAL, type Illegal, type Model, type ModelCall, type ModelFactory, unknownOperation } from '../model.ts';
import { ValueInterner, mixHash, sameValue } from '../values.ts';

export interface LogState {
  /** The log without its last record; null for the empty log. */
  readonly rest: LogState | null;
  /** Value id of the last record. */
  readonly last: number;
  readonly length: number;
  readonly hash: number;
}

const EMPTY: LogState = { rest: null, last: -1, length: 0, hash: 0x2f1b };
const appendRecord = (log: LogState, value: number): LogState => ({
  rest: log,
  last: value,
  length: log.length + 1,
  hash: mixHash(log.hash, value),
});

const APPEND = 0;
const READ_ALL = 1;
const READ_LAST = 2;
const UNKNOWN = -2;

/** append: value id and offset (UNKNOWN); read-all: the record ids read; read-last: the offset read. */
export type LogInput =
  | { kind: typeof APPEND; value: number; offset: number; inferred?: boolean }
  | { kind: typeof READ_ALL; records: Int32Array }
  | { kind: typeof READ_LAST; offset: number };

function sameRecords(log: LogState, records: Int32Array): boolean {
  if (log.length !== records.length) return false;
  let node: LogState | null = log;
  for (let i = records.length - 1; i >= 0; i--, node = node!.rest) if (node!.last !== records[i]) return false;
  return true;
}

function sameLog(a: LogState, b: LogState): boolean {
  let x: LogState | null = a;
  let y: LogState | null = b;
  while (x !== y) {
    if (x === null || y === null || x.length !== y.length || x.hash !== y.hash || x.last !== y.last) return false;
    x = x.rest;
    y = y.rest;
  }
  return true;
}

function createLog(initial: unknown): Model<LogState, LogInput, null> {
  const values = new ValueInterner();
  const initialState = (Array.isArray(initial) ? initial : []).reduce<LogState>((log, v) => appendRecord(log, values.id(v)), EMPTY);
  const records = (log: LogState): number[] => {
    const out: number[] = [];
    for (let node: LogState | null = log; node && node.length > 0; node = node.rest) out.push(node.last);
    return out.reverse();
  };
  const render = (ids: ArrayLike<number>): string => `[${Array.from(ids, (id) => values.render(id)).join(' ')}]`;
  /** value id → the offset any append of it must have had, learnt from reads (only when values are unique). */
  const landedAt = new Map<number, number>();
  /** Value ids some read returned. */
  const readValues = new Set<number>();

  const learn = (calls: readonly ClientCall[]): void => {
    for (const c of calls) {
      const returned = c.invoke.f === 'read' ? c.completion?.value : undefined;
      if (Array.isArray(returned)) for (const v of returned) readValues.add(values.id(v));
    }
    const appended = new Set(records(initialState));
    for (const c of calls) {
      if (c.invoke.f !== 'append') continue;
      const id = values.id(c.invoke.value);
      if (appended.has(id)) return; // a value appended twice: its position says nothing about which append it was
      appended.add(id);
    }
    for (const c of calls) {
      const read = c.invoke.f === 'read' ? c.completion?.value : undefined;
      if (!Array.isArray(read)) continue;
      read.forEach((v, offset) => {
        const id = values.id(v);
        if (!landedAt.has(id)) landedAt.set(id, offset);
      });
    }
  };

  const prepare = (invoke: Op, completion: Op | null): ModelCall<LogInput, null> | string => {
    if (invoke.f === 'append') {
      const value = values.id(invoke.value);
      if (completion === null) {
        const landed = landedAt.get(value);
        return {
          input: landed === undefined ? { kind: APPEND, value, offset: UNKNOWN } : { kind: APPEND, value, offset: landed, inferred: true },
          output: null,
        };
      }
      const result = completion.value;
      if (!Array.isArray(result) || result.length !== 2 || !Number.isInteger(result[1])) {
        return `an ok append must return [value, offset], got ${JSON.stringify(result)}`;
      }
      if (!sameValue(result[0], invoke.value)) {
        return `the append returned value ${JSON.stringify(result[0])} but appended ${JSON.stringify(invoke.value)}`;
      }
      return { input: { kind: APPEND, value, offset: result[1] as number }, output: null };
    }
    if (invoke.f !== 'read') return unknownOperation(invoke.f, ['append', 'read']);
    const read = completion?.value;
    if (read === null || read === undefined) return { input: { kind: READ_LAST, offset: UNKNOWN }, output: null };
    if (Array.isArray(read)) return { input: { kind: READ_ALL, records: Int32Array.from(read, (v) => values.id(v)) }, output: null };
    if (Number.isInteger(read)) return { input: { kind: READ_LAST, offset: read as number }, output: null };
    return `a read must return the log as a list or its last offset, got ${JSON.stringify(read)}`;
  };

  return {
    name: 'log',
    learn,
    prepare,
    initialState: () => initialState,
    step(state, input): LogState | Illegal {
      switch (input.kind) {
        case APPEND:
          return input.offset === UNKNOWN || input.offset === state.length ? appendRecord(state, input.value) : ILLEGAL;
        case READ_ALL:
          return sameRecords(state, input.records) ? state : ILLEGAL;
        default:
          return input.offset === UNKNOWN || input.offset === state.length - 1 ? state : ILLEGAL;
      }
    },
    readOnly: (input) => input.kind !== APPEND,
    // An append with an unknown outcome that no read returned (reads return the whole log, so it never showed).
    unobserved: (input) => input.kind === APPEND && input.offset === UNKNOWN && !readValues.has(input.value),
    hash: (state) => state.hash ^ state.length,
    equal: sameLog,
    describeState: (state) => render(records(state)),
    describeCall(input) {
      switch (input.kind) {
        case APPEND:
          return `append ${values.render(input.value)} → ${input.offset === UNKNOWN ? '?' : `offset ${input.offset}${input.inferred ? ' (outcome unknown; a read shows it there)' : ''}`}`;
        case READ_ALL:
          return `read ${render(input.records)}`;
        default:
          return `read → ${input.offset === UNKNOWN ? '?' : `last offset ${input.offset}`}`;
      }
    },
    whyIllegal(state, input) {
      switch (input.kind) {
        case APPEND:
          return `${input.inferred ? 'a read shows it at' : 'it got'} offset ${input.offset} but the next free offset was ${state.length}`;
        case READ_ALL:
          return `it read ${render(input.records)} but the log was ${render(records(state))}`;
        default:
          return `it saw last offset ${input.offset} but the log ended at offset ${state.length - 1}`;
      }
    },
  };
}

export const logModels: Record<string, ModelFactory> = { log: createLog };
