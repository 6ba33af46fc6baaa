// Metadata checker: over the monitor's rounds (every broker's own answer about leaders, leader epochs, ISRs and live
// brokers, once a second), finds what KRaft's single metadata log should make impossible:
// - two-leaders-one-epoch: two brokers named as leader of one partition in the same leader epoch (by any views);
// - epoch-regression: a broker that answered a leader epoch lower than one it answered earlier for the same partition;
// - isr-not-alive: a view whose ISR for a led partition names a broker the same view does not list as alive (KRaft
//   removes a fenced broker from every ISR in the same metadata batch that fences it, unless it is the last member).
import type { Op } from '../../core/history/op.ts';
import { checkedClasses, type Anomaly, type CheckerResult } from '../../core/result.ts';

type Row = [string, number, number, number, number[]];
type View = { live: number[]; partitions: Row[] } | { error: string };

interface Sample {
  op: Op;
  broker: string;
  live: number[];
  rows: Row[];
}

/** Every successful view of every monitor round, in history order. */
function samples(ops: readonly Op[]): Sample[] {
  const out: Sample[] = [];
  for (const op of ops) {
    if (op.process !== 'monitor' || op.f !== 'metadata' || op.type !== 'ok') continue;
    const views = (op.value as { views?: Record<string, View> }).views ?? {};
    for (const [broker, v] of Object.entries(views)) if ('live' in v) out.push({ op, broker, live: v.live, rows: v.partitions });
  }
  return out;
}

const t = (op: Op): string => `${(op.time / 1e9).toFixed(1)} s`;

const METADATA_CLASSES = ['two-leaders-one-epoch', 'epoch-regression', 'isr-not-alive'];

export function checkMetadata(ops: Op[]): CheckerResult {
  const all = samples(ops);
  const anomalies: Anomaly[] = [];
  // (topic/partition/epoch) → leader → first sample naming it.
  const claims = new Map<string, Map<number, Sample>>();
  // broker → topic/partition → highest epoch seen, and where.
  const seen = new Map<string, Map<string, { epoch: number; sample: Sample }>>();
  const reportedSplit = new Set<string>();
  const reportedRegression = new Set<string>();
  const reportedIsr = new Set<string>();
  for (const s of all) {
    for (const [topic, partition, leader, epoch, isr] of s.rows) {
      const tp = `${topic}/${partition}`;
      if (leader >= 0) {
        const key = `${tp}@${epoch}`;
        const leaders = claims.get(key) ?? new Map<number, Sample>();
        claims.set(key, leaders);
        if (!leaders.has(leader)) leaders.set(leader, s);
        if (leaders.size > 1 && !reportedSplit.has(key)) {
          reportedSplit.add(key);
          const named = [...leaders].map(([l, by]) => `broker ${l} (said by ${by.broker} at ${t(by.op)}, op ${by.op.index})`);
          anomalies.push({
            type: 'two-leaders-one-epoch',
            explanation: `${tp} had two leaders in leader epoch ${epoch}: ${named.join(' and ')}. Each leader epoch is decided once by the controller, so two brokers must never be named for the same epoch.`,
            ops: [...new Set([...leaders.values()].map((x) => x.op.index))],
            details: { topic, partition, epoch, leaders: [...leaders.keys()] },
          });
        }
        const perBroker = seen.get(s.broker) ?? new Map<string, { epoch: number; sample: Sample }>();
        seen.set(s.broker, perBroker);
        const before = perBroker.get(tp);
        if (before && epoch < before.epoch && !reportedRegression.has(`${s.broker}/${tp}`)) {
          reportedRegression.add(`${s.broker}/${tp}`);
          anomalies.push({
            type: 'epoch-regression',
            explanation: `${s.broker} answered leader epoch ${epoch} for ${tp} at ${t(s.op)} (op ${s.op.index}), after answering epoch ${before.epoch} at ${t(before.sample.op)} (op ${before.sample.op.index}): its view of the partition went back in time.`,
            ops: [before.sample.op.index, s.op.index],
            details: { broker: s.broker, topic, partition, from: before.epoch, to: epoch },
          });
        }
        if (!before || epoch > before.epoch) perBroker.set(tp, { epoch, sample: s });
        const dead = isr.filter((r) => !s.live.includes(r));
        if (isr.length > 1 && dead.length > 0 && !reportedIsr.has(`${s.broker}/${tp}/${dead.join(',')}`)) {
          reportedIsr.add(`${s.broker}/${tp}/${dead.join(',')}`);
          anomalies.push({
            type: 'isr-not-alive',
            explanation: `${s.broker} answered, at ${t(s.op)} (op ${s.op.index}), an ISR [${isr.join(',')}] for ${tp} (leader ${leader}, epoch ${epoch}) that names broker(s) ${dead.join(',')}, which the same answer does not list as alive [${s.live.join(',')}].`,
            ops: [s.op.index],
            details: { broker: s.broker, topic, partition, isr, live: s.live },
          });
        }
      }
    }
  }
  const rounds = new Set(all.map((s) => s.op.index)).size;
  return {
    checker: 'metadata',
    valid: anomalies.length > 0 ? false : rounds === 0 ? 'unknown' : true,
    anomalies,
    stats: {
      rounds,
      views: all.length,
      ...(rounds === 0 ? { note: 'no monitor round answered: nothing to check' } : {}),
    },
    checked: checkedClasses(rounds > 0 ? METADATA_CLASSES : [], anomalies),
  };
}
