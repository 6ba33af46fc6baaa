// What read_committed observers may see while copiers run: only committed records, each value once.
//
// What is knowable: a committed record stays at its offset, so when a final read covers the partition, an observed
// (offset, value) that the final read does not hold there was aborted (or lost since). Without a final read of the
// partition, only copy outcomes speak: a value that only failed copies wrote to that partition, or an offset a failed
// copy reported that no committed or unknown copy claims, was aborted. Values, by themselves, are not enough: an
// aborted copy is normally retried and the same value committed again, elsewhere.

import type { AnomalyCollector } from '../kafka/collector.ts';
import { labelled, listItems, sample } from '../kafka/explain.ts';
import type { EosHistory } from './ingest.ts';
import { describeCopiesOf, type Output } from './output.ts';

interface Observation {
  partition: number;
  offset: number;
  value: number;
  ops: number[];
}

/** Indexes of the final reads and copy outcomes, to judge whether an observed record can be committed. */
class CommitEvidence {
  private readonly finalValues: Map<number, Map<number, number>>;
  private readonly finalEnds: Map<number, number | undefined>;
  /** "partition:offset" → what copies with a known output offset there did: values of failed ones, and whether any other claims it. */
  private readonly offsetClaims = new Map<string, { failedValues: Set<number>; claimedByOthers: boolean }>();

  constructor(
    private readonly history: EosHistory,
    output: Output,
  ) {
    this.finalValues = new Map(output.logs.map((log) => [log.partition, new Map(log.offsets.map((o, i) => [o, log.values[i] as number]))]));
    this.finalEnds = new Map(output.logs.map((log) => [log.partition, log.offsets.at(-1)]));
    for (const copy of history.copies) {
      for (const target of copy.to) {
        if (target.offset === null) continue;
        const slot = `${target.partition}:${target.offset}`;
        const claim = this.offsetClaims.get(slot) ?? { failedValues: new Set<number>(), claimedByOthers: false };
        this.offsetClaims.set(slot, claim);
        if (copy.outcome === 'fail') claim.failedValues.add(target.value);
        else claim.claimedByOthers = true;
      }
    }
  }

  /** Why an observation cannot be of a committed record, or null when it may be. */
  abortedBecause({ partition, offset, value }: Observation): string | null {
    const finalLog = this.finalValues.get(partition);
    if (finalLog) {
      const committed = finalLog.get(offset);
      if (committed === value) return null;
      if (committed !== undefined) return `the final read holds value ${committed} at that offset`;
      const end = this.finalEnds.get(partition);
      if (end === undefined || offset > end) return `the final read of that partition ends ${end === undefined ? 'empty' : `at offset ${end}`}`;
      return 'the final read holds no record at that offset (an aborted record or a transaction marker sits there)';
    }
    const writers = (this.history.copiesOfValue.get(value) ?? [])
      .map((id) => this.history.copies[id]!)
      .filter((c) => c.to.some((t) => t.partition === partition && t.value === value));
    if (writers.length > 0 && writers.every((c) => c.outcome === 'fail')) {
      return 'no final read covers the partition, and every copy op that wrote the value there failed';
    }
    const claim = this.offsetClaims.get(`${partition}:${offset}`);
    if (claim && claim.failedValues.has(value) && !claim.claimedByOthers) {
      return 'no final read covers the partition, and the offset belongs to a failed copy op that no committed copy reuses';
    }
    return null;
  }
}

export function reportObserverAnomalies(history: EosHistory, output: Output, anomalies: AnomalyCollector): number {
  const evidence = new CommitEvidence(history, output);
  const committedSightings = new Map<number, Observation[]>();
  let observed = 0;
  for (const [partition, byOffset] of history.observed) {
    for (const [offset, slot] of byOffset) {
      for (const [value, ops] of slot.values) {
        observed++;
        const seen = { partition, offset, value, ops };
        const reason = evidence.abortedBecause(seen);
        if (reason === null) {
          const list = committedSightings.get(value) ?? [];
          committedSightings.set(value, list);
          list.push(seen);
          continue;
        }
        anomalies.add('aborted-read', false, () => {
          const copies = describeCopiesOf(history, value);
          return {
            explanation:
              `Observer ${labelled('op', ops)} read value ${value} at offset ${offset} of output partition ${partition}, ` +
              `but ${reason}; ${copies.text}. A read_committed observer sees only committed records, which stay at ` +
              'their offsets: it returned a record that was aborted (or lost afterwards).',
            ops: [...sample(ops, 10), ...sample(copies.ops, 10)],
            details: { partition, offset, value, observers: ops, copies: copies.ops },
          };
        });
      }
    }
  }
  for (const [value, sightings] of committedSightings) {
    if (sightings.length < 2 || (output.places.get(value)?.length ?? 0) >= 2) continue;
    anomalies.add('observed-duplicate', false, () => {
      const places = sightings.map((s) => `partition ${s.partition} offset ${s.offset} (${labelled('op', s.ops)})`);
      return {
        explanation:
          `Observers read value ${value} at ${sightings.length} places: ${listItems(places, 6)}. Each input record ` +
          'must be committed to the output once, so a read_committed observer must never see a value twice.',
        ops: sightings.flatMap((s) => sample(s.ops, 5)),
        details: { value, places: sightings.map(({ partition, offset, ops }) => ({ partition, offset, ops })) },
      };
    });
  }
  return observed;
}
