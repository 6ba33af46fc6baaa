// Transaction outcomes (systems/kafka/transactions.ts): fail only when nothing can have been committed, info whenever
// the commit may have happened; and the retry waits the transactional producer uses.
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '@platformatic/kafka';
import { runTransaction, transactionalRetryDelay, type StringProducer } from '../../../systems/kafka/transactions.ts';

interface Script {
  begin?: Error;
  abort?: Error;
  commit?: Error;
}

/** A producer whose transaction steps fail as scripted, recording the steps it was asked for. */
function fakeProducer(script: Script, steps: string[]): StringProducer {
  const step = (name: string, error?: Error) => async () => {
    steps.push(name);
    if (error) throw error;
  };
  const txn = { abort: step('abort', script.abort), commit: step('commit', script.commit), cancel: step('cancel') };
  return {
    beginTransaction: async () => {
      steps.push('begin');
      if (script.begin) throw script.begin;
      return txn;
    },
  } as unknown as StringProducer;
}

const protocol = (id: string) => new ProtocolError(id);

describe('runTransaction', () => {
  it('ok: begin, body, commit', async () => {
    const steps: string[] = [];
    expect(await runTransaction(fakeProducer({}, steps), async () => true)).toEqual({ type: 'ok' });
    expect(steps).toEqual(['begin', 'commit']);
  });

  it('a transaction that added nothing is cancelled on the client, without EndTxn', async () => {
    const steps: string[] = [];
    expect(await runTransaction(fakeProducer({}, steps), async () => false)).toEqual({ type: 'ok' });
    expect(steps).toEqual(['begin', 'cancel']);
  });

  it('begin failed: fail, nothing was sent', async () => {
    const steps: string[] = [];
    let ran = false;
    const o = await runTransaction(fakeProducer({ begin: protocol('COORDINATOR_NOT_AVAILABLE') }, steps), async () => (ran = true));
    expect(o).toMatchObject({ type: 'fail', stage: 'begin' });
    expect(o.type !== 'ok' && o.error).toMatch(/^begin: COORDINATOR_NOT_AVAILABLE/);
    expect(ran).toBe(false);
  });

  it('body failed and the abort was acknowledged: fail', async () => {
    const steps: string[] = [];
    const o = await runTransaction(fakeProducer({}, steps), async () => {
      throw protocol('NOT_LEADER_OR_FOLLOWER');
    });
    expect(o).toEqual({ type: 'fail', stage: 'body', error: 'body: NOT_LEADER_OR_FOLLOWER; aborted' });
    expect(steps).toEqual(['begin', 'abort']);
  });

  it('body failed and the abort failed too: info', async () => {
    const steps: string[] = [];
    const o = await runTransaction(fakeProducer({ abort: protocol('CONCURRENT_TRANSACTIONS') }, steps), async () => {
      throw new Error('Request timed out');
    });
    expect(o).toMatchObject({ type: 'info', stage: 'body' });
    expect(o.type !== 'ok' && o.error).toContain('abort failed: CONCURRENT_TRANSACTIONS');
  });

  it('commit failed: info, even with an error that sounds definite (EndTxn may have reached the coordinator)', async () => {
    const steps: string[] = [];
    const o = await runTransaction(fakeProducer({ commit: protocol('NOT_COORDINATOR') }, steps), async () => true);
    expect(o).toMatchObject({ type: 'info', stage: 'commit' });
    expect(steps).toEqual(['begin', 'commit']);
  });
});

describe('transactionalRetryDelay', () => {
  it('waits briefly, and a little longer each time, for the previous transaction to finish', () => {
    const concurrent = protocol('CONCURRENT_TRANSACTIONS');
    expect(transactionalRetryDelay(null, 'addPartitionsToTransaction', 1, 25, concurrent)).toBe(20);
    expect(transactionalRetryDelay(null, 'addPartitionsToTransaction', 5, 25, concurrent)).toBe(100);
    expect(transactionalRetryDelay(null, 'addPartitionsToTransaction', 25, 25, concurrent)).toBe(250);
  });

  it('backs off longer for anything else', () => {
    expect(transactionalRetryDelay(null, 'produce', 1, 25, protocol('NOT_LEADER_OR_FOLLOWER'))).toBe(100);
    expect(transactionalRetryDelay(null, 'produce', 20, 25, new Error('Connection closed'))).toBe(1000);
  });
});
