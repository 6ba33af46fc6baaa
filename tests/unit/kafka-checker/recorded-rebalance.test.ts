// A recorded run (tests/fixtures/runs/fx-java-rebalance-391): queue --txn with Kafka's Java client against 3.9.1
// under kill. Inside transaction op 1384, process 16 polled keys 6 and 7, a group rebalance (a member joining after a
// crash) handed every partition out again, and its second poll restarted both keys at the group's committed offsets,
// before records it had just read. The client reported the reassignment in that poll; with the report the run is
// valid, and without it (the history as faultline wrote it before polls carried reports) it was a false alarm. The
// broker's own log shows the rebalance inside the op's window.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Op } from '../../../core/history/op.ts';
import type { CheckerResult } from '../../../core/result.ts';
import { readSpecFile } from '../../../core/spec.ts';
import { checkWorkload } from '../../../workloads/index.ts';
import { readOps, unpackRun } from '../causality/recorded-runs.ts';

const dir = unpackRun('fx-java-rebalance-391');
const spec = readSpecFile(join(dir, 'spec.json'));
const ops = readOps(dir);

const kafkaVerdict = (history: Op[]): CheckerResult => checkWorkload(spec, history, []).find((c) => c.checker === 'kafka')!;
const pollAnomalies = (c: CheckerResult) => c.anomalies.filter((a) => /poll/.test(a.type));

/** The history with every poll's reassignment report taken out. */
const withoutReports = (history: Op[]): Op[] =>
  history.map((op) =>
    op.type === 'ok' && Array.isArray(op.value)
      ? { ...op, value: (op.value as unknown[][]).map((micro) => (micro[0] === 'poll' && micro.length === 3 ? micro.slice(0, 2) : micro)) }
      : op,
  );

describe('a rebalance inside a transaction, recorded with the Java client against 3.9.1', () => {
  it('is valid: every rewind and skip follows a reassignment its poll reported, and the explanations say so', () => {
    const kafka = kafkaVerdict(ops);
    expect(kafka.valid).toBe(true);
    const polls = pollAnomalies(kafka);
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((a) => a.allowed && a.explanation.includes('reported that a group rebalance gave it this key again'))).toBe(true);
    expect(polls.filter((a) => a.ops.includes(1384)).map((a) => [a.type, (a.details as { key: number }).key])).toEqual([
      ['int-nonmonotonic-poll', 6],
      ['int-nonmonotonic-poll', 7],
    ]);
  });

  it('without the reports the same history is flagged: the false alarm the reports remove', () => {
    const kafka = kafkaVerdict(withoutReports(ops));
    expect(kafka.valid).toBe(false);
    const failing = pollAnomalies(kafka).filter((a) => !a.allowed);
    expect(failing.map((a) => [a.type, a.ops, (a.details as { key: number }).key])).toEqual([
      ['int-nonmonotonic-poll', [1384], 6],
      ['int-nonmonotonic-poll', [1384], 7],
    ]);
  });

  it("the group coordinator's log shows the rebalance while op 1384 ran", () => {
    const start = Date.parse(
      dir
        .split('/')
        .pop()!
        .replace(/^(\d{4}-\d\d-\d\d)T(\d\d)(\d\d)(\d\d\.\d{3})Z$/, '$1T$2:$3:$4Z'),
    );
    const invoked = ops.filter((o) => o.process === 16 && o.type === 'invoke' && o.index < 1384).at(-1)!;
    const from = start + invoked.time / 1e6;
    const to = start + ops[1384]!.time / 1e6;
    const stabilized = ['n1', 'n2', 'n3']
      .flatMap((node) => readFileSync(join(dir, 'nodes', node, 'server.log'), 'utf8').split('\n'))
      .map((line) => /^\[(\S+) (\S+),(\d{3})\] INFO \[GroupCoordinator \d+\]: Stabilized group faultline-queue generation (\d+)/.exec(line))
      .filter((m) => m !== null)
      .map((m) => ({ at: Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`), generation: Number(m[4]) }));
    expect(stabilized.filter((s) => s.at > from && s.at < to).map((s) => s.generation)).toEqual([6]);
  });
});
