// The Kafka error → fail/info mapping, on the error objects @platformatic/kafka really builds.
import { describe, expect, it } from 'vitest';
import { MultipleErrors, NetworkError, ProtocolError, TimeoutError } from '@platformatic/kafka';
import { writeOutcome, readOutcome } from '../../../systems/kafka/outcome.ts';

const wrap = (...errors: Error[]): Error => new MultipleErrors('Producing messages failed.', errors);

describe('writeOutcome', () => {
  it('a not-appended protocol error is a definite failure', () => {
    expect(writeOutcome(wrap(new ProtocolError('NOT_LEADER_OR_FOLLOWER')))).toEqual({ type: 'fail', error: 'NOT_LEADER_OR_FOLLOWER' });
    expect(writeOutcome(wrap(new ProtocolError('NOT_ENOUGH_REPLICAS'))).type).toBe('fail');
  });

  it('a connection that was never established is a definite failure', () => {
    expect(writeOutcome(wrap(new NetworkError('Connection to 10.88.7.11:9092 failed.'))).type).toBe('fail');
    expect(writeOutcome(wrap(new TimeoutError('Connection to 10.88.7.11:9092 timed out.'))).type).toBe('fail');
  });

  it('anything that may have reached the leader is indeterminate', () => {
    expect(writeOutcome(wrap(new ProtocolError('REQUEST_TIMED_OUT'))).type).toBe('info');
    expect(writeOutcome(wrap(new ProtocolError('NOT_ENOUGH_REPLICAS_AFTER_APPEND'))).type).toBe('info');
    expect(writeOutcome(wrap(new NetworkError('Connection closed'))).type).toBe('info');
    expect(writeOutcome(wrap(new TimeoutError('Request timed out'))).type).toBe('info');
    expect(writeOutcome(new Error('something unexpected')).type).toBe('info');
  });

  it('one uncertain part makes the whole send uncertain', () => {
    expect(writeOutcome(wrap(new ProtocolError('NOT_LEADER_OR_FOLLOWER'), new NetworkError('Connection closed'))).type).toBe('info');
  });

  it('labels errors by their innermost message', () => {
    expect(writeOutcome(wrap(new NetworkError('Connection closed'))).error).toBe('network: Connection closed');
  });

  it('a failed read is fail', () => {
    expect(readOutcome(new NetworkError('Connection closed')).type).toBe('fail');
  });
});
