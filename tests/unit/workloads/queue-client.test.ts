// The queue workload's client over fake Kafka clients: polls report, as the third element of their micro-op, the keys
// a group rebalance gave the process (what the checker needs to allow a rewind); a failed transaction's polls do not
// count, so the keys they reported move to the next ok op, and the history parses as the checker expects.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../../core/history/op.ts';
import { parseOkCompletion, parseInvocation } from '../../../checkers/kafka/ops.ts';
import type { IncomingRecord, QueueConsumer, TransactionResult, TransactionSends } from '../../../systems/kafka/clients/types.ts';
import { QueueClient } from '../../../workloads/queue/client.ts';

/** A consumer whose polls return scripted records and whose rebalances are scripted per poll. */
class ScriptedConsumer implements QueueConsumer {
  private reassigned: number[] = [];
  constructor(private readonly polls: Array<{ records?: Array<[number, number, string]>; rebalanceGives?: number[] }>) {}
  held = () => [];
  assign = async () => [];
  subscribe = async () => [];
  async poll(): Promise<Map<number, IncomingRecord[]>> {
    const next = this.polls.shift() ?? {};
    this.reassigned.push(...(next.rebalanceGives ?? []));
    const out = new Map<number, IncomingRecord[]>();
    for (const [partition, offset, value] of next.records ?? []) out.set(partition, [...(out.get(partition) ?? []), { offset, value }]);
    return out;
  }
  takeReassigned(): number[] {
    const out = this.reassigned;
    this.reassigned = [];
    return out;
  }
  snapshot = () => new Map<number, number>();
  restore = () => undefined;
  commitInBackground = () => undefined;
  close = async () => undefined;
}

/** A transactional producer whose transactions commit, or fail when the body throws. */
const producer = {
  kind: 'transactional' as const,
  producer: {
    async transaction(body: (txn: TransactionSends) => Promise<void>): Promise<TransactionResult> {
      try {
        await body({ send: async () => 0 });
        return { type: 'ok', requests: 1 };
      } catch (e) {
        return { type: 'fail', error: String(e) };
      }
    },
    close: async () => undefined,
  },
};

const op = (index: number, f: string, value: unknown, type: Op['type'] = 'invoke'): Op => ({ index, type, process: 0, f, value, time: index });

describe('QueueClient polls', () => {
  it('report the keys a rebalance gave the process, once, in a form the checker parses', async () => {
    const client = new QueueClient('t', producer, new ScriptedConsumer([{ records: [[3, 14, '8']], rebalanceGives: [3, 1] }, { records: [[3, 15, '9']] }]));
    const micros = [['poll'], ['poll']];
    const done = await client.invoke({ f: 'txn', value: micros });
    expect(done).toMatchObject({
      type: 'ok',
      value: [
        ['poll', { 3: [[14, 8]] }, [1, 3]],
        ['poll', { 3: [[15, 9]] }],
      ],
    });
    const parsed = parseOkCompletion(op(1, 'txn', done.value, 'ok'), parseInvocation(op(0, 'txn', micros)));
    expect(parsed.map((m) => (m.kind === 'poll' ? m.reassigned : null))).toEqual([[1, 3], []]);
  });

  it("a failed transaction's reported keys go with the next ok op", async () => {
    const client = new QueueClient('t', producer, new ScriptedConsumer([{ rebalanceGives: [5] }, {}]));
    const failed = await client.invoke({ f: 'txn', value: [['poll'], ['abort']] });
    expect(failed.type).toBe('fail');
    expect(await client.invoke({ f: 'txn', value: [['poll']] })).toMatchObject({ type: 'ok', value: [['poll', {}, [5]]] });
  });
});
