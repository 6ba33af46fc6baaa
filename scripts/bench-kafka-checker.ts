// Benchmark of the Kafka queue checker: simulates a 1,000,000-op queue history (concurrent producers, consumers and
// transactions over a model Kafka log, with aborts and crashes), plants one of each of several anomalies, checks it,
// and prints time, memory, throughput and whether each planted anomaly was found. Exits non-zero when one is missed or
// when the checker reports an anomaly type the simulation cannot have produced (a false positive).
// Usage: npm run bench:kafka-checker [-- --ops 200000 --seed 7]

import { parseArgs } from 'node:util';
import type { Op, OpType } from '../core/history/op.ts';
import { checkQueue } from '../checkers/kafka/index.ts';
import type { CheckerResult } from '../core/result.ts';

const { values: args } = parseArgs({ options: { ops: { type: 'string' }, seed: { type: 'string' } } });
const TOTAL_OPS = Number(args.ops ?? 1_000_000);
const SEED = Number(args.seed ?? 42);
const SLOTS = 16;
const KEYS = 32;
/** Each key is polled by the two slots whose number ≡ key (mod CONSUMER_GROUPS). */
const CONSUMER_GROUPS = 8;
const NEMESIS_EVERY = 25_000;
const CHECK_OPTIONS = { txn: true, idempotent: true, isolation: 'read_committed', groupRebalances: false } as const;

/** Small fast seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One partition of the model log. Aborted, unacknowledged-and-lost, and marker entries are invisible to readers. */
interface PartitionLog {
  offsets: number[];
  values: number[];
  visible: boolean[];
  nextOffset: number;
  nextValue: number;
}

type Micro = ['send', number, number] | ['poll'];

interface Pending {
  f: 'send' | 'poll' | 'txn';
  micros: Micro[];
}

interface Slot {
  process: number;
  pending: Pending | null;
  /** Per key: index of the next log entry to read. */
  positions: Int32Array;
  assigned: number[];
  /** Keys this process has polled since it started. */
  polled: Set<number>;
}

interface Planted {
  type: string;
  /** The anomaly must list all of these op indices. */
  ops: number[];
  /** Anomaly types this plant legitimately causes besides its own. */
  collateral: string[];
}

type PlantKind = 'duplicate' | 'lost-write' | 'aborted-read' | 'G1c' | 'poll-skip' | 'nonmonotonic-poll';
const PLAN: Array<[number, PlantKind]> = [
  [0.1, 'duplicate'],
  [0.25, 'lost-write'],
  [0.4, 'aborted-read'],
  [0.55, 'G1c'],
  [0.7, 'poll-skip'],
  [0.85, 'nonmonotonic-poll'],
];

class Simulation {
  readonly ops: Op[] = [];
  readonly planted: Planted[] = [];
  private readonly random: () => number;
  private readonly logs: PartitionLog[];
  private readonly slots: Slot[];
  private nextProcess = SLOTS;
  private faults = 0;
  /** The anomaly the next suitable op will carry. */
  private armed: PlantKind | null = null;
  /** Set while completing the poll that carries a planted poll anomaly. */
  private plantedInPoll: PlantKind | null = null;
  private planIndex = 0;

  constructor(seed: number) {
    this.random = prng(seed);
    this.logs = Array.from({ length: KEYS }, () => ({ offsets: [], values: [], visible: [], nextOffset: 0, nextValue: 0 }));
    this.slots = Array.from({ length: SLOTS }, (_, s) => ({
      process: s,
      pending: null,
      positions: new Int32Array(KEYS),
      assigned: Array.from({ length: KEYS }, (_, k) => k).filter((k) => k % CONSUMER_GROUPS === s % CONSUMER_GROUPS),
      polled: new Set<number>(),
    }));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  private emit(process: Op['process'], type: OpType, f: string, value: unknown): number {
    const index = this.ops.length;
    this.ops.push({ index, type, process, f, value, time: index * 1000 });
    return index;
  }

  private append(key: number, value: number, visible: boolean): number {
    const log = this.logs[key] as PartitionLog;
    const offset = log.nextOffset++;
    log.offsets.push(offset);
    log.values.push(value);
    log.visible.push(visible);
    return offset;
  }

  private freshValue(key: number): number {
    return (this.logs[key] as PartitionLog).nextValue++;
  }

  run(): void {
    while (this.ops.length < TOTAL_OPS - 4) {
      const plan = PLAN[this.planIndex];
      if (plan && this.ops.length >= plan[0] * TOTAL_OPS) {
        this.planIndex++;
        if (plan[1] === 'G1c') this.plantCycle();
        else this.armed = plan[1];
      }
      if (this.ops.length % NEMESIS_EVERY === 0) this.emitFault();
      const slot = this.pick(this.slots);
      if (slot.pending) this.complete(slot, slot.pending);
      else this.invoke(slot);
    }
  }

  /** Alternates kill / restart of a node, so anomalies have a nearest fault to name. */
  private emitFault(): void {
    const start = this.faults++ % 2 === 0;
    const value = { family: 'kill', action: start ? 'kill' : 'restart', phase: start ? 'start' : 'stop', targets: [`n${1 + (this.faults % 3)}`] };
    this.emit('nemesis', 'invoke', value.action, value);
    this.emit('nemesis', 'info', value.action, value);
  }

  private invoke(slot: Slot): void {
    const roll = this.random();
    const send = (): Micro => {
      const key = Math.floor(this.random() * KEYS);
      return ['send', key, this.freshValue(key)];
    };
    let pending: Pending;
    if (roll < 0.45 || this.armed === 'duplicate' || this.armed === 'lost-write') pending = { f: 'send', micros: [send()] };
    else if (roll < 0.8) pending = { f: 'poll', micros: [['poll']] };
    else {
      const micros: Micro[] = [send()];
      for (let n = Math.floor(this.random() * 3); n > 0; n--) micros.push(this.random() < 0.5 ? send() : ['poll']);
      pending = { f: 'txn', micros };
    }
    slot.pending = pending;
    this.emit(slot.process, 'invoke', pending.f, pending.micros);
  }

  private outcome(pending: Pending): 'ok' | 'fail' | 'info' {
    if (this.armed === 'aborted-read' && pending.f === 'txn') return 'fail';
    const roll = this.random();
    if (roll < 0.0005) return 'info';
    if (pending.f === 'txn' && roll < 0.05) return 'fail';
    if (pending.f === 'send' && roll < 0.01) return 'fail';
    return 'ok';
  }

  private complete(slot: Slot, pending: Pending): void {
    slot.pending = null;
    const outcome = this.outcome(pending);
    if (outcome === 'ok') {
      this.completeOk(slot, pending);
      return;
    }
    // fail: the txn's records are appended aborted; info: the op may or may not have taken effect.
    const applied = outcome === 'info' && this.random() < 0.5;
    const plantAbortedRead = outcome === 'fail' && this.armed === 'aborted-read';
    if (pending.f === 'txn' || applied) {
      const touched = new Set<number>();
      for (const micro of pending.micros) {
        if (micro[0] !== 'send') continue;
        this.append(micro[1], micro[2], applied || plantAbortedRead);
        touched.add(micro[1]);
      }
      if (pending.f === 'txn') for (const key of touched) (this.logs[key] as PartitionLog).nextOffset++;
    }
    const index = this.emit(slot.process, outcome, pending.f, pending.micros);
    if (plantAbortedRead) {
      this.armed = null;
      this.planted.push({ type: 'aborted-read', ops: [index], collateral: [] });
    }
    if (outcome === 'info') {
      slot.process = this.nextProcess++;
      slot.polled.clear();
    }
  }

  private completeOk(slot: Slot, pending: Pending): void {
    // Polls read the state before this op's own sends (read_committed does not show a transaction its own writes).
    const polls = pending.micros.map((micro) => (micro[0] === 'poll' ? this.poll(slot) : null));
    const touched = new Set<number>();
    const plant = pending.f === 'send' ? this.armed : null;
    const results = pending.micros.map((micro, i) => {
      if (micro[0] === 'poll') return ['poll', polls[i]];
      const [, key, value] = micro;
      const offset = this.append(key, value, plant !== 'lost-write');
      if (plant === 'duplicate') this.append(key, value, true);
      touched.add(key);
      return ['send', key, [offset, value]];
    });
    if (pending.f === 'txn') for (const key of touched) (this.logs[key] as PartitionLog).nextOffset++;
    const index = this.emit(slot.process, 'ok', pending.f, results);
    if (plant === 'duplicate' || plant === 'lost-write') {
      this.armed = null;
      this.planted.push({ type: plant, ops: [index], collateral: plant === 'lost-write' ? ['poll-skip', 'int-poll-skip'] : [] });
    }
    if (this.plantedInPoll) {
      this.planted.push({ type: this.plantedInPoll, ops: [index], collateral: [] });
      this.plantedInPoll = null;
    }
  }

  /** Reads up to 4 visible records from one or two of the slot's keys, advancing its positions. */
  private poll(slot: Slot): Record<string, Array<[number, number]>> {
    const result: Record<string, Array<[number, number]>> = {};
    const keys = new Set([this.pick(slot.assigned), this.pick(slot.assigned)]);
    for (const key of keys) {
      const log = this.logs[key] as PartitionLog;
      this.maybePlantPollAnomaly(slot, key, log);
      const records: Array<[number, number]> = [];
      let position = slot.positions[key] as number;
      while (position < log.offsets.length && records.length < 4) {
        if (log.visible[position]) records.push([log.offsets[position] as number, log.values[position] as number]);
        position++;
      }
      slot.positions[key] = position;
      if (records.length > 0) {
        result[key] = records;
        slot.polled.add(key);
      }
    }
    return result;
  }

  private visibleAt(log: PartitionLog, from: number, step: 1 | -1): number {
    let position = from;
    while (position >= 0 && position < log.offsets.length && !log.visible[position]) position += step;
    return position;
  }

  /** poll-skip: step over one visible record; nonmonotonic-poll: step back over two already read. */
  private maybePlantPollAnomaly(slot: Slot, key: number, log: PartitionLog): void {
    if ((this.armed !== 'poll-skip' && this.armed !== 'nonmonotonic-poll') || !slot.polled.has(key)) return;
    const position = slot.positions[key] as number;
    if (this.armed === 'poll-skip') {
      const skipped = this.visibleAt(log, position, 1);
      const next = this.visibleAt(log, skipped + 1, 1);
      if (next >= log.offsets.length) return;
      slot.positions[key] = skipped + 1;
    } else {
      const last = this.visibleAt(log, position - 1, -1);
      const beforeLast = this.visibleAt(log, last - 1, -1);
      if (beforeLast < 0) return;
      slot.positions[key] = beforeLast;
    }
    this.plantedInPoll = this.armed;
    this.armed = null;
  }

  /** G1c: two concurrent single-op processes each send one value and read the other's. */
  private plantCycle(): void {
    const [p1, p2] = [this.nextProcess++, this.nextProcess++];
    const [k1, k2] = [0, 1];
    const [v1, v2] = [this.freshValue(k1), this.freshValue(k2)];
    this.emit(p1, 'invoke', 'txn', [['send', k1, v1], ['poll']]);
    this.emit(p2, 'invoke', 'txn', [['send', k2, v2], ['poll']]);
    const o1 = this.append(k1, v1, true);
    const o2 = this.append(k2, v2, true);
    (this.logs[k1] as PartitionLog).nextOffset++;
    (this.logs[k2] as PartitionLog).nextOffset++;
    const t1 = this.emit(p1, 'ok', 'txn', [
      ['send', k1, [o1, v1]],
      ['poll', { [k2]: [[o2, v2]] }],
    ]);
    const t2 = this.emit(p2, 'ok', 'txn', [
      ['send', k2, [o2, v2]],
      ['poll', { [k1]: [[o1, v1]] }],
    ]);
    this.planted.push({ type: 'G1c', ops: [t1, t2], collateral: [] });
  }
}

function found(result: CheckerResult, plant: Planted): boolean {
  return result.anomalies.some((a) => a.type === plant.type && !a.allowed && plant.ops.every((op) => a.ops.includes(op)));
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function main(): number {
  const generationStart = performance.now();
  const simulation = new Simulation(SEED);
  simulation.run();
  const history = simulation.ops;
  const generationSeconds = (performance.now() - generationStart) / 1000;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  console.log(`generated ${history.length.toLocaleString()} ops in ${generationSeconds.toFixed(2)} s (heap ${mb(heapBefore)} holding the history)`);

  const checkStart = performance.now();
  const result = checkQueue(history, CHECK_OPTIONS);
  const checkSeconds = (performance.now() - checkStart) / 1000;
  const memory = process.memoryUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;

  console.log(`checked in ${checkSeconds.toFixed(2)} s — ${Math.round(history.length / checkSeconds).toLocaleString()} ops/s`);
  console.log(`peak RSS ${mb(peakRss)}; heap after check ${mb(memory.heapUsed)} used / ${mb(memory.heapTotal)} total (history alone: ${mb(heapBefore)})`);
  console.log(`valid: ${result.valid}; stats: ${JSON.stringify({ ...result.stats, anomalies: undefined, options: undefined })}`);

  let failures = 0;
  for (const plant of simulation.planted) {
    const ok = found(result, plant);
    if (!ok) failures++;
    const nemesis = result.anomalies.find((a) => a.type === plant.type && plant.ops.every((op) => a.ops.includes(op)))?.details?.nemesis as
      { index: number; action: string } | null | undefined;
    const fault = nemesis ? ` (nearest fault: ${nemesis.action} at op ${nemesis.index})` : '';
    console.log(`  planted ${plant.type.padEnd(18)} at op ${plant.ops.join(', ').padEnd(16)} ${ok ? 'FOUND' : 'MISSED'}${fault}`);
  }
  const plannedKinds = new Set(PLAN.map(([, kind]) => kind));
  for (const kind of plannedKinds) {
    if (!simulation.planted.some((p) => p.type === kind)) {
      failures++;
      console.log(`  planted ${kind.padEnd(18)} NOT PLANTED (history too short?)`);
    }
  }
  const expected = new Set(['unseen', ...simulation.planted.flatMap((p) => [p.type, ...p.collateral])]);
  const counts = result.stats.anomalies as Record<string, { total: number; allowed: number }>;
  for (const [type, count] of Object.entries(counts)) {
    const unexpected = !expected.has(type);
    if (unexpected) failures++;
    console.log(`  reported ${type.padEnd(18)} ×${count.total}${count.allowed ? ` (${count.allowed} allowed)` : ''}${unexpected ? '  UNEXPECTED' : ''}`);
  }
  console.log(checkSeconds < 10 ? `goal met: < 10 s` : `goal missed: ${checkSeconds.toFixed(1)} s ≥ 10 s`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = main();
