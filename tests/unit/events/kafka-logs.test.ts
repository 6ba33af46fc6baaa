// Broker events read from real broker logs of recorded runs, Kafka 4.4.0 and 3.9.1: known lines become exactly these
// events (kind, time on the history's clock, node, partition, offsets, brokers), facts every controller replays are
// kept once, and ISR / ELR changes are derived from consecutive partition epochs.
import { describe, expect, it } from 'vitest';
import { BROKER_EVENT_KINDS, eventsFromJsonl, eventsToJsonl, type BrokerEvent } from '../../../core/events.ts';
import { runDirectoryTime } from '../../../harness/run/run-events.ts';
import { kafkaEventsFromRunDir } from '../../../systems/kafka/events/index.ts';
import { readOps, unpackRun } from '../causality/recorded-runs.ts';

const cache = new Map<string, BrokerEvent[]>();
function eventsOf(run: string): BrokerEvent[] {
  if (!cache.has(run)) {
    const dir = unpackRun(run);
    cache.set(run, kafkaEventsFromRunDir(dir, readOps(dir), runDirectoryTime(dir)!));
  }
  return cache.get(run)!;
}

/** The one event matching every field of `like` (text left out of the comparison unless given). */
function one(run: string, like: Partial<BrokerEvent> & Record<string, unknown>): BrokerEvent {
  const found = eventsOf(run).filter((e) =>
    Object.entries(like).every(([k, v]) => JSON.stringify((e as unknown as Record<string, unknown>)[k]) === JSON.stringify(v)),
  );
  expect(found, JSON.stringify(like)).toHaveLength(1);
  return found[0]!;
}

const count = (run: string, kind: BrokerEvent['kind']): number => eventsOf(run).filter((e) => e.kind === kind).length;

describe('Kafka 4.4.0 logs (acks=1 under leader-crash-window)', () => {
  const run = 'fx-acks1-lcw-440';

  it('a follower taking over: the new leader, its epoch and the offset its log ended at, from its own line', () => {
    const e = one(run, { kind: 'leader-change', partition: 2, epoch: 1 });
    expect(e).toMatchObject({
      time: 55_499_000_000,
      node: 'n1',
      logTime: '2026-12-02 01:19:34,202',
      file: 'nodes/n1/server.log',
      line: 337,
      topic: 'faultline-lost-writes',
      leader: 1,
      previousLeader: 3,
      previousEpoch: 0,
      isr: [1, 2],
      startOffset: 264,
      highWatermark: 264,
    });
    expect(e.text).toContain('Leader faultline-lost-writes-2 with topic id Some(nYi1UeG7T9SU5ZhCqdwEXg) starts at leader epoch 1 from offset 264');
  });

  it('truncation on the killed leader when it rejoins, and on the follower that had fetched past the new leader', () => {
    expect(one(run, { kind: 'truncation', partition: 2, node: 'n3' })).toMatchObject({
      time: 66_881_000_000,
      line: 662,
      toOffset: 264,
      fromEndOffset: 327,
      reason: 'leader-epoch',
      leader: 1,
    });
    expect(one(run, { kind: 'truncation', partition: 2, node: 'n2' })).toMatchObject({
      time: 55_674_000_000,
      toOffset: 264,
      fromEndOffset: 266,
      reason: 'leader-epoch',
      leader: 1,
    });
    // "Truncating to 0 has no effect" lines (empty logs at start-up) are not truncations.
    expect(eventsOf(run).filter((e) => e.kind === 'truncation' && e.toOffset === 0)).toEqual([]);
  });

  it('log recovery after the SIGKILL, with the log end offset the partition came back with', () => {
    expect(one(run, { kind: 'log-recovery', partition: 2, node: 'n3' })).toMatchObject({
      time: 66_251_000_000,
      segment: 0,
      uncleanShutdown: true,
      logEndOffset: 327,
    });
  });

  it('fencing, registration and controller changes once each, however many controllers replayed them', () => {
    expect(one(run, { kind: 'broker-fenced', broker: 3 })).toMatchObject({
      time: 55_330_000_000,
      node: 'n2',
      brokerEpoch: 10,
      reason: 'its session has timed out',
    });
    expect(one(run, { kind: 'controller-change', epoch: 3 })).toMatchObject({ controller: 1, time: 72_351_000_000 });
    // Broker 3 registered twice (start, restart): each broker epoch once, though three controllers replayed each.
    expect(
      eventsOf(run)
        .filter((e) => e.kind === 'broker-registered' && e.broker === 3)
        .map((e) => (e as { brokerEpoch?: number }).brokerEpoch),
    ).toEqual([10, 115]);
    expect(
      eventsOf(run)
        .filter((e) => e.kind === 'broker-started')
        .map((e) => [e.node, (e as { broker?: number }).broker]),
    ).toEqual(
      expect.arrayContaining([
        ['n1', 1],
        ['n2', 2],
        ['n3', 3],
      ]),
    );
  });

  it('ISR shrink and expand per partition epoch', () => {
    expect(one(run, { kind: 'isr-shrink', partition: 2, partitionEpoch: 1 })).toMatchObject({ from: [3, 1, 2], to: [1, 2], leader: 1, time: 55_499_000_000 });
    expect(one(run, { kind: 'isr-expand', partition: 2, partitionEpoch: 2 })).toMatchObject({ from: [1, 2], to: [1, 2, 3], time: 67_902_000_000 });
  });

  it('events.jsonl round-trips, in time order', () => {
    const events = eventsOf(run);
    expect(events.map((e) => e.time)).toEqual([...events.map((e) => e.time)].sort((a, b) => a - b));
    expect(eventsFromJsonl(eventsToJsonl(events))).toEqual({ events, skipped: 0 });
    expect(eventsFromJsonl(`${eventsToJsonl(events.slice(0, 2))}{"kind":"no-such-kind","time":1,"node":"n1"}\n{torn`).skipped).toBe(2);
  });
});

describe('Kafka 3.9.1 logs', () => {
  it('acks=1 under leader-crash-window: leader change, truncation on return, recovery, and 3.9 fencing lines (no epoch) merged with the record', () => {
    const run = 'fx-acks1-lcw-391';
    expect(one(run, { kind: 'leader-change', partition: 5, epoch: 1 })).toMatchObject({
      time: 47_661_000_000,
      node: 'n1',
      line: 266,
      leader: 1,
      previousLeader: 3,
      startOffset: 239,
      highWatermark: 238,
    });
    expect(one(run, { kind: 'truncation', partition: 5, node: 'n3' })).toMatchObject({
      time: 77_018_000_000,
      toOffset: 239,
      fromEndOffset: 283,
      reason: 'leader-epoch',
      leader: 2,
    });
    expect(one(run, { kind: 'log-recovery', partition: 5, node: 'n3' })).toMatchObject({ time: 61_674_000_000, logEndOffset: 283, uncleanShutdown: true });
    const fenced = one(run, { kind: 'broker-fenced', broker: 3 });
    expect(fenced).toMatchObject({ time: 47_446_000_000, brokerEpoch: 7, reason: 'its session has timed out' });
    expect(fenced.text).toBe('[QuorumController id=1] Fencing broker 3 because its session has timed out.');
  });

  it("isr-shrink with unclean election: the leader shrinking the ISR to itself (with the followers' offsets), then the unclean election", () => {
    const run = 'fx-isr-unclean-391';
    expect(one(run, { kind: 'isr-shrink', partition: 2, partitionEpoch: 1 })).toMatchObject({
      time: 44_374_000_000,
      node: 'n1',
      from: [1, 2, 3],
      to: [1],
      requestedAt: 44_318_000_000,
      highWatermark: 500,
      leaderEndOffset: 503,
      outOfSync: [
        { broker: 2, endOffset: 500 },
        { broker: 3, endOffset: 501 },
      ],
    });
    expect(one(run, { kind: 'unclean-election', partition: 2 })).toMatchObject({
      time: 57_063_000_000,
      node: 'n2',
      leader: 2,
      previousLeader: 1,
      epoch: 1,
      isrFrom: [1],
      isrTo: [2],
    });
    expect(count(run, 'unclean-election')).toBe(4);
    expect(count(run, 'last-known-leader-election')).toBe(0);
  });
});

describe('Kafka 4.4.0 logs with eligible leader replicas', () => {
  it('power loss of the shrunk leader: ELR election, last-known-leader election, recovery to an empty log, truncation below the high watermark, SIGTERM', () => {
    const run = 'exp-c3-unsafe';
    expect(one(run, { kind: 'leader-change', partition: 5, epoch: 4 })).toMatchObject({
      time: 64_174_000_000,
      node: 'n2',
      leader: 2,
      previousLeader: null,
      election: 'elr',
      startOffset: 0,
    });
    expect(one(run, { kind: 'last-known-leader-election', partition: 5, epoch: 6 })).toMatchObject({
      time: 128_004_000_000,
      leader: 2,
      previousLeader: null,
      isrFrom: [],
      isrTo: [2],
    });
    expect(one(run, { kind: 'log-recovery', partition: 5, node: 'n2', time: 126_843_000_000 })).toMatchObject({ logEndOffset: 0, uncleanShutdown: true });
    expect(one(run, { kind: 'truncation', partition: 5, node: 'n1', time: 129_443_000_000 })).toMatchObject({
      toOffset: 0,
      fromEndOffset: 484,
      belowHighWatermark: 481,
      leader: 2,
    });
    expect(one(run, { kind: 'shutdown', node: 'n3' })).toMatchObject({ time: 42_399_000_000, broker: 3, reason: 'signal SIGTERM' });
    expect(count(run, 'unclean-election')).toBe(0);
  });

  it('the ISR dropping below min ISR moves the dropped followers into the ELR, and back', () => {
    const run = 'exp-isr-safe';
    const changes = eventsOf(run).filter((e) => e.kind === 'elr-change' && e.partition === 2);
    expect(changes.slice(0, 3).map((e) => [e.time, (e as { from: number[] }).from, (e as { to: number[] }).to])).toEqual([
      [74_047_000_000, [], [1, 2]],
      [83_452_000_000, [1, 2], []],
      [115_051_000_000, [], [2, 3]],
    ]);
  });

  it('every kind read from these logs is a known kind, and each run has at least leader changes, ISR changes and registrations', () => {
    for (const run of ['fx-acks1-lcw-440', 'fx-acks1-lcw-391', 'fx-isr-unclean-391', 'exp-c3-unsafe', 'exp-isr-safe']) {
      for (const e of eventsOf(run)) expect(BROKER_EVENT_KINDS).toContain(e.kind);
      for (const kind of ['leader-change', 'isr-shrink', 'isr-expand', 'broker-registered', 'broker-fenced', 'broker-started'] as const)
        expect(count(run, kind), `${run} ${kind}`).toBeGreaterThan(0);
    }
  });
});
