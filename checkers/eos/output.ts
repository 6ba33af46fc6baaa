// The committed output against the input: every input value exactly once (lost, duplicate, unexpected), each offset
// with one value (inconsistent-offsets), and, when asked, each input partition's order kept (reordered).

import type { AnomalyCollector } from '../kafka/collector.ts';
import { count, labelled, listItems, sample } from '../kafka/explain.ts';
import type { EosHistory } from './ingest.ts';

/** The final reads as one log per output partition: offsets ascending, one value each (the first read there). */
export interface OutputLog {
  partition: number;
  offsets: number[];
  values: number[];
}

export interface OutputPlace {
  partition: number;
  offset: number;
}

export interface Output {
  logs: OutputLog[];
  /** value → where the output holds it, in partition then offset order. */
  places: Map<number, OutputPlace[]>;
}

export function buildOutput(history: EosHistory): Output {
  const places = new Map<number, OutputPlace[]>();
  const logs = [...history.finalRead.entries()]
    .sort(([a], [b]) => a - b)
    .map(([partition, byOffset]): OutputLog => {
      const offsets = [...byOffset.keys()].sort((a, b) => a - b);
      const values = offsets.map((offset) => byOffset.get(offset)?.values.keys().next().value as number);
      values.forEach((value, i) => {
        const list = places.get(value) ?? [];
        places.set(value, list);
        list.push({ partition, offset: offsets[i] as number });
      });
      return { partition, offsets, values };
    });
  return { logs, places };
}

/** "op 40 (ok), op 77 (fail)" for the copies that produced `value`. */
export function describeCopiesOf(history: EosHistory, value: number): { text: string; ops: number[] } {
  const copies = (history.copiesOfValue.get(value) ?? []).map((id) => history.copies[id]!);
  if (copies.length === 0) return { text: 'no copy op reported writing it', ops: [] };
  return {
    text: `copy ops that wrote it: ${listItems(
      copies.map((c) => `op ${c.op} (${c.crashed ? 'crash, ' : ''}${c.outcome})`),
      6,
    )}`,
    ops: copies.map((c) => c.op),
  };
}

/** The output partition all `places` share, with the topic when known: what causal attribution looks up. */
function placedIn(places: readonly OutputPlace[], topic: string | undefined): { partition?: number; topic?: string } {
  const partitions = new Set(places.map((p) => p.partition));
  if (partitions.size !== 1) return {};
  return { partition: places[0]!.partition, ...(topic !== undefined ? { topic } : {}) };
}

const where = (places: readonly OutputPlace[]) =>
  listItems(
    places.map((p) => `partition ${p.partition} offset ${p.offset}`),
    6,
  );

export function reportInconsistentOffsets(history: EosHistory, anomalies: AnomalyCollector): void {
  for (const [partition, byOffset] of history.finalRead) {
    for (const [offset, slot] of byOffset) {
      if (slot.values.size < 2) continue;
      anomalies.add('inconsistent-offsets', false, () => {
        const seen = [...slot.values].map(([value, ops]) => ({ value, ops }));
        return {
          explanation:
            `Final reads disagree on offset ${offset} of output partition ${partition}: ` +
            `${seen.map((s) => `${s.value} (${labelled('op', s.ops)})`).join(' vs ')}. An offset names one record; the ` +
            'committed log changed between reads.',
          ops: seen.flatMap((s) => s.ops),
          details: { partition, offset, values: seen },
        };
      });
    }
  }
}

export function reportMultisetDifferences(history: EosHistory, output: Output, anomalies: AnomalyCollector, outputTopic?: string): void {
  const finalOps = sample(history.finalReadOps, 5);
  for (const [partition, values] of history.input) {
    const lost = [...new Set(values)].filter((v) => (output.places.get(v)?.length ?? 0) < (history.inputCount.get(v) ?? 0));
    if (lost.length === 0) continue;
    anomalies.add('lost', false, () => {
      const copies = lost.slice(0, 20).map((value) => ({ value, ...describeCopiesOf(history, value) }));
      return {
        explanation:
          `${count(lost.length, 'value')} of input partition ${partition} never reached the output topic: ` +
          `${listItems(lost, 20)}. ${copies
            .slice(0, 3)
            .map((c) => `For ${c.value}, ${c.text}.`)
            .join(' ')} ` +
          'Exactly-once copying must commit every input record to the output.',
        ops: [...finalOps, ...copies.flatMap((c) => sample(c.ops, 3))],
        details: {
          partition,
          count: lost.length,
          values: sample(lost, 100),
          copies: copies.map(({ value, ops }) => ({ value, ops })),
          seedOps: history.seedOps,
        },
      };
    });
  }
  for (const [value, places] of output.places) {
    const expected = history.inputCount.get(value) ?? 0;
    if (places.length <= expected) continue;
    const type = expected === 0 ? 'unexpected' : 'duplicate';
    anomalies.add(type, false, () => {
      const copies = describeCopiesOf(history, value);
      const origin = history.inputPlace.get(value);
      const summary =
        expected === 0
          ? `Value ${value} appears in the output (${where(places)}) but not in the input`
          : `Value ${value} (input partition ${origin?.partition}) appears ${places.length} times in the output, ` + `expected ${expected}: ${where(places)}`;
      return {
        explanation: `${summary}; ${copies.text}. Exactly-once copying must write each input record once.`,
        ops: [...finalOps, ...sample(copies.ops, 10)],
        details: { value, expected, places, copies: copies.ops, ...placedIn(places, outputTopic) },
      };
    });
  }
}

/** Each output partition, in offset order, must hold every input partition's values in input order (first copies). */
export function reportReordering(history: EosHistory, output: Output, anomalies: AnomalyCollector): void {
  for (const log of output.logs) {
    const seen = new Set<number>();
    const lastOfInput = new Map<number, { position: number; offset: number; value: number }>();
    log.values.forEach((value, i) => {
      const place = history.inputPlace.get(value);
      if (seen.has(value) || !place) return;
      seen.add(value);
      const offset = log.offsets[i] as number;
      const previous = lastOfInput.get(place.partition);
      lastOfInput.set(place.partition, { position: place.position, offset, value });
      if (!previous || previous.position < place.position) return;
      anomalies.add('reordered', false, () => ({
        explanation:
          `In output partition ${log.partition}, value ${value} (input partition ${place.partition}, position ` +
          `${place.position}) sits at offset ${offset}, after value ${previous.value} (position ${previous.position} ` +
          `of the same input partition) at offset ${previous.offset}. Copying must preserve each partition's order.`,
        ops: [...history.finalReadOps, ...describeCopiesOf(history, previous.value).ops, ...describeCopiesOf(history, value).ops],
        details: {
          outputPartition: log.partition,
          inputPartition: place.partition,
          earlier: { value: previous.value, offset: previous.offset, inputPosition: previous.position },
          later: { value, offset, inputPosition: place.position },
        },
      }));
    });
  }
}
