// Causal attribution on small histories: a lost write with no fault around it says so, a lost write whose leader
// nobody recorded says what is unknown, a fault that ended before the send plays no part; an interrupted run says it
// made no final read; and a node's clock offset changes are placed by its log's own order.
import { describe, expect, it } from 'vitest';
import type { NemesisValue, Op } from '../../../core/history/op.ts';
import { NodeLogClock, clockRegimes } from '../../../core/log-clock.ts';
import { attributeAnomalies } from '../../../checkers/causality/index.ts';
import { checkLostWrites } from '../../../checkers/lost-writes/index.ts';
import { readOps, unpackRun } from './recorded-runs.ts';

const S = 1e9;

/** A lost-writes history: value 7 acknowledged on partition 0 at offset 3, then a final read without it. */
function lostWriteHistory(faults: Array<[number, number, NemesisValue]> = [], monitorLeader?: number): Op[] {
  const drafts: Array<Omit<Op, 'index'>> = [
    { type: 'invoke', process: 0, f: 'send', value: { value: 7, partition: 0 }, time: 1 * S },
    { type: 'ok', process: 0, f: 'send', value: { value: 7, partition: 0, offset: 3 }, time: 1.1 * S },
    { type: 'invoke', process: 9, f: 'read', value: { partition: 0 }, time: 20 * S },
    {
      type: 'ok',
      process: 9,
      f: 'read',
      value: {
        partition: 0,
        endOffset: 3,
        records: [
          [0, 1],
          [1, 2],
          [2, 3],
        ],
      },
      time: 20.5 * S,
    },
  ];
  for (const [invoke, complete, value] of faults) {
    drafts.push(
      { type: 'invoke', process: 'nemesis', f: value.action, value, time: invoke * S },
      { type: 'info', process: 'nemesis', f: value.action, value, time: complete * S },
    );
  }
  if (monitorLeader !== undefined) {
    const views = { n1: { live: [1, 2, 3], partitions: [['faultline-lost-writes', 0, monitorLeader, 0, [1, 2, 3]]] } };
    drafts.push(
      { type: 'invoke', process: 'monitor', f: 'metadata', value: { round: 0 }, time: 0.5 * S },
      { type: 'ok', process: 'monitor', f: 'metadata', value: { round: 0, views }, time: 0.6 * S },
    );
  }
  return drafts.sort((a, b) => a.time - b.time).map((d, index) => ({ index, ...d }));
}

const attributed = (ops: Op[]) => attributeAnomalies([checkLostWrites(ops)], ops, [])[0]!.anomalies.find((a) => a.type === 'lost')!;

describe('attribution of a lost write', () => {
  it('says that no fault overlaps when none does — a fault that ended before the send plays no part', () => {
    const ops = lostWriteHistory(
      [
        [0.1, 0.2, { family: 'kill', action: 'kill', phase: 'start', targets: ['n1'] }],
        [0.3, 0.4, { family: 'kill', action: 'restart', phase: 'stop', targets: ['n1'] }],
      ],
      1,
    );
    const a = attributed(ops);
    expect(a.attribution!.faults).toEqual([]);
    expect(a.attribution!.summary).toBe(
      'Acknowledged at 1.10 s by n1, leader of partition 0 in epoch 0 (by the monitor round at 0.60 s). No fault overlaps the send (from 1.00 s) or the time until the final read of partition 0 (op 9, 20.50 s).',
    );
  });

  it('does not guess the leader: a kill after the ack is listed, its effect on the record stated as unknown', () => {
    const ops = lostWriteHistory([[2, 2.1, { family: 'kill', action: 'kill', phase: 'start', targets: ['n2'] }]]);
    const a = attributed(ops);
    expect(a.attribution!.summary).toBe(
      "Acknowledged at 1.10 s; which broker led partition 0 then is not known (the send's completion names no node, and neither broker events nor monitor rounds cover it). " +
        'No fault overlapping the send or the time until the final read of partition 0 (op 5, 20.50 s) is linked to partition 0: kill n2 (their roles below).',
    );
    expect(a.attribution!.faults.map((f) => [f.role, f.text])).toEqual([
      [
        'concurrent',
        'kill n2 (2.00 s–20.50 s) overlaps the send and the time until the loss was seen; which broker led partition 0 at the ack is not known, so its effect on the record is not known.',
      ],
    ]);
  });

  it('uses the node a send completion names as the broker that acknowledged it', () => {
    const ops = lostWriteHistory([[2, 2.1, { family: 'kill', action: 'kill', phase: 'start', targets: ['n2'] }]]);
    ops[1]!.node = 'n2';
    const a = attributed(ops);
    expect(a.attribution!.summary).toMatch(
      /^Acknowledged at 1\.10 s by n2 \(partition 0; the send's completion names n2\)\. Then n2 was killed 1\.00 s after the ack \(kill n2, at 2\.10 s\)\.$/,
    );
    expect(a.attribution!.faults[0]!.role).toBe('crashed-leader');
  });
});

describe('a run interrupted before its final reads', () => {
  it('says no final read was attempted, and claims no class as checked', () => {
    const ops = readOps(unpackRun('it-sigint'));
    const result = checkLostWrites(ops);
    expect(result.valid).toBe('unknown');
    expect(result.stats.note).toBe('no final read was attempted (the run stopped before its final reads): the 160 acknowledged values could not be checked');
    expect(result.checked).toEqual({});
  });
});

describe('clock offsets placed by the log order', () => {
  it('a line logged while a −100 s skew was being applied is placed by whether it came before or after the jump', () => {
    const skew: NemesisValue = { family: 'clock', action: 'skew', phase: 'start', targets: ['n1'], detail: { setMs: { n1: -100_000 } } };
    const ops: Op[] = [
      { index: 0, type: 'invoke', process: 'nemesis', f: 'start', value: skew, time: 10 * S },
      { index: 1, type: 'info', process: 'nemesis', f: 'start', value: skew, time: 11 * S },
    ];
    const start = Date.UTC(2026, 0, 1);
    const clock = new NodeLogClock(start, clockRegimes(ops).get('n1'));
    const placed = (realS: number, offsetS: number) => clock.place(start + (realS + offsetS) * 1000);
    expect(placed(9.5, 0)).toEqual({ time: 9.5 * S, offsetMs: 0 });
    expect(placed(10.4, 0)).toEqual({ time: 10.4 * S, offsetMs: 0 }); // before the jump, inside the change window
    expect(placed(10.6, -100)).toEqual({ time: 10.6 * S, offsetMs: -100_000 }); // after it
    expect(placed(10.7, -100)).toEqual({ time: 10.7 * S, offsetMs: -100_000 });
    expect(placed(30, -100)).toEqual({ time: 30 * S, offsetMs: -100_000 });
  });
});
