// A synthetic but realistic run for the report benchmark: a lost-writes workload over three brokers and six
// partitions, with leader kills that overlap network partitions and clock checks, the brokers' events (leader
// changes, ISR shrink/expand, truncation on return), acks=1 writes lost when their leader dies, and one G1c cycle.
// Deterministic for a given size; about `targetOps` history ops.

import { Random } from '../../core/generator/random.ts';
import type { BrokerEvent } from '../../core/events.ts';
import type { NemesisValue, Op } from '../../core/history/op.ts';
import type { Anomaly, CheckerResult } from '../../core/result.ts';
import type { ReportInput } from '../../reports/html/index.ts';

const S = 1e9;
const NODES = ['n1', 'n2', 'n3'];
const PARTITIONS = 6;
const TOPIC = 'faultline-lost-writes';
/** A fault cycle: kill the leader of one partition for KILL_S, with a partition of another node inside it. */
const CYCLE_S = 15;
const KILL_S = 8;
const MEAN_LATENCY_S = 0.005;

type Draft = Omit<Op, 'index'>;

interface Kill {
  node: string;
  at: number;
  until: number;
}

function nemesis(drafts: Draft[], at: number, value: NemesisValue): void {
  drafts.push({ type: 'invoke', process: 'nemesis', f: value.action, value: { ...value, targets: [] }, time: at * S });
  drafts.push({ type: 'info', process: 'nemesis', f: value.action, value, time: (at + 0.05) * S });
}

const origin = (node: string, time: number, text: string, line: number) => ({
  node,
  time: time * S,
  logTime: '',
  file: `nodes/${node}/server.log`,
  line,
  text,
});

/** Leaders over time and the events that say so; returns the kills. */
function faultsAndEvents(random: Random, durationS: number, drafts: Draft[], events: BrokerEvent[]): Kill[] {
  const leaders = Array.from({ length: PARTITIONS }, (_, p) => NODES[p % NODES.length]!);
  const epochs = new Array<number>(PARTITIONS).fill(0);
  const kills: Kill[] = [];
  let line = 100;
  NODES.forEach((node, i) =>
    events.push({ kind: 'broker-started', broker: i + 1, ...origin(node, 0.5, `[KafkaRaftServer nodeId=${i + 1}] Kafka Server started`, line++) }),
  );
  leaders.forEach((node, p) =>
    events.push({
      kind: 'leader-change',
      topic: TOPIC,
      partition: p,
      leader: NODES.indexOf(node) + 1,
      epoch: 0,
      isr: [1, 2, 3],
      startOffset: 0,
      ...origin(node, 1 + p * 0.05, `leader of ${p}`, line++),
    }),
  );
  for (let t = 10; t + KILL_S + 4 < durationS; t += CYCLE_S) {
    const victim = NODES[random.int(NODES.length)]!;
    const other = NODES.find((n) => n !== victim)!;
    const until = t + KILL_S;
    nemesis(drafts, t, { family: 'kill', action: 'kill', phase: 'start', targets: [victim] });
    nemesis(drafts, t + 0.02, { family: 'clock', action: 'check-offsets', phase: 'instant', targets: NODES });
    nemesis(drafts, t + 1.5, { family: 'partition', action: 'isolate', phase: 'start', targets: [other] });
    nemesis(drafts, t + 5, { family: 'partition', action: 'heal', phase: 'stop', targets: [other] });
    nemesis(drafts, until, { family: 'kill', action: 'restart', phase: 'stop', targets: [victim] });
    kills.push({ node: victim, at: t, until });
    const id = NODES.indexOf(victim) + 1;
    leaders.forEach((node, p) => {
      if (node !== victim) return;
      const next = NODES.find((n) => n !== victim && n !== other) ?? other;
      leaders[p] = next;
      epochs[p] = epochs[p]! + 1;
      const nextId = NODES.indexOf(next) + 1;
      const survivors = [1, 2, 3].filter((b) => b !== id);
      events.push({
        kind: 'leader-change',
        topic: TOPIC,
        partition: p,
        leader: nextId,
        epoch: epochs[p]!,
        previousLeader: id,
        isr: survivors,
        ...origin(next, t + 2.1 + p * 0.01, `new leader of ${p}`, line++),
      });
      events.push({
        kind: 'isr-shrink',
        topic: TOPIC,
        partition: p,
        from: [1, 2, 3],
        to: survivors,
        partitionEpoch: epochs[p]! + 10,
        leader: nextId,
        ...origin(next, t + 2.1 + p * 0.01, `shrink ${p}`, line++),
      });
      events.push({
        kind: 'truncation',
        topic: TOPIC,
        partition: p,
        toOffset: 1000 + Math.floor(t * 10),
        reason: 'leader-epoch',
        leader: nextId,
        ...origin(victim, until + 1.2, `truncate ${p}`, line++),
      });
      events.push({
        kind: 'isr-expand',
        topic: TOPIC,
        partition: p,
        from: survivors,
        to: [1, 2, 3],
        partitionEpoch: epochs[p]! + 11,
        leader: nextId,
        ...origin(next, until + 2, `expand ${p}`, line++),
      });
    });
  }
  return kills;
}

/** Sends by every process until about `targetOps` ops; slow, failed and unknown ones while a node is down. */
function clientDrafts(random: Random, processes: number, durationS: number, thinkS: number, kills: readonly Kill[]): Draft[] {
  const drafts: Draft[] = [];
  const offsets = new Array<number>(PARTITIONS).fill(0);
  let value = 0;
  for (let process = 0; process < processes; process++) {
    // A process invokes its next op only after the previous one completed.
    for (let t = random.next() * thinkS; t < durationS - 0.5;) {
      const partition = random.int(PARTITIONS);
      const down = kills.some((k) => t >= k.at && t < k.until);
      const v = value++;
      drafts.push({ type: 'invoke', process, f: 'send', value: { value: v, partition }, time: t * S });
      const latencyS = (2 + random.next() * 6 + (down ? random.next() * 400 : 0)) / 1000;
      const roll = random.next();
      const end = (t + latencyS) * S;
      if (down && roll < 0.05) drafts.push({ type: 'info', process, f: 'send', value: { value: v, partition }, time: end, error: 'timeout' });
      else if (down && roll < 0.15)
        drafts.push({ type: 'fail', process, f: 'send', value: { value: v, partition }, time: end, error: 'NOT_LEADER_OR_FOLLOWER' });
      else drafts.push({ type: 'ok', process, f: 'send', value: { value: v, partition, offset: offsets[partition]!++ }, time: end, requests: 1 });
      t += latencyS + thinkS * (0.5 + random.next());
    }
  }
  return drafts;
}

/**
 * The first `targetOps` ops of the run, more or less: everything before the time the targetOps-th op happened, less
 * the client ops that straddle it (so every kept invocation has its completion).
 */
function cutAt(drafts: Draft[], events: BrokerEvent[], targetOps: number): { drafts: Draft[]; events: BrokerEvent[] } {
  drafts.sort((a, b) => a.time - b.time);
  if (drafts.length <= targetOps) return { drafts, events };
  const cut = drafts[targetOps]!.time;
  const open = new Map<number | string, number>();
  const kept: Draft[] = [];
  for (const d of drafts) {
    if (d.time >= cut) break;
    kept.push(d);
    if (typeof d.process === 'number') open.set(d.process, d.type === 'invoke' ? kept.length - 1 : -1);
  }
  const straddling = new Set([...open.values()].filter((i) => i >= 0));
  return { drafts: kept.filter((_, i) => !straddling.has(i)), events: events.filter((e) => e.time < cut) };
}

/** More client processes for bigger histories, as a faster run would have. */
const processesFor = (targetOps: number): number => Math.min(60, Math.max(10, Math.ceil(targetOps / 20_000)));

function historyOf(drafts: Draft[]): Op[] {
  drafts.sort((a, b) => a.time - b.time);
  return drafts.map((d, index) => ({ index, ...d }));
}

/** The acks in the last 0.3 s before a kill of their partition's leader are lost (acks=1: no follower had them). */
function lostWrites(ops: readonly Op[], kills: readonly Kill[]): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (const op of ops) {
    if (op.type !== 'ok' || op.f !== 'send') continue;
    const kill = kills.find((k) => op.time < k.at * S && op.time > (k.at - 0.3) * S);
    const v = op.value as { value: number; partition: number; offset: number };
    if (!kill || v.partition % NODES.length !== NODES.indexOf(kill.node)) continue;
    const afterS = (kill.at * S - op.time) / S;
    anomalies.push({
      type: 'lost',
      explanation: `Value ${v.value} was acknowledged (op ${op.index}, partition ${v.partition} offset ${v.offset}) but the final read of partition ${v.partition} did not contain it. Cause: ${kill.node} was killed ${afterS.toFixed(2)} s after the ack.`,
      ops: [op.index],
      details: { value: v.value, partition: v.partition, ackOffset: v.offset },
      attribution: {
        from: op.time,
        to: (kill.until + 2) * S,
        partition: { topic: TOPIC, partition: v.partition },
        summary: `${kill.node} was killed ${afterS.toFixed(2)} s after the ack`,
        faults: [
          {
            role: 'crashed-leader',
            text: `${kill.node} was killed ${afterS.toFixed(2)} s after the ack, while it led partition ${v.partition}`,
            family: 'kill',
            action: 'kill',
            targets: [kill.node],
            invokeIndex: 0,
            invoked: kill.at * S,
            applied: kill.at * S,
            until: kill.until * S,
          },
        ],
        facts: [],
        basis: ['broker events', 'history'],
      },
    });
  }
  return anomalies;
}

/** One G1c between two sends of different processes, so the report draws a cycle graph. */
function cycle(ops: readonly Op[]): Anomaly {
  const [a, b] = ops.filter((op) => op.type === 'ok' && op.f === 'send').slice(100, 102);
  return {
    type: 'G1c',
    explanation: `T1 (op ${a!.index}) wrote to key 1 and T2 (op ${b!.index}) read it; T2 wrote to key 2 and T1 read it: the cycle T1 → T2 → T1.`,
    ops: [a!.index, b!.index],
    details: {
      cycle: [
        { txn: 'T1', op: a!.index, process: a!.process },
        { txn: 'T2', op: b!.index, process: b!.process },
      ],
      edges: [
        { from: 'T1', to: 'T2', kind: 'wr', key: 1, value: 10, offset: 0 },
        { from: 'T2', to: 'T1', kind: 'wr', key: 2, value: 20, offset: 0 },
      ],
    },
  };
}

export function syntheticRun(targetOps: number, seed = 7): ReportInput {
  const random = new Random(seed);
  const durationS = Math.round(Math.min(600, 60 * Math.max(1, Math.log10(targetOps / 1000))));
  const drafts: Draft[] = [];
  const events: BrokerEvent[] = [];
  const kills = faultsAndEvents(random, durationS, drafts, events);
  const processes = processesFor(targetOps);
  // Think time for more than targetOps ops (slow ops during faults hold processes back); the run is then cut at the
  // targetOps-th.
  const thinkS = Math.max(0.0001, (processes * durationS * 2) / (3 * targetOps) - MEAN_LATENCY_S);
  const cut = cutAt([...drafts, ...clientDrafts(new Random(seed + 1), processes, durationS, thinkS, kills)], events, targetOps);
  const ops = historyOf(cut.drafts);
  const lost = lostWrites(
    ops,
    kills.filter((k) => k.at * S < (ops.at(-1)?.time ?? 0)),
  );
  const lostWritesResult: CheckerResult = {
    checker: 'lost-writes',
    valid: lost.length === 0,
    anomalies: lost,
    stats: { sent: ops.filter((op) => op.type === 'invoke' && op.f === 'send').length, lost: lost.length },
    checked: { lost: lost.length, duplicated: 0, unexpected: 0 },
  };
  const queue: CheckerResult = { checker: 'queue', valid: false, anomalies: [cycle(ops)], stats: {} };
  return {
    title: `bench-report-${targetOps}`,
    spec: { workload: 'lost-writes', nemesis: 'kill, partition, clock', nodes: NODES, concurrency: processes, seed },
    results: { valid: false, checkers: { 'lost-writes': lostWritesResult, queue } },
    ops,
    events: cut.events.sort((a, b) => a.time - b.time),
    durationMs: (ops.at(-1)?.time ?? 0) / 1e6,
  };
}
