// Events from brokers whose clocks the clock nemesis moved (±120 s, libfaketime) land at the right history time: each
// event read from server.log (the broker's skewed clock, corrected by the offsets the history recorded) is compared
// with the same line in the container's stdout, which Docker timestamped with the host's real clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../../../core/events.ts';
import { clockRegimes } from '../../../core/log-clock.ts';
import { runDirectoryTime } from '../../../harness/run/run-events.ts';
import { kafkaEventsFromRunDir } from '../../../systems/kafka/events/index.ts';
import { readOps, unpackRun } from '../causality/recorded-runs.ts';

const dir = unpackRun('fx-clock-kill-440');
const ops = readOps(dir);
const start = runDirectoryTime(dir)!;
const events = kafkaEventsFromRunDir(dir, ops, start);

/** The host's time (ns on the history's clock) at which Docker received the line an event was read from. */
function dockerTime(e: BrokerEvent): number | undefined {
  const lines = readFileSync(join(dir, 'nodes', e.node, 'container-stdout.log'), 'utf8').split('\n');
  const line = lines.find((l) => l.includes(`[${e.logTime}] `) && l.includes(e.text.slice(0, 80)));
  return line === undefined ? undefined : (Date.parse(line.slice(0, line.indexOf(' '))) - start) * 1e6;
}

describe('events of brokers under clock skew', () => {
  it('the history recorded offsets of up to ±120 s on every node', () => {
    const regimes = clockRegimes(ops);
    expect([...regimes.keys()].sort()).toEqual(['n1', 'n2', 'n3']);
    expect(regimes.get('n3')!.flatMap((r) => r.offsetsMs)).toEqual([0, -107_398, 0, 109_594, 0]);
  });

  it('land within 1 s of the real time of their line, skewed or not', () => {
    const skewed = events.filter((e) => Math.abs(e.clockOffsetMs ?? 0) > 30_000);
    expect(skewed.length).toBeGreaterThanOrEqual(10);
    expect(new Set(skewed.map((e) => e.node))).toEqual(new Set(['n2', 'n3']));
    let compared = 0;
    for (const e of events) {
      const real = dockerTime(e);
      if (real === undefined) continue;
      compared++;
      expect(Math.abs(e.time - real), `${e.kind} on ${e.node} at ${e.logTime} (offset ${e.clockOffsetMs ?? 0} ms)`).toBeLessThan(1e9);
    }
    expect(compared).toBe(events.length);
  });

  it('an event logged 109.6 s ahead on n3 is placed at its real time, not its log time', () => {
    const e = events.find((x) => x.node === 'n3' && x.kind === 'controller-change' && x.clockOffsetMs === 109_594)!;
    expect(e).toMatchObject({ logTime: '2026-12-02 01:24:37,346', controller: 2, epoch: 3, line: 394 });
    expect(e.time).toBe(54_635_000_000);
    expect(Math.abs(e.time - dockerTime(e)!)).toBeLessThan(0.05e9);
  });

  it('taken at their log time the skewed events would be off by 40 s or more (the check above is not vacuous)', () => {
    const logTime = (e: BrokerEvent) => (Date.parse(`${e.logTime.replace(' ', 'T').replace(',', '.')}Z`) - start) * 1e6;
    const skewed = events.filter((e) => Math.abs(e.clockOffsetMs ?? 0) > 30_000);
    expect(Math.min(...skewed.map((e) => Math.abs(logTime(e) - dockerTime(e)!)))).toBeGreaterThan(40e9);
  });
});
