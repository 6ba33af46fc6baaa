// The metadata checker over monitor rounds: each broker's own answer about leaders, epochs, ISRs and live brokers.
import { describe, expect, it } from 'vitest';
import { checkMetadata } from '../../../checkers/metadata/index.ts';
import type { Op } from '../../../core/history/op.ts';

type Row = [string, number, number, number, number[]];
type Views = Record<string, { live: number[]; partitions: Row[] } | { error: string }>;

function history(rounds: Views[]): Op[] {
  const ops: Op[] = [];
  rounds.forEach((views, round) => {
    ops.push({ index: ops.length, type: 'invoke', process: 'monitor', f: 'metadata', value: { round }, time: round * 1e9 });
    ops.push({ index: ops.length, type: 'ok', process: 'monitor', f: 'metadata', value: { round, views }, time: round * 1e9 + 5e6 });
  });
  return ops;
}
const all = [1, 2, 3];
const view = (rows: Row[], live = all) => ({ live, partitions: rows });

describe('metadata checker', () => {
  it('a leader change with a new epoch, seen late by one broker, is fine', () => {
    const r = checkMetadata(
      history([
        { n1: view([['t', 0, 1, 5, [1, 2, 3]]]), n2: view([['t', 0, 1, 5, [1, 2, 3]]]) },
        { n1: view([['t', 0, 2, 6, [2, 3]]], [2, 3]), n2: view([['t', 0, 1, 5, [1, 2, 3]]]), n3: { error: 'timeout' } },
        { n1: view([['t', 0, 2, 6, [2, 3]]], [2, 3]), n2: view([['t', 0, 2, 6, [2, 3]]], [2, 3]) },
      ]),
    );
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({ rounds: 3, views: 6 });
  });

  it('two leaders named for one epoch is an anomaly, with both views', () => {
    const r = checkMetadata(history([{ n1: view([['t', 0, 1, 5, [1, 2]]]), n2: view([['t', 0, 2, 5, [1, 2]]]) }]));
    expect(r.valid).toBe(false);
    expect(r.anomalies).toMatchObject([{ type: 'two-leaders-one-epoch', details: { epoch: 5, leaders: [1, 2] } }]);
  });

  it('a broker whose epoch goes back is an anomaly', () => {
    const r = checkMetadata(history([{ n2: view([['t', 1, 2, 7, [2, 3]]]) }, { n2: view([['t', 1, 3, 6, [3]]]) }]));
    expect(r.anomalies.map((a) => a.type)).toEqual(['epoch-regression']);
  });

  it('an ISR naming a broker the same view calls dead is an anomaly, unless it is the last ISR member', () => {
    expect(checkMetadata(history([{ n1: view([['t', 0, 1, 5, [1, 3]]], [1, 2]) }])).anomalies.map((a) => a.type)).toEqual(['isr-not-alive']);
    expect(checkMetadata(history([{ n1: view([['t', 0, 3, 5, [3]]], [1, 2]) }])).valid).toBe(true);
  });

  it('without any answered round, nothing was checked: unknown', () => {
    expect(checkMetadata(history([{ n1: { error: 'down' } }])).valid).toBe('unknown');
  });
});
