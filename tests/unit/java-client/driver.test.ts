// The real driver jar in a real JVM with the default distribution's kafka-clients, and no broker: the only Kafka
// "broker" is a loopback socket that accepts connections and never answers, so requests to it wait for their
// client-side timeouts. The jar is built on first use (and then cached), like in a run.
import { spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../../core/progress.ts';
import { resolveDistribution } from '../../../systems/kafka/distribution.ts';
import { DEFAULT_KAFKA_VERSION } from '../../../systems/kafka/versions.ts';
import { JavaProducer } from '../../../systems/kafka/java-client/clients.ts';
import { ensureDriverJar } from '../../../systems/kafka/java-client/driver-jar.ts';
import { driverCommand, startJavaDriver, type JavaDriver } from '../../../systems/kafka/java-client/driver.ts';
import { DriverExited, DriverRequestTimeout, JavaClientError } from '../../../systems/kafka/java-client/errors.ts';
import { findOnPath } from '../../../systems/kafka/java-client/host-tools.ts';

let kafkaHome: string;
let driver: JavaDriver;
let silentBroker: Server;
const accepted: Socket[] = [];
let bootstrap: string;

beforeAll(async () => {
  const distribution = await resolveDistribution({ kind: 'maven', version: DEFAULT_KAFKA_VERSION }, silentProgress);
  kafkaHome = distribution.home!;
  driver = await startJavaDriver({ kafkaHome, progress: silentProgress });
  silentBroker = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => silentBroker.listen(0, '127.0.0.1', resolve));
  const address = silentBroker.address();
  bootstrap = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 300_000);

afterAll(async () => {
  await driver?.close();
  for (const s of accepted) s.destroy();
  await new Promise((resolve) => silentBroker?.close(resolve));
});

/** The error a request was rejected with (fails the test when it succeeded). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the request to fail');
}

describe('the Java driver', () => {
  it("answers ping with the distribution's kafka-clients version", async () => {
    expect(driver.startupMs).toBeGreaterThan(0);
    expect(driver.kafkaClientsVersion).toBe(DEFAULT_KAFKA_VERSION);
    const ping = await driver.request<{ protocol: number; pid: number }>('ping');
    expect(ping).toMatchObject({ protocol: 1, pid: driver.pid });
    const stats = await driver.stats();
    expect(stats.rssBytes).toBeGreaterThan(10_000_000);
    expect(stats.handles).toBe(0);
  });

  it("reports the host's interface addresses; started in another network namespace, that namespace's", async () => {
    // Docker bridges come and go with the clusters of other tests: compare the machine's own interfaces only.
    const hostAddresses = Object.entries(networkInterfaces())
      .filter(([name]) => !/^(br-|docker|veth)/.test(name))
      .flatMap(([, list]) => list ?? [])
      .filter((a) => a.family === 'IPv4' && !a.internal)
      .map((a) => a.address);
    expect(hostAddresses.length).toBeGreaterThan(0);
    expect(driver.addresses).toEqual(expect.arrayContaining(hostAddresses));
    // A namespace of its own with only a loopback interface (down): the driver entered into it sees no address.
    const holder = spawn('unshare', ['--net', 'sleep', '120'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const inside = await startJavaDriver({ kafkaHome, progress: silentProgress, netnsPid: holder.pid! });
      try {
        expect(inside.addresses).toEqual([]);
        expect(readlinkSync(`/proc/${inside.pid}/ns/net`)).toBe(readlinkSync(`/proc/${holder.pid}/ns/net`));
        expect(readlinkSync(`/proc/${inside.pid}/ns/net`)).not.toBe(readlinkSync(`/proc/self/ns/net`));
      } finally {
        await inside.close();
      }
    } finally {
      holder.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses a bad request with a structured fail error', async () => {
    const unknownOp = await rejection(driver.request('producer.sned'));
    expect(unknownOp).toBeInstanceOf(JavaClientError);
    expect((unknownOp as JavaClientError).info).toEqual({
      class: 'faultline.driver.protocol.BadRequest',
      message: 'unknown op producer.sned',
      causeChain: [],
      outcome: 'fail',
    });
    const badArgs = (await rejection(driver.request('producer.open', { config: { acks: ['all'] } }))) as JavaClientError;
    expect(badArgs.info).toMatchObject({
      class: 'faultline.driver.protocol.BadRequest',
      message: 'args.config.acks: expected a string, number or boolean',
      outcome: 'fail',
    });
  });

  it('refuses an unknown handle, and a handle of the wrong kind', async () => {
    const unknown = (await rejection(driver.request('producer.send', { handle: 'producer-999', topic: 't', value: 'v' }))) as JavaClientError;
    expect(unknown.info).toMatchObject({ class: 'faultline.driver.protocol.UnknownHandle', message: 'no open handle producer-999', outcome: 'fail' });
    const admin = await driver.request<{ handle: string }>('admin.open', { config: { 'bootstrap.servers': bootstrap } });
    const wrongKind = (await rejection(driver.request('consumer.poll', { handle: admin.handle, timeoutMs: 1 }))) as JavaClientError;
    expect(wrongKind.info.message).toBe(`handle ${admin.handle} is a admin, not a consumer`);
    await driver.request('close', { handle: admin.handle, timeoutMs: 0 });
    const closed = (await rejection(driver.request('admin.describeCluster', { handle: admin.handle }))) as JavaClientError;
    expect(closed.info.class).toBe('faultline.driver.protocol.UnknownHandle');
  });

  it('serves concurrent requests, answering each when it completes', async () => {
    // Two producers whose sends wait for metadata that never comes, for max.block.ms: 2500 and 600 ms.
    const slow = await JavaProducer.open(driver, { 'bootstrap.servers': bootstrap, 'max.block.ms': 2500 });
    const fast = await JavaProducer.open(driver, { 'bootstrap.servers': bootstrap, 'max.block.ms': 600 });
    const order: string[] = [];
    const track = <T>(name: string, p: Promise<T>): Promise<T> =>
      p.then(
        (v) => (order.push(name), v),
        (e: unknown) => {
          order.push(name);
          throw e;
        },
      );
    const slowSend = track('slow', slow.send({ topic: 'faultline-test', partition: 0, value: 'a' }));
    const fastSend = track('fast', fast.send({ topic: 'faultline-test', partition: 0, value: 'b' }));
    const pings = Array.from({ length: 50 }, (_, i) => track(`ping${i}`, driver.request('ping')));
    const [slowError, fastError] = await Promise.all([rejection(slowSend), rejection(fastSend), ...pings]);
    expect(order.slice(-2)).toEqual(['fast', 'slow']);
    expect(order.slice(0, 50).every((n) => n.startsWith('ping'))).toBe(true);
    // A send that timed out waiting for metadata never reached the producer's queue: it certainly did not happen.
    for (const e of [slowError, fastError] as JavaClientError[]) {
      expect(e.info).toMatchObject({
        class: 'org.apache.kafka.common.errors.TimeoutException',
        kafkaError: 'REQUEST_TIMED_OUT',
        outcome: 'fail',
        detail: { rejectedBeforeQueue: true, retriesDuringSend: 0 },
      });
    }
    expect(slow.info).toMatchObject({ transactional: false, idempotent: false, retries: 0, acks: 'all' });
    expect(await slow.metrics()).toMatchObject({ 'record-retry-total': 0 });
    await Promise.all([slow.close(0), fast.close(0)]);
  });

  it('a request not answered in time is info, and its late answer is dropped', async () => {
    const producer = await JavaProducer.open(driver, { 'bootstrap.servers': bootstrap, 'max.block.ms': 800 });
    const e = await rejection(producer.send({ topic: 'faultline-test', value: 'late' }, { timeoutMs: 100 }));
    expect(e).toBeInstanceOf(DriverRequestTimeout);
    expect((e as DriverRequestTimeout).outcome).toBe('info');
    const late = driver.lateAnswers;
    await new Promise((r) => setTimeout(r, 1200));
    expect(driver.lateAnswers).toBe(late + 1);
    expect(driver.unmatched).toEqual([]);
    await producer.close(0);
  });
});

describe('the driver process', () => {
  it('exits 0 at EOF on stdin, closing its clients, and fails what was left unanswered', async () => {
    const own = await startJavaDriver({ kafkaHome, progress: silentProgress });
    await JavaProducer.open(own, { 'bootstrap.servers': bootstrap });
    const started = Date.now();
    expect(await own.close()).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(await rejection(own.request('ping'))).toBeInstanceOf(DriverExited);
  });

  it('rejects pending requests when the JVM dies', async () => {
    const own = await startJavaDriver({ kafkaHome, progress: silentProgress });
    const producer = await JavaProducer.open(own, { 'bootstrap.servers': bootstrap, 'max.block.ms': 60_000 });
    const pending = producer.send({ topic: 'faultline-test', value: 'x' });
    process.kill(own.pid, 'SIGKILL');
    const e = (await rejection(pending)) as DriverExited;
    expect(e).toBeInstanceOf(DriverExited);
    expect(e.label()).toBe('driver exited (signal SIGKILL)');
    expect(await own.close()).toBeNull();
  });

  it('speaks the raw protocol: an unreadable line gets an error with id null, and stdout carries only responses', async () => {
    const jar = await ensureDriverJar(silentProgress);
    const { command, args } = driverCommand(findOnPath('java')!, jar, kafkaHome, { logLevel: 'DEBUG' });
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => lines.push(l));
    child.stdin.write(
      'this is not json\n{"id":"a","op":"ping"}\n\n{"id":7,"op":"producer.open","args":{"config":{"bootstrap.servers":"' + bootstrap + '"}}}\n',
    );
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const responses = lines.map((l) => JSON.parse(l) as { id: unknown; ok: boolean; error?: { class: string; outcome: string } });
    expect(responses).toHaveLength(3);
    expect(responses[0]).toMatchObject({ id: null, ok: false, error: { class: 'faultline.driver.protocol.BadRequest', outcome: 'fail' } });
    expect(responses.find((r) => r.id === 'a')?.ok).toBe(true);
    // The producer.open answered even though stdin ended right after it (DEBUG logging went to stderr only).
    expect(responses.find((r) => r.id === 7)?.ok).toBe(true);
  });
});
