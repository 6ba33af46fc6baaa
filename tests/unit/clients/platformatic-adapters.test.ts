// The @platformatic/kafka adapters behind the client-neutral interfaces, with scripted producers that put their
// Produce requests on the library's own diagnostics channel (as its connections do): offsets, fail/info with the
// requests counted on the wire, a record the library redirected to another partition, and transactions that replace
// their producer after a failure.
import { channel } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { MultipleErrors, ResponseError } from '@platformatic/kafka';
import { PlatformaticRecordSender } from '../../../systems/kafka/clients/platformatic/senders.ts';
import { PlatformaticTransactionalProducer } from '../../../systems/kafka/clients/platformatic/transactional-producer.ts';
import { withLabel } from '../../../systems/kafka/clients/platformatic/labels.ts';
import type { StringProducer } from '../../../systems/kafka/producer.ts';
import { API_KEYS, watch } from '../../../systems/kafka/request-counter.ts';

const requestChannel = channel('tracing:plt:kafka:connections:api:start');
let nextInstance = 90_000;

/** What the library hands back for a Produce answered with `code` on one partition. */
const produceAnswered = (code: number): Error =>
  new MultipleErrors('Producing messages failed.', [
    new MultipleErrors('produce failed 1 times.', [new ResponseError(0, 9, { '/responses/0/partitionResponses/0': [code, null] }, {})]),
  ]);
const NOT_LEADER_OR_FOLLOWER = 6;
const NOT_ENOUGH_REPLICAS = 19;

/** `peers`: the broker address (host:port) each of the step's requests goes to. */
type Step = { requests: number; peers?: string[] } & ({ offsets: Array<{ topic: string; partition: number; offset: bigint }> } | { error: Error });

/** A producer whose sends put `requests` Produce requests on the wire, then answer as scripted. */
function scriptedProducer(steps: Step[], log: string[] = []): StringProducer {
  const instanceId = nextInstance++;
  const wire = (n: number, peers: string[] = []): void => {
    for (let i = 0; i < n; i++) {
      const [host, port] = peers[i]?.split(':') ?? [];
      requestChannel.publish({ apiKey: API_KEYS.produce, connection: { ownerId: instanceId, host, port: port === undefined ? undefined : Number(port) } });
    }
  };
  const answer = async () => {
    const step = steps.shift();
    if (!step) throw new Error('no scripted answer left');
    wire(step.requests, step.peers);
    if ('error' in step) throw step.error;
    return { offsets: step.offsets };
  };
  const txn = {
    send: answer,
    commit: async () => void log.push('commit'),
    abort: async () => void log.push('abort'),
    cancel: async () => void log.push('cancel'),
  };
  return watch({
    instanceId,
    send: answer,
    beginTransaction: async () => (log.push('begin'), txn),
    close: async () => void log.push('close'),
    clearMetadata: () => void log.push('clearMetadata'),
    connections: { close: async () => undefined },
  } as unknown as StringProducer);
}

const record = { topic: 't', partition: 2, value: '7' };

describe('PlatformaticRecordSender', () => {
  it('an acknowledged send: its offset and the one Produce request it took', async () => {
    const sender = new PlatformaticRecordSender(scriptedProducer([{ requests: 1, offsets: [{ topic: 't', partition: 2, offset: 41n }] }]), -1);
    expect(await sender.send(record)).toEqual({ ok: true, offset: 41, requests: 1 });
  });

  it('names the node that acknowledged: the broker the last Produce request of the op went to', async () => {
    const names = new Map([
      ['10.88.7.11', 'n1'],
      ['10.88.7.12', 'n2'],
    ]);
    const acked = { offsets: [{ topic: 't', partition: 2, offset: 9n }] };
    const sender = new PlatformaticRecordSender(
      scriptedProducer([
        { requests: 1, peers: ['10.88.7.11:9092'], error: produceAnswered(NOT_LEADER_OR_FOLLOWER) },
        { requests: 1, peers: ['10.88.7.12:9092'], ...acked },
        { requests: 1, peers: ['10.88.7.99:9092'], ...acked },
        { requests: 1, ...acked },
      ]),
      1,
      1,
      names,
    );
    expect(await sender.send(record)).toEqual({ ok: true, offset: 9, requests: 2, node: 'n2' });
    // A broker the run does not know, or a connection without an address: no node rather than a guess.
    expect(await sender.send(record)).toEqual({ ok: true, offset: 9, requests: 1 });
    expect(await sender.send(record)).toEqual({ ok: true, offset: 9, requests: 1 });
  });

  it('NOT_LEADER_OR_FOLLOWER after acks=all is info; with acks=1 fail; NOT_ENOUGH_REPLICAS fail — each after one request', async () => {
    const all = new PlatformaticRecordSender(
      scriptedProducer([
        { requests: 1, error: produceAnswered(NOT_LEADER_OR_FOLLOWER) },
        { requests: 1, error: produceAnswered(NOT_ENOUGH_REPLICAS) },
      ]),
      -1,
    );
    expect(await all.send(record)).toEqual({ ok: false, type: 'info', error: 'NOT_LEADER_OR_FOLLOWER', requests: 1 });
    expect(await all.send(record)).toEqual({ ok: false, type: 'fail', error: 'NOT_ENOUGH_REPLICAS', requests: 1 });
    const leaderOnly = new PlatformaticRecordSender(scriptedProducer([{ requests: 1, error: produceAnswered(NOT_LEADER_OR_FOLLOWER) }]), 1);
    expect(await leaderOnly.send(record)).toMatchObject({ ok: false, type: 'fail', requests: 1 });
  });

  it('any error after a resend is info; an error before any request is fail', async () => {
    const sender = new PlatformaticRecordSender(
      scriptedProducer([
        { requests: 2, error: produceAnswered(NOT_ENOUGH_REPLICAS) },
        { requests: 0, error: new Error('metadata: no leader') },
      ]),
      -1,
    );
    expect(await sender.send(record)).toMatchObject({ ok: false, type: 'info', requests: 2 });
    expect(await sender.send(record)).toMatchObject({ ok: false, type: 'fail', requests: 0, error: expect.stringMatching(/no request sent/) });
  });

  it("a plain producer's --retries are resends of the op, each counted: a resent send says so", async () => {
    const log: string[] = [];
    const sender = new PlatformaticRecordSender(
      scriptedProducer(
        [
          { requests: 1, error: produceAnswered(NOT_LEADER_OR_FOLLOWER) },
          { requests: 1, offsets: [{ topic: 't', partition: 2, offset: 5n }] },
        ],
        log,
      ),
      -1,
      1,
    );
    expect(await sender.send(record)).toEqual({ ok: true, offset: 5, requests: 2 });
    expect(log).toEqual(['clearMetadata']);
  });

  it('a record the library wrote to another partition (it takes partitions modulo the count) is not an ok of this one', async () => {
    const sender = new PlatformaticRecordSender(scriptedProducer([{ requests: 1, offsets: [{ topic: 't', partition: 1, offset: 0n }] }]), -1);
    expect(await sender.send({ ...record, partition: 7 })).toEqual({ ok: false, type: 'info', error: 'the client wrote it to t/1', requests: 1 });
  });
});

describe('PlatformaticTransactionalProducer', () => {
  it('a committed transaction: offsets of its sends, requests counted over the whole transaction', async () => {
    const log: string[] = [];
    const producer = new PlatformaticTransactionalProducer(() =>
      scriptedProducer(
        [
          { requests: 1, offsets: [{ topic: 't', partition: 0, offset: 3n }] },
          { requests: 1, offsets: [{ topic: 't', partition: 1, offset: 9n }] },
        ],
        log,
      ),
    );
    const offsets: Array<number | undefined> = [];
    const result = await producer.transaction(async (txn) => {
      offsets.push(await txn.send({ topic: 't', partition: 0, value: 'a' }));
      offsets.push(await txn.send({ topic: 't', partition: 1, value: 'b' }));
    });
    expect(result).toEqual({ type: 'ok', requests: 2 });
    expect(offsets).toEqual([3, 9]);
    expect(log).toEqual(['begin', 'commit']);
  });

  it('a transaction without sends ends on the client (no EndTxn)', async () => {
    const log: string[] = [];
    const producer = new PlatformaticTransactionalProducer(() => scriptedProducer([], log));
    expect(await producer.transaction(async () => undefined)).toEqual({ type: 'ok', requests: 0 });
    expect(log).toEqual(['begin', 'cancel']);
  });

  it('a failed body is aborted (fail), and the producer is replaced: same transactional id, a new epoch', async () => {
    const log: string[] = [];
    let made = 0;
    const producer = new PlatformaticTransactionalProducer(
      () => (made++, scriptedProducer([{ requests: 1, error: produceAnswered(NOT_ENOUGH_REPLICAS) }], log)),
    );
    const result = await producer.transaction(async (txn) => {
      await txn.send(record);
    });
    expect(result).toEqual({ type: 'fail', error: 'body: NOT_ENOUGH_REPLICAS; aborted', requests: 1 });
    expect(made).toBe(2);
    expect(log).toEqual(['begin', 'abort', 'close']);
  });
});

describe('labels', () => {
  it('a library error becomes the short label the history shows', async () => {
    await expect(withLabel(Promise.reject(produceAnswered(NOT_LEADER_OR_FOLLOWER)))).rejects.toThrow(/^NOT_LEADER_OR_FOLLOWER$/);
  });
});
