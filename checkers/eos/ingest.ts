// Reads an eos history into input, committed output (final reads), observer reads and copy transactions.

import { isClientProcess, type Op } from '../../core/history/op.ts';
import { walkPairs } from '../../core/history/pairing.ts';
import { EOS_FUNCTIONS, looksLikeCopy, parseCopy, parseSeed, parseTopicRead, type CopyTarget } from './ops.ts';

export interface InputPlace {
  partition: number;
  /** Index of the value among its partition's seeded values. */
  position: number;
}

export interface Copy {
  /** Completion index, or invocation index when it never completed. */
  op: number;
  process: number;
  outcome: 'ok' | 'fail' | 'info';
  to: CopyTarget[];
  /** A `crash` op: records sent inside a transaction that was left open on purpose. */
  crashed?: true;
}

/** What reads saw at one offset of an output partition. */
export interface ReadSlot {
  /** value → ops that read it there. */
  values: Map<number, number[]>;
}

export interface EosHistory {
  /** Input values per partition, in offset order. */
  input: Map<number, number[]>;
  seedOps: number[];
  /** value → where it first appears in the input. */
  inputPlace: Map<number, InputPlace>;
  /** value → how often the input holds it. */
  inputCount: Map<number, number>;
  /** Output partition → offset → values the final reads returned there. */
  finalRead: Map<number, Map<number, ReadSlot>>;
  finalReadOps: number[];
  /** Output partition → offset → values observers returned there. */
  observed: Map<number, Map<number, ReadSlot>>;
  observeOps: number;
  copies: Copy[];
  /** value → copies (indices into `copies`) whose output included it. */
  copiesOfValue: Map<number, number[]>;
}

function recordRead(into: Map<number, Map<number, ReadSlot>>, partition: number, offset: number, value: number, op: number): void {
  let byOffset = into.get(partition);
  if (!byOffset) into.set(partition, (byOffset = new Map()));
  let slot = byOffset.get(offset);
  if (!slot) byOffset.set(offset, (slot = { values: new Map() }));
  const ops = slot.values.get(value) ?? [];
  slot.values.set(value, ops);
  if (ops.at(-1) !== op) ops.push(op);
}

const isEosOp = (op: Op): boolean => isClientProcess(op.process) && EOS_FUNCTIONS.has(op.f);

export function ingestEosHistory(ops: readonly Op[]): EosHistory {
  const history: EosHistory = {
    input: new Map(),
    seedOps: [],
    inputPlace: new Map(),
    inputCount: new Map(),
    finalRead: new Map(),
    finalReadOps: [],
    observed: new Map(),
    observeOps: 0,
    copies: [],
    copiesOfValue: new Map(),
  };

  const addSeed = (op: Op) => {
    history.seedOps.push(op.index);
    for (const [partition, values] of parseSeed(op)) {
      const list = history.input.get(partition) ?? [];
      history.input.set(partition, list);
      for (const value of values) {
        if (!history.inputPlace.has(value)) history.inputPlace.set(value, { partition, position: list.length });
        history.inputCount.set(value, (history.inputCount.get(value) ?? 0) + 1);
        list.push(value);
      }
    }
  };

  const addCopy = (invocation: Op, completion: Op | undefined) => {
    const outcome = completion === undefined || completion.type === 'info' ? 'info' : completion.type === 'ok' ? 'ok' : 'fail';
    const source = completion && (outcome === 'ok' || looksLikeCopy(completion.value)) ? completion : invocation;
    const copy = parseCopy(source, source.value);
    const id = history.copies.length;
    const crashed = invocation.f === 'crash' ? { crashed: true as const } : {};
    history.copies.push({ op: (completion ?? invocation).index, process: invocation.process as number, outcome, to: copy.to, ...crashed });
    for (const target of copy.to) {
      const ids = history.copiesOfValue.get(target.value) ?? [];
      history.copiesOfValue.set(target.value, ids);
      if (ids.at(-1) !== id) ids.push(id);
    }
  };

  const addTopicRead = (op: Op) => {
    const into = op.f === 'final-read' ? history.finalRead : history.observed;
    if (op.f === 'final-read') history.finalReadOps.push(op.index);
    else history.observeOps++;
    for (const { partition, records } of parseTopicRead(op)) {
      if (!into.has(partition)) into.set(partition, new Map());
      for (const [offset, value] of records) recordRead(into, partition, offset, value, op.index);
    }
  };

  walkPairs<null>(
    ops,
    {
      invoke: () => null,
      complete: (_, invocation, completion) => {
        if (invocation.f === 'copy') addCopy(invocation, completion);
        else if (invocation.f === 'crash') {
          // Histories from before crash ops carried their records have nothing to add.
          if (looksLikeCopy(completion.value)) addCopy(completion, completion);
        } else if (completion.type !== 'ok') return;
        else if (invocation.f === 'seed') addSeed(completion);
        else addTopicRead(completion);
      },
      unfinished: (_, invocation) => {
        if (invocation.f === 'copy') addCopy(invocation, undefined);
      },
    },
    { paired: isEosOp },
  );
  return history;
}
