// The produce error → fail/info mapping, on the error objects @platformatic/kafka really builds: `fail` only when the
// broker provably did not append (no request left the client, or one request was refused before the append).
import { describe, expect, it } from 'vitest';
import { MultipleErrors, NetworkError, ProtocolError, ResponseError, TimeoutError } from '@platformatic/kafka';
import { checkLostWrites } from '../../../checkers/lost-writes/index.ts';
import type { Op } from '../../../core/history/op.ts';
import { readOutcome, writeOutcome } from '../../../systems/kafka/outcome.ts';

/** What the client hands back for a Produce answered with `code` on one partition (Kafka error codes by number). */
const produceAnswered = (code: number): Error =>
  new MultipleErrors('Producing messages failed.', [
    new MultipleErrors('produce failed 1 times.', [new ResponseError(0, 9, { '/responses/0/partitionResponses/0': [code, null] }, {})]),
  ]);
const NOT_LEADER_OR_FOLLOWER = 6;
const NOT_ENOUGH_REPLICAS = 19;
const NOT_ENOUGH_REPLICAS_AFTER_APPEND = 20;
const REQUEST_TIMED_OUT = 7;
const MESSAGE_TOO_LARGE = 10;
const wrap = (...errors: Error[]): Error => new MultipleErrors('Producing messages failed.', errors);
const all = { acks: -1 as const, requests: 1 };
const leaderOnly = { acks: 1 as const, requests: 1 };

describe('writeOutcome', () => {
  it('NOT_LEADER_OR_FOLLOWER after acks=all may follow an append (the purgatory case): info; with acks=1: fail', () => {
    expect(writeOutcome(produceAnswered(NOT_LEADER_OR_FOLLOWER), all)).toEqual({ type: 'info', error: 'NOT_LEADER_OR_FOLLOWER' });
    expect(writeOutcome(produceAnswered(NOT_LEADER_OR_FOLLOWER), leaderOnly)).toEqual({ type: 'fail', error: 'NOT_LEADER_OR_FOLLOWER' });
  });

  it('errors the broker returns before any append are definite failures', () => {
    expect(writeOutcome(produceAnswered(NOT_ENOUGH_REPLICAS), all).type).toBe('fail');
    expect(writeOutcome(produceAnswered(MESSAGE_TOO_LARGE), all).type).toBe('fail');
  });

  it('anything that may follow an append is indeterminate', () => {
    expect(writeOutcome(produceAnswered(NOT_ENOUGH_REPLICAS_AFTER_APPEND), all).type).toBe('info');
    expect(writeOutcome(produceAnswered(REQUEST_TIMED_OUT), leaderOnly).type).toBe('info');
    expect(writeOutcome(wrap(new NetworkError('Connection closed')), all).type).toBe('info');
    expect(writeOutcome(wrap(new TimeoutError('Request timed out')), all).type).toBe('info');
    expect(writeOutcome(new Error('something unexpected'), leaderOnly).type).toBe('info');
  });

  it('no request on the wire means nothing was appended, whatever the error says', () => {
    expect(writeOutcome(wrap(new NetworkError('Connection to 10.88.7.11:9092 failed.')), { acks: -1, requests: 0 })).toEqual({
      type: 'fail',
      error: 'network: Connection to 10.88.7.11:9092 failed. (no request sent)',
    });
    expect(writeOutcome(wrap(new TimeoutError('Request timed out')), { acks: -1, requests: 0 }).type).toBe('fail');
  });

  it('a request sent more than once may have been appended by an earlier attempt: never fail', () => {
    expect(writeOutcome(produceAnswered(NOT_ENOUGH_REPLICAS), { acks: -1, requests: 2 }).type).toBe('info');
  });

  it('one uncertain part makes the whole send uncertain', () => {
    expect(writeOutcome(wrap(new ProtocolError('NOT_ENOUGH_REPLICAS'), new NetworkError('Connection closed')), all).type).toBe('info');
  });

  it('labels errors by their innermost message', () => {
    expect(writeOutcome(wrap(new NetworkError('Connection closed')), all).error).toBe('network: Connection closed');
  });

  it('a failed read is fail', () => {
    expect(readOutcome(new NetworkError('Connection closed')).type).toBe('fail');
  });
});

describe('the purgatory case in a history', () => {
  // Recorded shape of the false alarm: value 312 sent with acks=all to partition 4 while a follower was dead; the
  // leader appended it and waited for replication; the leader was stopped, the waiting request came back
  // NOT_LEADER_OR_FOLLOWER, and the new leader kept the record, so the final read finds it (once).
  const at = (index: number, op: Omit<Op, 'index' | 'time'>): Op => ({ index, time: index * 1e6, ...op });
  const history = (completion: 'fail' | 'info'): Op[] =>
    [
      at(-2, { type: 'invoke', process: 2, f: 'send', value: { value: 311, partition: 4 } }),
      at(-1, { type: 'ok', process: 2, f: 'send', value: { value: 311, partition: 4, offset: 48 }, requests: 1 }),
      at(0, { type: 'invoke', process: 3, f: 'send', value: { value: 312, partition: 4 } }),
      at(1, { type: 'invoke', process: 'nemesis', f: 'start', value: { family: 'stop', action: 'stop', phase: 'start', targets: ['n3'] } }),
      at(2, { type: completion, process: 3, f: 'send', value: { value: 312, partition: 4 }, error: 'NOT_LEADER_OR_FOLLOWER', requests: 1 }),
      at(3, { type: 'info', process: 'nemesis', f: 'start', value: { family: 'stop', action: 'stop', phase: 'start', targets: ['n3'] } }),
      at(4, { type: 'invoke', process: 13, f: 'read', value: { partition: 4 } }),
      at(5, {
        type: 'ok',
        process: 13,
        f: 'read',
        value: {
          partition: 4,
          endOffset: 50,
          records: [
            [48, 311],
            [49, 312],
          ],
        },
      }),
    ].map((op, index) => ({ ...op, index }));

  it('is recorded info by the mapping, and the checker then accepts the surviving record', () => {
    const completion = writeOutcome(produceAnswered(NOT_LEADER_OR_FOLLOWER), all).type;
    expect(completion).toBe('info');
    expect(checkLostWrites(history(completion)).valid).toBe(true);
    // The old mapping (fail) turned this correct behaviour of Kafka into an anomaly.
    const old = checkLostWrites(history('fail'));
    expect(old.valid).toBe(false);
    expect(old.anomalies.map((a) => a.type)).toContain('failed-but-read');
  });
});
