// Completions from Java client errors, and the transaction flow's outcomes (with a scripted producer: no driver).
import { describe, expect, it } from 'vitest';
import { DriverExited, DriverRequestTimeout, JavaClientError } from '../../../systems/kafka/java-client/errors.ts';
import { javaReadOutcome, javaWriteOutcome, runJavaTransaction, type TransactionControl } from '../../../systems/kafka/java-client/outcome.ts';
import type { DriverErrorInfo } from '../../../systems/kafka/java-client/protocol.ts';

const javaError = (outcome: 'fail' | 'info', kafkaError?: string, cls = 'org.apache.kafka.common.errors.TimeoutException', message = 'm'): JavaClientError => {
  const info: DriverErrorInfo = { class: cls, message, causeChain: [], outcome, ...(kafkaError ? { kafkaError } : {}) };
  return new JavaClientError('producer.send', info);
};

describe('javaWriteOutcome', () => {
  it('takes the outcome the driver gave, labelled by the Kafka error', () => {
    expect(javaWriteOutcome(javaError('fail', 'NOT_ENOUGH_REPLICAS'))).toEqual({ type: 'fail', error: 'NOT_ENOUGH_REPLICAS' });
    expect(javaWriteOutcome(javaError('info', 'NOT_LEADER_OR_FOLLOWER'))).toEqual({ type: 'info', error: 'NOT_LEADER_OR_FOLLOWER' });
  });

  it('labels an error without a Kafka error code by its class and message', () => {
    expect(javaWriteOutcome(javaError('info', undefined, 'org.apache.kafka.common.KafkaException', 'Producer is closed forcefully.')).error).toBe(
      'KafkaException: Producer is closed forcefully.',
    );
  });

  it('no answer, a dead driver or anything else is info', () => {
    expect(javaWriteOutcome(new DriverRequestTimeout('producer.send', 2000))).toEqual({ type: 'info', error: 'timeout: no answer within 2000 ms' });
    expect(javaWriteOutcome(new DriverExited('producer.send', 'exited (signal SIGKILL)')).type).toBe('info');
    expect(javaWriteOutcome(new Error('bug')).type).toBe('info');
  });
});

describe('javaReadOutcome', () => {
  it('is always fail', () => {
    expect(javaReadOutcome(javaError('info')).type).toBe('fail');
    expect(javaReadOutcome(new DriverRequestTimeout('consumer.poll', 100)).type).toBe('fail');
  });
});

/** A producer whose calls fail as scripted; records the calls made. */
function scripted(failures: Partial<Record<keyof TransactionControl, Error>>): TransactionControl & { calls: string[] } {
  const calls: string[] = [];
  const step = (name: keyof TransactionControl) => async (): Promise<void> => {
    calls.push(name);
    const e = failures[name];
    if (e) throw e;
  };
  return { calls, beginTransaction: step('beginTransaction'), commitTransaction: step('commitTransaction'), abortTransaction: step('abortTransaction') };
}

describe('runJavaTransaction', () => {
  it('commits', async () => {
    const p = scripted({});
    expect(await runJavaTransaction(p, async () => undefined)).toEqual({ type: 'ok', producerUsable: true });
    expect(p.calls).toEqual(['beginTransaction', 'commitTransaction']);
  });

  it('a failed begin is fail, with nothing else tried', async () => {
    const p = scripted({ beginTransaction: javaError('fail', undefined, 'java.lang.IllegalStateException', 'not initialised') });
    const r = await runJavaTransaction(p, async () => undefined);
    expect(r).toMatchObject({ type: 'fail', stage: 'begin' });
    expect(p.calls).toEqual(['beginTransaction']);
  });

  it('a failed body is fail once the abort succeeded', async () => {
    const p = scripted({});
    const r = await runJavaTransaction(p, async () => {
      throw javaError('info', 'NOT_LEADER_OR_FOLLOWER');
    });
    expect(r).toEqual({ type: 'fail', error: 'body: NOT_LEADER_OR_FOLLOWER; aborted', stage: 'body', producerUsable: true });
    expect(p.calls).toEqual(['beginTransaction', 'abortTransaction']);
  });

  it('a failed body whose abort failed too is info', async () => {
    const p = scripted({ abortTransaction: javaError('info', 'PRODUCER_FENCED') });
    const r = await runJavaTransaction(p, async () => {
      throw javaError('info', 'REQUEST_TIMED_OUT');
    });
    expect(r).toEqual({ type: 'info', error: 'body: REQUEST_TIMED_OUT; abort failed: PRODUCER_FENCED', stage: 'body', producerUsable: false });
  });

  it('an uncertain commit is fail only when the abort that follows succeeds', async () => {
    const aborted = scripted({ commitTransaction: javaError('info', 'UNKNOWN_PRODUCER_ID') });
    expect(await runJavaTransaction(aborted, async () => undefined)).toMatchObject({ type: 'fail', stage: 'commit', producerUsable: true });
    expect(aborted.calls).toEqual(['beginTransaction', 'commitTransaction', 'abortTransaction']);
    const pending = scripted({
      commitTransaction: javaError('info', 'REQUEST_TIMED_OUT'),
      abortTransaction: javaError('info', undefined, 'java.lang.IllegalStateException', 'commit pending'),
    });
    expect(await runJavaTransaction(pending, async () => undefined)).toMatchObject({ type: 'info', stage: 'commit', producerUsable: false });
    const noAnswer = scripted({
      commitTransaction: new DriverRequestTimeout('producer.commitTransaction', 5000),
      abortTransaction: new DriverRequestTimeout('producer.abortTransaction', 5000),
    });
    expect((await runJavaTransaction(noAnswer, async () => undefined)).type).toBe('info');
  });

  it('a commit the client refused before sending EndTxn is fail', async () => {
    const p = scripted({
      commitTransaction: javaError('fail', undefined, 'java.lang.IllegalStateException', 'Cannot perform operation after producer has been closed'),
      abortTransaction: javaError('fail', undefined, 'java.lang.IllegalStateException', 'closed'),
    });
    const r = await runJavaTransaction(p, async () => undefined);
    expect(r).toMatchObject({ type: 'fail', stage: 'commit', producerUsable: false });
    expect(r.type !== 'ok' && r.error).toMatch(/never sent$/);
  });
});
