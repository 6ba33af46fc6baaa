// Fault intervals and instants from nemesis ops: start/stop, several open intervals, instants, open at the end.

import { describe, expect, it } from 'vitest';
import type { NemesisValue, Op } from '../../../core/history/op.ts';
import { buildNemesisTimeline } from '../../../reports/html/nemesis-timeline.ts';
import { historyOf, nemesisPair } from './fixture.ts';

const S = 1e9;
const fault = (family: string, action: string, phase: NemesisValue['phase'], targets = ['n1']): NemesisValue => ({ family, action, phase, targets });
const clientOp = (timeS: number): Omit<Op, 'index'> => ({ type: 'invoke', process: 0, f: 'read', value: null, time: timeS * S });

/** In seconds, without the targets (one test looks at those). */
const inSeconds = (timeline: ReturnType<typeof buildNemesisTimeline>) => ({
  intervals: timeline.intervals.map(({ targets: _, ...i }) => ({ ...i, start: i.start / S, end: i.end / S })),
  instants: timeline.instants.map(({ targets: _, ...i }) => ({ ...i, time: i.time / S })),
});

describe('buildNemesisTimeline', () => {
  it('opens an interval at the start completion and closes it at the stop completion', () => {
    const ops = historyOf([
      ...nemesisPair(1, 1.5, fault('partition', 'isolate', 'start', ['n1', 'n2'])),
      ...nemesisPair(4, 4.25, fault('partition', 'heal', 'stop')),
      clientOp(10),
    ]);
    expect(inSeconds(buildNemesisTimeline(ops))).toEqual({
      intervals: [{ family: 'partition', label: 'isolate n1,n2', start: 1.5, end: 4.25, openAtEnd: false }],
      instants: [],
    });
    // The nodes it hit, for the node lanes: from the start's completion.
    expect(buildNemesisTimeline(ops).intervals[0]!.targets).toEqual(['n1', 'n2']);
  });

  it('closes every open interval of the family on stop, and only of that family', () => {
    const ops = historyOf([
      ...nemesisPair(1, 1, fault('kill', 'kill', 'start', ['n1'])),
      ...nemesisPair(2, 2, fault('pause', 'pause', 'start', ['n3'])),
      ...nemesisPair(3, 3, fault('kill', 'kill', 'start', ['n2'])),
      ...nemesisPair(5, 6, fault('kill', 'restart', 'stop', ['n1', 'n2'])),
      clientOp(8),
    ]);
    expect(inSeconds(buildNemesisTimeline(ops)).intervals).toEqual([
      { family: 'kill', label: 'kill n1', start: 1, end: 6, openAtEnd: false },
      { family: 'pause', label: 'pause n3', start: 2, end: 8, openAtEnd: true },
      { family: 'kill', label: 'kill n2', start: 3, end: 6, openAtEnd: false },
    ]);
  });

  it('makes instant faults point events at their completion time', () => {
    const ops = historyOf([...nemesisPair(2, 2.5, fault('clock', 'skew', 'instant', ['n3'])), clientOp(9)]);
    expect(inSeconds(buildNemesisTimeline(ops))).toEqual({ intervals: [], instants: [{ family: 'clock', label: 'skew n3', time: 2.5 }] });
  });

  it('extends an interval still open at the end of the history to that end', () => {
    const ops = historyOf([...nemesisPair(2, 3, fault('disk', 'fill', 'start')), clientOp(7), { ...clientOp(12), type: 'ok' }]);
    expect(inSeconds(buildNemesisTimeline(ops)).intervals).toEqual([{ family: 'disk', label: 'fill n1', start: 3, end: 12, openAtEnd: true }]);
  });

  it('skips failed nemesis ops, places never-completed ones at their invocation, and ignores a stop with nothing open', () => {
    const ops = historyOf([
      ...nemesisPair(1, 1.1, fault('kill', 'kill', 'start'), 'fail'),
      ...nemesisPair(2, 2.1, fault('kill', 'restart', 'stop')),
      ...nemesisPair(3, null, fault('partition', 'isolate', 'start')),
      clientOp(5),
    ]);
    expect(inSeconds(buildNemesisTimeline(ops)).intervals).toEqual([{ family: 'partition', label: 'isolate n1', start: 3, end: 5, openAtEnd: true }]);
  });

  it('reads a nemesis value without the NemesisValue shape as an instant named by f', () => {
    const ops = historyOf([
      { type: 'invoke', process: 'nemesis', f: 'bump-clock', value: 'n2', time: 1 * S },
      { type: 'info', process: 'nemesis', f: 'bump-clock', value: 'n2', time: 2 * S },
    ]);
    expect(inSeconds(buildNemesisTimeline(ops)).instants).toEqual([{ family: 'nemesis', label: 'bump-clock', time: 2 }]);
  });
});
