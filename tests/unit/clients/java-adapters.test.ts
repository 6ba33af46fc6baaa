// The Java adapters behind the client-neutral interfaces, against a scripted driver: what each driver answer becomes
// (completions with fail/info and Produce request counts, records, positions), which requests they make, and the
// client configs that keep every bound inside the op timeout with no hidden resends.
import { describe, expect, it } from 'vitest';
import { clientTimeouts } from '../../../systems/kafka/client-timeouts.ts';
import { DriverExited, DriverRequestTimeout } from '../../../systems/kafka/java-client/index.ts';
import { consumerConfig, producerConfig, transactionalConfig } from '../../../systems/kafka/clients/java/config.ts';
import { JavaCommittedReader } from '../../../systems/kafka/clients/java/committed-reader.ts';
import { JavaCopier } from '../../../systems/kafka/clients/java/copier.ts';
import { JavaPartitionReader } from '../../../systems/kafka/clients/java/partition-reader.ts';
import { JavaQueueConsumer } from '../../../systems/kafka/clients/java/queue-consumer.ts';
import { JavaRecordSender } from '../../../systems/kafka/clients/java/senders.ts';
import { JavaTransactionalProducer, openTransactional } from '../../../systems/kafka/clients/java/transactions.ts';
import { JavaAdmin, type JavaProducer } from '../../../systems/kafka/java-client/index.ts';
import { FakeDriver, javaError, sent } from './fake-driver.ts';

const settings = { bootstrap: ['n1:9092', 'n2:9092', 'n3:9092'], opTimeoutMs: 10_000 };
const ctx = { process: 1, clientId: 'c1' };
const call = { timeoutMs: 30_000 };
const record = { topic: 't', partition: 2, value: '7' };
const poll = (records: Array<[number, number, string]>, positions: Array<[number, number]>, topic = 't', assigned: number[] = []) => ({
  records: records.map(([partition, offset, value]) => ({ topic, partition, offset, key: null, value, timestamp: 0, leaderEpoch: 0 })),
  positions: positions.map(([partition, offset]) => ({ topic, partition, offset })),
  assigned: assigned.map((partition) => ({ topic, partition })),
});

describe('Java producer configs', () => {
  it('a plain producer: acks, no retries, no idempotence, linger 0, every bound inside the op timeout', () => {
    const c = producerConfig(settings, ctx, { acks: -1, idempotent: false, retries: 0 });
    expect(c).toMatchObject({
      acks: 'all',
      retries: 0,
      'enable.idempotence': false,
      'linger.ms': 0,
      'client.id': 'c1',
      'bootstrap.servers': 'n2:9092,n3:9092,n1:9092',
    });
    for (const bound of ['request.timeout.ms', 'delivery.timeout.ms', 'max.block.ms']) expect(Number(c[bound])).toBeLessThan(settings.opTimeoutMs);
    expect(Number(c['delivery.timeout.ms'])).toBeGreaterThanOrEqual(Number(c['request.timeout.ms']) + Number(c['linger.ms']));
  });

  it("the workload's request bounds when it gives them (queue), and retries only when asked", () => {
    const t = clientTimeouts(settings.opTimeoutMs);
    expect(producerConfig(settings, ctx, { acks: 1, idempotent: false, retries: 3, timeouts: t })).toMatchObject({
      acks: '1',
      retries: 3,
      'request.timeout.ms': t.requestTimeout,
    });
    // Kafka refuses an idempotent producer without retries.
    expect(producerConfig(settings, ctx, { acks: -1, idempotent: true, retries: 0 })).toMatchObject({ 'enable.idempotence': true, retries: 1 });
  });

  it('a transactional producer: its transactional id, blocking calls and the transaction inside the op timeout', () => {
    const c = transactionalConfig(settings, ctx, 'tx-3');
    expect(c).toMatchObject({ 'transactional.id': 'tx-3', acks: 'all', 'linger.ms': 0 });
    expect(Number(c['max.block.ms'])).toBeLessThanOrEqual(settings.opTimeoutMs / 2);
    expect(Number(c['transaction.timeout.ms'])).toBeLessThan(settings.opTimeoutMs);
  });

  it('a group consumer gets the group and its timeouts; a reader none', () => {
    expect(consumerConfig(settings, ctx, { isolation: 'read_committed', groupId: 'g' })).toMatchObject({
      'group.id': 'g',
      'isolation.level': 'read_committed',
      'enable.auto.commit': false,
      'session.timeout.ms': 6000,
    });
    expect(consumerConfig(settings, ctx, { isolation: 'read_uncommitted' })['group.id']).toBeUndefined();
  });
});

describe('JavaRecordSender', () => {
  const open = (driver: FakeDriver) => JavaRecordSender.open(driver, producerConfig(settings, ctx, { acks: -1, idempotent: false, retries: 0 }), call);

  it('an acknowledged send: its offset, one Produce request', async () => {
    const driver = new FakeDriver().next('producer.send', sent(2, 41));
    const sender = await open(driver);
    expect(await sender.send(record)).toEqual({ ok: true, offset: 41, requests: 1 });
    expect(driver.requestsOf('producer.send')[0]).toMatchObject(record);
  });

  it('a resent record says so: attempts, or 1 + the retries seen when the driver could not tell', async () => {
    const sender = await open(new FakeDriver().next('producer.send', sent(2, 5, 2, 1), sent(2, 6, null, 2)));
    expect(await sender.send(record)).toMatchObject({ ok: true, requests: 2 });
    expect(await sender.send(record)).toMatchObject({ ok: true, requests: 3 });
  });

  it('NOT_LEADER_OR_FOLLOWER after acks=all is info (the driver says so), after one request', async () => {
    const error = javaError('producer.send', {
      kafkaError: 'NOT_LEADER_OR_FOLLOWER',
      outcome: 'info',
      detail: { rejectedBeforeQueue: false, retriesDuringSend: 0 },
    });
    const sender = await open(new FakeDriver().next('producer.send', error));
    expect(await sender.send(record)).toEqual({ ok: false, type: 'info', error: 'NOT_LEADER_OR_FOLLOWER', requests: 1 });
  });

  it('refused before the append or before it left the client: fail, with one or no request', async () => {
    const tooLarge = javaError('producer.send', {
      kafkaError: 'MESSAGE_TOO_LARGE',
      outcome: 'fail',
      detail: { rejectedBeforeQueue: false, retriesDuringSend: 0 },
    });
    const noMetadata = javaError('producer.send', {
      class: 'org.apache.kafka.common.errors.TimeoutException',
      kafkaError: 'REQUEST_TIMED_OUT',
      outcome: 'fail',
      detail: { rejectedBeforeQueue: true, retriesDuringSend: 0 },
    });
    const badRequest = javaError('producer.send', { class: 'faultline.driver.protocol.BadRequest', outcome: 'fail' });
    const sender = await open(new FakeDriver().next('producer.send', tooLarge, noMetadata, badRequest));
    expect(await sender.send(record)).toEqual({ ok: false, type: 'fail', error: 'MESSAGE_TOO_LARGE', requests: 1 });
    expect(await sender.send(record)).toEqual({ ok: false, type: 'fail', error: 'TimeoutException: m (no request sent)', requests: 0 });
    expect(await sender.send(record)).toEqual({ ok: false, type: 'fail', error: 'BadRequest: m (no request sent)', requests: 0 });
  });

  it('a timeout after retries, no answer, or a dead driver: info; the request count only where known', async () => {
    const expired = javaError('producer.send', {
      class: 'org.apache.kafka.common.errors.TimeoutException',
      kafkaError: 'REQUEST_TIMED_OUT',
      outcome: 'info',
      detail: { rejectedBeforeQueue: false, retriesDuringSend: 2 },
    });
    const sender = await open(
      new FakeDriver().next('producer.send', expired, new DriverRequestTimeout('producer.send', 30_000), new DriverExited('producer.send', 'exited (code 1)')),
    );
    expect(await sender.send(record)).toEqual({ ok: false, type: 'info', error: 'REQUEST_TIMED_OUT', requests: 3 });
    expect(await sender.send(record)).toEqual({ ok: false, type: 'info', error: 'timeout: no answer within 30000 ms' });
    expect(await sender.send(record)).toEqual({ ok: false, type: 'info', error: 'driver exited (code 1)' });
  });
});

describe('JavaPartitionReader', () => {
  const open = (driver: FakeDriver) => JavaPartitionReader.open(driver, {}, 't', 3, 2000, call);

  it('end offsets by partition, from the consumer', async () => {
    const reader = await open(
      new FakeDriver().always('consumer.endOffsets', {
        offsets: [
          { topic: 't', partition: 2, offset: 9 },
          { topic: 't', partition: 0, offset: 4 },
        ],
      }),
    );
    expect(await reader.endOffsets()).toEqual([4, 0, 9]);
  });

  it('a failed end-offset lookup rejects with the history label', async () => {
    const reader = await open(
      new FakeDriver().always('consumer.endOffsets', javaError('consumer.endOffsets', { kafkaError: 'OFFSET_NOT_AVAILABLE', outcome: 'fail' })),
    );
    await expect(reader.endOffsets()).rejects.toThrow(/^OFFSET_NOT_AVAILABLE$/);
  });

  it('reads [0, end) with offsets, over several polls and a failed one, seeking again after the failure', async () => {
    const driver = new FakeDriver()
      .always('consumer.assign', { partitions: [] })
      .always('consumer.seek', {})
      .next(
        'consumer.poll',
        poll(
          [
            [1, 0, 'a'],
            [1, 1, 'b'],
          ],
          [[1, 2]],
        ),
        javaError('consumer.poll', { outcome: 'fail', message: 'boom' }),
        poll(
          [
            [1, 2, 'c'],
            [1, 3, 'beyond'],
          ],
          [[1, 4]],
        ),
      );
    const reader = await open(driver);
    const read = await reader.readPartition(1, 3, Date.now() + 10_000);
    expect(read).toEqual({
      partition: 1,
      endOffset: 3,
      records: [
        { offset: 0, value: 'a' },
        { offset: 1, value: 'b' },
        { offset: 2, value: 'c' },
      ],
    });
    expect(driver.requestsOf('consumer.seek').map((a) => a.offset)).toEqual([0, 2]);
  }, 10_000);

  it('gives up at the deadline, saying where it stopped', async () => {
    const driver = new FakeDriver()
      .always('consumer.assign', { partitions: [] })
      .always('consumer.seek', {})
      .always('consumer.poll', poll([], [[0, 0]]));
    await expect((await open(driver)).readPartition(0, 5, Date.now() + 50)).rejects.toThrow(/read stopped at offset 0 of 5 at the deadline/);
  });
});

describe('JavaCommittedReader', () => {
  const admin = async (driver: FakeDriver) => JavaAdmin.open(driver, {}, call);

  it('returns records per partition since the last read, positions past what the client skipped, and ends when asked', async () => {
    const driver = new FakeDriver()
      .always('consumer.assign', { partitions: [] })
      .always('consumer.seek', {})
      .next(
        'consumer.poll',
        poll(
          [
            [0, 0, '10'],
            [1, 3, '11'],
          ],
          [
            [0, 1],
            [1, 6],
          ],
        ),
      )
      .next(
        'admin.listOffsets',
        {
          offsets: [
            { topic: 't', partition: 0, offset: 1 },
            { topic: 't', partition: 1, offset: 6 },
          ],
        },
        {
          offsets: [
            { topic: 't', partition: 0, offset: 1 },
            { topic: 't', partition: 1, offset: 8 },
          ],
        },
      );
    const reader = await JavaCommittedReader.open(driver, {}, () => admin(driver), 't', 2, call);
    const round = await reader.read(undefined, { withEnds: true });
    expect(round.records).toEqual(
      new Map([
        [0, [{ offset: 0, value: '10' }]],
        [1, [{ offset: 3, value: '11' }]],
      ]),
    );
    expect([reader.position(0), reader.position(1)]).toEqual([1, 6]);
    expect(round.ends).toEqual(
      new Map([
        [0, { lastStable: 1, highWatermark: 1 }],
        [1, { lastStable: 6, highWatermark: 8 }],
      ]),
    );
    expect(driver.requestsOf('admin.listOffsets').map((a) => a.isolation)).toEqual(['read_committed', 'read_uncommitted']);
  });

  it('a failed poll marks every partition asked for as failed, and the next read seeks back to the positions', async () => {
    const driver = new FakeDriver()
      .always('consumer.assign', { partitions: [] })
      .always('consumer.seek', {})
      .next('consumer.poll', poll([[0, 0, '1']], [[0, 1]]), javaError('consumer.poll', { outcome: 'fail', message: 'gone' }), poll([], [[0, 1]]));
    const reader = await JavaCommittedReader.open(driver, {}, () => admin(driver), 't', 1, call);
    await reader.read();
    const failed = await reader.read();
    expect(failed.failed).toEqual(new Map([[0, 'KafkaException: gone']]));
    await reader.read();
    expect(driver.requestsOf('consumer.seek').map((a) => a.offset)).toEqual([0, 1]);
  });
});

describe('JavaQueueConsumer', () => {
  const open = (driver: FakeDriver) => JavaQueueConsumer.open(driver, {}, { topic: 't', groupId: 'g', isolation: 'read_uncommitted' }, call);
  const base = () =>
    new FakeDriver()
      .always('consumer.assign', { partitions: [] })
      .always('consumer.seek', {})
      .always('consumer.unsubscribe', {})
      .always('consumer.subscribe', {})
      .always('consumer.commitSync', {});

  it("polls group records by partition and follows the client's positions", async () => {
    const driver = base().next(
      'consumer.poll',
      poll(
        [
          [0, 4, '1'],
          [0, 5, '2'],
          [3, 0, '9'],
        ],
        [
          [0, 6],
          [3, 1],
        ],
      ),
    );
    const consumer = await open(driver);
    expect(await consumer.assign([3, 0])).toEqual([0, 3]);
    expect(await consumer.poll()).toEqual(
      new Map([
        [
          0,
          [
            { offset: 4, value: '1' },
            { offset: 5, value: '2' },
          ],
        ],
        [3, [{ offset: 0, value: '9' }]],
      ]),
    );
    expect(consumer.snapshot()).toEqual(
      new Map([
        [0, 6],
        [3, 1],
      ]),
    );
  });

  it('taking a partition back by assign resumes at its own position; fromBeginning at 0', async () => {
    const driver = base().next(
      'consumer.poll',
      poll(
        [[0, 0, '1']],
        [
          [0, 1],
          [1, 7],
        ],
      ),
    );
    const consumer = await open(driver);
    await consumer.assign([0, 1]);
    await consumer.poll();
    await consumer.assign([1]);
    await consumer.assign([0, 1]);
    expect(driver.requestsOf('consumer.seek').map((a) => [a.partition, a.offset])).toEqual([
      [1, 7],
      [0, 1],
      [1, 7],
    ]);
    await consumer.assign([0], { fromBeginning: true });
    expect(driver.requestsOf('consumer.seek').at(-1)).toMatchObject({ partition: 0, offset: 0 });
  });

  it('subscribe drops the manual assignment first (the Java client requires it); background commits only in a group', async () => {
    const driver = base().next('consumer.poll', poll([], [[2, 5]]));
    const consumer = await open(driver);
    await consumer.assign([0]);
    consumer.commitInBackground();
    expect(driver.requestsOf('consumer.commitSync')).toHaveLength(0);
    expect(await consumer.subscribe()).toEqual([]);
    await consumer.poll();
    expect(consumer.held()).toEqual([2]);
    consumer.commitInBackground();
    expect(driver.sequence()).toEqual(['consumer.assign', 'consumer.unsubscribe', 'consumer.subscribe', 'consumer.poll', 'consumer.commitSync']);
    expect(driver.requestsOf('consumer.commitSync')[0]).toMatchObject({ offsets: [{ topic: 't', partition: 2, offset: 5 }] });
  });

  it('restore seeks back before the next poll: to the snapshot, or to where a first read began', async () => {
    const driver = base().next(
      'consumer.poll',
      poll([[0, 0, 'a']], [[0, 1]]),
      poll(
        [
          [0, 1, 'b'],
          [1, 10, 'x'],
        ],
        [
          [0, 2],
          [1, 11],
        ],
      ),
      poll(
        [],
        [
          [0, 1],
          [1, 10],
        ],
      ),
    );
    const consumer = await open(driver);
    await consumer.assign([0, 1]);
    await consumer.poll();
    const before = consumer.snapshot();
    await consumer.poll(); // inside a transaction that then fails
    consumer.restore(before);
    await consumer.poll();
    expect(driver.requestsOf('consumer.seek').map((a) => [a.partition, a.offset])).toEqual([
      [0, 1],
      [1, 10],
    ]);
  });

  it("names the partitions the group's rebalances assigned during polls, of its topic only, once", async () => {
    const other = { ...poll([], [], 't'), assigned: [{ topic: 'u', partition: 0 }] };
    const driver = base().next('consumer.poll', poll([], [[2, 5]], 't', [2, 0]), other, poll([], [[2, 5]]));
    const consumer = await open(driver);
    await consumer.subscribe();
    await consumer.poll();
    await consumer.poll();
    expect(consumer.takeReassigned()).toEqual([0, 2]);
    await consumer.poll();
    expect(consumer.takeReassigned()).toEqual([]);
  });

  it('a crash closes at once; a clean close gives the client time to leave the group', async () => {
    const driver = base();
    await (await open(driver)).close(true);
    await (await open(driver)).close();
    expect(driver.requestsOf('close').map((a) => a.timeoutMs)).toEqual([0, 5000]);
  });
});

describe('JavaTransactionalProducer', () => {
  const txDriver = () =>
    new FakeDriver()
      .always('producer.initTransactions', { transactionV2: null })
      .always('producer.beginTransaction', {})
      .always('producer.commitTransaction', {})
      .always('producer.abortTransaction', {});
  const open = (driver: FakeDriver) => JavaTransactionalProducer.open(() => openTransactional(driver, transactionalConfig(settings, ctx, 'tx'), call), call);

  it("a committed transaction: its sends' offsets, and the Produce requests they took", async () => {
    const driver = txDriver().next('producer.send', sent(0, 3), sent(1, 8, 2, 1));
    const producer = await open(driver);
    const offsets: Array<number | undefined> = [];
    const result = await producer.transaction(async (txn) => {
      offsets.push(await txn.send({ topic: 't', partition: 0, value: 'a' }));
      offsets.push(await txn.send({ topic: 't', partition: 1, value: 'b' }));
    });
    expect(result).toEqual({ type: 'ok', requests: 3 });
    expect(offsets).toEqual([3, 8]);
    expect(driver.sequence()).toEqual([
      'producer.initTransactions',
      'producer.beginTransaction',
      'producer.send',
      'producer.send',
      'producer.commitTransaction',
    ]);
  });

  it('a body that failed and was aborted: fail, the same producer goes on', async () => {
    const driver = txDriver().next(
      'producer.send',
      javaError('producer.send', { kafkaError: 'NOT_ENOUGH_REPLICAS', outcome: 'info', detail: { rejectedBeforeQueue: false, retriesDuringSend: 0 } }),
    );
    const producer = await open(driver);
    const result = await producer.transaction(async (txn) => {
      await txn.send(record);
    });
    expect(result).toEqual({ type: 'fail', error: 'body: NOT_ENOUGH_REPLICAS; aborted', requests: 1 });
    await producer.transaction(async () => undefined);
    expect(driver.requestsOf('producer.open')).toHaveLength(1);
  });

  it('a commit that may have reached the coordinator, with an abort that failed: info, and a new producer next time', async () => {
    const driver = txDriver()
      .next(
        'producer.commitTransaction',
        javaError('producer.commitTransaction', {
          class: 'org.apache.kafka.common.errors.TimeoutException',
          outcome: 'info',
          message: 'Timeout expired after 5000ms while awaiting EndTxn(true)',
        }),
      )
      .next('producer.abortTransaction', javaError('producer.abortTransaction', { kafkaError: 'PRODUCER_FENCED', outcome: 'info' }));
    const producer = await open(driver);
    const result = await producer.transaction(async () => undefined);
    expect(result).toMatchObject({ type: 'info', error: expect.stringMatching(/^commit: .*abort failed: PRODUCER_FENCED/) });
    expect(await producer.transaction(async () => undefined)).toEqual({ type: 'ok', requests: 0 });
    expect(driver.requestsOf('producer.open')).toHaveLength(2);
    expect(driver.requestsOf('close')[0]).toMatchObject({ timeoutMs: 0 });
  });

  it('no producer to be had (fencing failed): the transaction certainly did not happen', async () => {
    const driver = txDriver()
      .next('producer.commitTransaction', javaError('producer.commitTransaction', { outcome: 'info' }))
      .next('producer.abortTransaction', javaError('producer.abortTransaction', { outcome: 'info' }))
      .next(
        'producer.initTransactions',
        { transactionV2: null },
        javaError('producer.initTransactions', { kafkaError: 'COORDINATOR_NOT_AVAILABLE', outcome: 'info' }),
      );
    const producer = await open(driver);
    await producer.transaction(async () => undefined);
    expect(await producer.transaction(async () => undefined)).toMatchObject({
      type: 'fail',
      error: expect.stringMatching(/^begin: no producer: /),
      requests: 0,
    });
  });
});

describe('JavaCopier', () => {
  const opts = { inputTopic: 'in', outputTopic: 'out', partition: 2, groupId: 'copiers', transactionalId: 'copier-2', maxRecords: 2 };
  const copierDriver = () =>
    new FakeDriver()
      .always('consumer.assign', { partitions: [] })
      .always('consumer.seek', {})
      .always('producer.initTransactions', { transactionV2: true })
      .always('producer.beginTransaction', {})
      .always('producer.sendOffsetsToTransaction', {})
      .always('producer.commitTransaction', {})
      .always('producer.abortTransaction', {});
  const open = (driver: FakeDriver) => JavaCopier.open(driver, {}, (): Promise<JavaProducer> => openTransactional(driver, {}, call), opts, call);
  const hooks = (seen: Array<Array<number | null>>) => ({ checkpoint: () => undefined, sent: (o: Array<number | null>) => seen.push(o) });

  it("resume fences (initTransactions) and starts at the group's committed offset", async () => {
    const driver = copierDriver().next('consumer.committed', { offsets: [{ topic: 'in', partition: 2, offset: 12, leaderEpoch: null, metadata: '' }] });
    const copier = await open(driver);
    expect(await copier.resume(Date.now() + 5000)).toBe(12);
    expect(driver.sequence()).toEqual(['consumer.assign', 'producer.initTransactions', 'consumer.committed']);
  });

  it('reads from the position (seeking only when the consumer stands elsewhere) and knows the end', async () => {
    const driver = copierDriver()
      .next(
        'consumer.poll',
        poll(
          [
            [2, 5, '50'],
            [2, 6, '51'],
          ],
          [[2, 7]],
          'in',
        ),
        poll([], [[2, 7]], 'in'),
      )
      .next('consumer.endOffsets', { offsets: [{ topic: 'in', partition: 2, offset: 7 }] });
    const copier = await open(driver);
    expect(await copier.read(5)).toEqual({
      records: [
        { offset: 5, value: '50' },
        { offset: 6, value: '51' },
      ],
      atEnd: false,
    });
    expect(await copier.read(7)).toEqual({ records: [], atEnd: true });
    expect(driver.requestsOf('consumer.seek').map((a) => a.offset)).toEqual([5]);
  });

  it('a copy: the records to the same output partition one by one, the input offset with the transaction, commit', async () => {
    const driver = copierDriver().next('producer.send', sent(2, 30), sent(2, 31));
    const copier = await open(driver);
    const seen: Array<Array<number | null>> = [];
    const result = await copier.copy(
      [
        { offset: 5, value: '50' },
        { offset: 6, value: '51' },
      ],
      7,
      hooks(seen),
    );
    expect(result).toEqual({ type: 'ok', requests: 2 });
    expect(seen).toEqual([[30, 31]]);
    expect(driver.requestsOf('producer.send').map((a) => [a.topic, a.partition, a.value])).toEqual([
      ['out', 2, '50'],
      ['out', 2, '51'],
    ]);
    expect(driver.requestsOf('producer.sendOffsetsToTransaction')[0]).toMatchObject({ offsets: [{ topic: 'in', partition: 2, offset: 7 }] });
  });

  it('a copy cancelled at a checkpoint is aborted: fail', async () => {
    const driver = copierDriver().next('producer.send', sent(2, 30));
    const copier = await open(driver);
    let step = 0;
    const result = await copier.copy([{ offset: 5, value: '50' }], 6, {
      checkpoint: () => {
        if (++step === 2) throw new Error('copy cancelled');
      },
      sent: () => undefined,
    });
    expect(result).toMatchObject({ type: 'fail', error: 'body: copy cancelled; aborted' });
    expect(driver.sequence()).toContain('producer.abortTransaction');
    expect(driver.sequence()).not.toContain('producer.commitTransaction');
  });

  it('closed while its producer is still opening (resume outlived its time bound): that producer is closed, not left open', async () => {
    let release: () => void = () => undefined;
    const driver = copierDriver().next('producer.initTransactions', () => new Promise((resolve) => (release = () => resolve({ transactionV2: true }))));
    const copier = await open(driver);
    const resumed = copier.resume(Date.now() + 5000);
    await new Promise((r) => setTimeout(r, 10));
    await copier.close();
    release();
    await expect(resumed).rejects.toThrow(/closed while it opened/);
    const closed = driver.requestsOf('close').map((a) => a.handle);
    expect(closed).toContain(driver.requestsOf('producer.initTransactions')[0]!.handle);
  });

  it('a crash leaves the transaction open: begin and send, then a close at once', async () => {
    const driver = copierDriver().next('producer.send', sent(2, 30));
    const copier = await open(driver);
    await copier.abandon([{ offset: 5, value: '50' }]);
    await copier.close();
    expect(driver.sequence()).toEqual(['consumer.assign', 'producer.initTransactions', 'producer.beginTransaction', 'producer.send']);
    expect(driver.requestsOf('close').map((a) => a.timeoutMs)).toEqual([0, 0]);
  });
});
