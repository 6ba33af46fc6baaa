// The differential summary: two runs of one spec, one per client, side by side — ops by function and outcome,
// resends, anomalies by class, verdicts — and the differences that matter, each naming which client did what.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../../core/history/op.ts';
import type { Anomaly, RunResults } from '../../../core/result.ts';
import { clientSide, differentialSummary, renderDifferential } from '../../../reports/differential/index.ts';

/** A history of completed ops: [f, type, error?, requests?] each, with its invocation, plus one nemesis op. */
function history(completions: Array<[string, 'ok' | 'fail' | 'info', string?, number?]>): Op[] {
  const ops: Op[] = [
    { index: 0, type: 'invoke', process: 'nemesis', f: 'start', value: {}, time: 0 },
    { index: 1, type: 'info', process: 'nemesis', f: 'start', value: {}, time: 1 },
  ];
  for (const [f, type, error, requests] of completions) {
    ops.push({ index: ops.length, type: 'invoke', process: 0, f, value: null, time: ops.length });
    ops.push({
      index: ops.length,
      type,
      process: 0,
      f,
      value: null,
      time: ops.length,
      ...(error ? { error } : {}),
      ...(requests !== undefined ? { requests } : {}),
    });
  }
  return ops;
}

const anomaly = (type: string, allowed = false): Anomaly => ({ type, explanation: '', ops: [], ...(allowed ? { allowed } : {}) });

function results(valid: RunResults['valid'], anomalies: Anomaly[], client?: RunResults['client']): RunResults {
  return { valid, checkers: { kafka: { checker: 'kafka', valid, anomalies, stats: {} } }, ...(client ? { client } : {}) };
}

const repeat = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

describe('clientSide', () => {
  it('counts completions by function and outcome (no nemesis ops), resends, anomalies by class and the commonest errors', () => {
    const side = clientSide({
      client: 'java',
      ops: history([
        ['send', 'ok', undefined, 1],
        ['send', 'ok', undefined, 2],
        ['send', 'info', 'NOT_LEADER_OR_FOLLOWER', 1],
        ['send', 'info', 'NOT_LEADER_OR_FOLLOWER', 1],
        ['poll', 'fail', 'timeout'],
      ]),
      results: results(false, [anomaly('lost-write'), anomaly('lost-write'), anomaly('G1c', true)], {
        name: 'java',
        library: 'org.apache.kafka:kafka-clients',
        version: '4.4.0',
      }),
      dir: '/runs/java',
    });
    expect(side).toEqual({
      client: 'java',
      library: 'org.apache.kafka:kafka-clients 4.4.0',
      dir: '/runs/java',
      verdict: false,
      checkers: { kafka: false },
      ops: { 'send ok': 2, 'send info': 2, 'poll fail': 1 },
      totals: { ok: 2, fail: 1, info: 2 },
      resends: 1,
      anomalies: { 'lost-write': 2 },
      allowed: { G1c: 1 },
      topErrors: [
        { error: 'send info: NOT_LEADER_OR_FOLLOWER', count: 2 },
        { error: 'poll fail: timeout', count: 1 },
      ],
    });
  });
});

describe('differentialSummary', () => {
  const platformatic = {
    client: 'platformatic',
    ops: history([...repeat(90, ['send', 'ok'] as [string, 'ok']), ...repeat(10, ['send', 'info', 'timeout'] as [string, 'info', string])]),
    results: results(true, [anomaly('G1c', true)]),
  };

  it("names each client's side of every difference that matters", () => {
    const java = {
      client: 'java',
      ops: history([...repeat(99, ['send', 'ok', undefined, 1] as [string, 'ok', undefined, number]), ['send', 'ok', undefined, 2], ['poll', 'ok']]),
      results: results(false, [anomaly('duplicate')]),
    };
    const summary = differentialSummary(platformatic, java);
    expect(summary.differences).toEqual([
      'verdict: platformatic valid, java INVALID',
      'checker kafka: platformatic valid, java INVALID',
      'anomaly duplicate: platformatic 0, java 1',
      'allowed G1c: platformatic 1, java 0',
      'poll: only java ran it (1 completions)',
      'send info: platformatic 10 of 100 (10.0 %), java 0 of 100 (0.0 %)',
      'writes sent in more than one Produce request: platformatic 0, java 1',
    ]);
  });

  it('same verdicts and a similar outcome mix: no differences, whatever the op counts', () => {
    const java = {
      client: 'java',
      ops: history([...repeat(140, ['send', 'ok'] as [string, 'ok']), ...repeat(16, ['send', 'info', 'REQUEST_TIMED_OUT'] as [string, 'info', string])]),
      results: results(true, [anomaly('G1c', true), anomaly('G1c', true)]),
    };
    expect(differentialSummary(platformatic, java).differences).toEqual([]);
  });

  it('renders the differences first, then side-by-side tables', () => {
    const java = { client: 'java', ops: history([['send', 'ok']]), results: results('unknown', []) };
    const text = renderDifferential(differentialSummary(platformatic, java), 'Differential run x (seed 7)');
    expect(text).toMatch(/^# Differential run x \(seed 7\)\n/);
    expect(text).toContain('| verdict | valid | unknown |');
    expect(text).toContain('- verdict: platformatic valid, java unknown');
    expect(text).toContain('| send info | 10 | 0 |');
    expect(text).toContain('- 10 × send info: timeout');
    expect(text.indexOf('## Differences')).toBeLessThan(text.indexOf('## Ops by function and outcome'));
  });
});
