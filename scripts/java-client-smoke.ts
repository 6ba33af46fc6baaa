// Dev check of the Java client (`npm run dev:java-client-smoke [-- 4.4.0 3.9.1]`), not part of `npm test`: for each
// Kafka version, a single-node KRaft Kafka on 127.0.0.1 (scripts/local-kafka.ts) and the Java driver with that
// version's own kafka-clients. Checks admin, produce/consume with acks=all, the outcome of sends the client or the
// broker refuses, transactions (commit with consumer offsets, abort, fencing) and whether TV2 is in use; measures
// driver start-up (spawn to `ping` answered), its RSS and sends/s of 10 logical producers, paced at 200 ops/s and
// flat out (and of 50, paced). Prints a summary per version; exits 1 when a check failed.
import { readFileSync } from 'node:fs';
import { createProgress, type Progress } from '../core/progress.ts';
import { resolveDistribution } from '../systems/kafka/distribution.ts';
import {
  JavaAdmin,
  JavaClientError,
  JavaConsumer,
  JavaProducer,
  runJavaTransaction,
  startJavaClient,
  type ClientConfig,
  type ConsumedRecord,
  type JavaDriver,
  type SendResult,
} from '../systems/kafka/java-client/index.ts';
import { startLocalKafka } from './local-kafka.ts';

const progress = createProgress();
const failures: string[] = [];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function check(ok: boolean, what: string): void {
  progress.info(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

async function rejection(p: Promise<unknown>): Promise<JavaClientError | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (e instanceof JavaClientError) return e;
    throw e;
  }
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string): number => Number(/\d+/.exec(status.split('\n').find((l) => l.startsWith(key)) ?? '')?.[0] ?? NaN);
  return { rssMiB: Math.round(kib('VmRSS:') / 1024), peakMiB: Math.round(kib('VmHWM:') / 1024) };
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

interface Summary {
  version: string;
  startupMs: number[];
  idleMemory: { rssMiB: number; peakMiB: number };
  loadedMemory: { rssMiB: number; peakMiB: number };
  transactionVersion: number | null;
  clientTransactionV2: boolean | null;
  throughput: Array<{ label: string; okPerS: number; p50Ms: number; p99Ms: number; errors: number; retries: number }>;
}

async function waitForCluster(admin: JavaAdmin): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const cluster = await admin.describeCluster({ timeoutMs: 10_000 });
      if (cluster.nodes.length > 0 && cluster.controller !== null) return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await sleep(500);
  }
}

/** Polls until `count` records arrived or the deadline passed. */
async function pollUntil(consumer: JavaConsumer, count: number, timeoutMs = 30_000): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (records.length < count && Date.now() < deadline) records.push(...(await consumer.poll(500)).records);
  return records;
}

async function checkAdmin(admin: JavaAdmin): Promise<number | null> {
  const created = await admin.createTopics([
    { name: 'smoke', partitions: 6, replicationFactor: 1 },
    { name: 'smoke-small', partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '1000' } },
    { name: 'smoke-txn-in', partitions: 1, replicationFactor: 1 },
    { name: 'smoke-txn-out', partitions: 1, replicationFactor: 1 },
    { name: 'smoke-tput', partitions: 6, replicationFactor: 1 },
  ]);
  check(
    created.every((t) => !t.error),
    `createTopics: ${created.length} topics created`,
  );
  const again = await admin.createTopics([{ name: 'smoke', partitions: 6, replicationFactor: 1 }]);
  check(
    again[0]?.error?.kafkaError === 'TOPIC_ALREADY_EXISTS' && again[0].error.outcome === 'fail',
    'createTopics of an existing topic: TOPIC_ALREADY_EXISTS, fail',
  );
  const [topic] = await admin.describeTopics(['smoke'], true);
  check(
    topic?.partitions.length === 6 && topic.partitions.every((p) => p.leader === 1 && p.isr.join() === '1' && typeof p.leaderEpoch === 'number'),
    `describeTopics: 6 partitions led by node 1, leader epochs ${topic?.partitions.map((p) => p.leaderEpoch).join(',')}`,
  );
  const quorum = await admin.describeQuorum();
  check(
    quorum.leaderId === 1 && quorum.voters.length === 1,
    `describeQuorum: leader ${quorum.leaderId}, epoch ${quorum.leaderEpoch}, high watermark ${quorum.highWatermark}`,
  );
  const elected = await admin.electLeaders('preferred', [{ topic: 'smoke', partition: 0 }]);
  check(elected[0]?.error?.kafkaError === 'ELECTION_NOT_NEEDED', `electLeaders(preferred) on a single node: ${elected[0]?.error?.kafkaError}`);
  const features = await admin.describeFeatures();
  const tv = features.finalized['transaction.version']?.max ?? null;
  progress.info(
    `finalized features: ${Object.entries(features.finalized)
      .map(([k, v]) => `${k}=${v.max}`)
      .join(', ')}`,
  );
  return tv;
}

async function checkProduceConsume(driver: JavaDriver, bootstrap: string): Promise<void> {
  const producer = await JavaProducer.open(driver, { 'bootstrap.servers': bootstrap, acks: 'all', 'linger.ms': 0 });
  const sent: SendResult[] = [];
  for (let i = 0; i < 60; i++) sent.push(await producer.send({ topic: 'smoke', partition: i % 6, key: `k${i}`, value: `v${i}` }));
  check(
    sent.every((s) => s.offset === Math.floor(sent.indexOf(s) / 6) && s.attempts === 1),
    'acks=all sends: consecutive offsets per partition, one attempt each',
  );
  const consumer = await JavaConsumer.open(driver, { 'bootstrap.servers': bootstrap, 'group.id': 'smoke-readers', 'auto.offset.reset': 'earliest' });
  const partitions = Array.from({ length: 6 }, (_, partition) => ({ topic: 'smoke', partition }));
  await consumer.assign(partitions);
  const read = await pollUntil(consumer, 60);
  const byValue = new Map(read.map((r) => [r.value, r]));
  check(
    read.length === 60 && sent.every((s, i) => byValue.get(`v${i}`)?.offset === s.offset && byValue.get(`v${i}`)?.partition === s.partition),
    `consumer.poll: read back ${read.length} of 60 records at their offsets`,
  );
  const ends = await consumer.endOffsets(partitions);
  check(
    ends.every((e) => e.offset === 10),
    'consumer.endOffsets: 10 per partition',
  );
  await consumer.commitSync();
  const committed = await consumer.committed(partitions);
  check(
    committed.every((c) => c.offset === 10),
    'consumer.commitSync then committed: 10 per partition',
  );

  const subscriber = await JavaConsumer.open(driver, { 'bootstrap.servers': bootstrap, 'group.id': 'smoke-subscribers', 'auto.offset.reset': 'earliest' });
  await subscriber.subscribe(['smoke']);
  const viaGroup = await pollUntil(subscriber, 60);
  const group = await subscriber.groupMetadata();
  check(
    viaGroup.length === 60 && group.generationId > 0,
    `consumer.subscribe: the group gave ${(await subscriber.assignment()).length} partitions (generation ${group.generationId}), read ${viaGroup.length}`,
  );
  await Promise.all([producer.close(), consumer.close(), subscriber.close()]);
}

async function checkRefusedSends(driver: JavaDriver, bootstrap: string): Promise<void> {
  const producer = await JavaProducer.open(driver, { 'bootstrap.servers': bootstrap, acks: 'all', 'max.block.ms': 1500 });
  const missing = await rejection(producer.send({ topic: 'smoke', partition: 99, value: 'x' }));
  check(
    missing?.info.outcome === 'fail' && missing.info.detail?.rejectedBeforeQueue === true,
    `send to a partition not in the metadata: ${missing?.info.message} → ${missing?.info.outcome}`,
  );
  const tooBigForClient = await rejection(producer.send({ topic: 'smoke', partition: 0, value: 'x'.repeat(2 * 1024 * 1024) }));
  check(
    tooBigForClient?.info.kafkaError === 'MESSAGE_TOO_LARGE' &&
      tooBigForClient.info.outcome === 'fail' &&
      tooBigForClient.info.detail?.rejectedBeforeQueue === true,
    'send over max.request.size: refused by the client → fail',
  );
  const tooBigForTopic = await rejection(producer.send({ topic: 'smoke-small', partition: 0, value: 'x'.repeat(2000) }));
  check(
    tooBigForTopic?.info.kafkaError === 'MESSAGE_TOO_LARGE' &&
      tooBigForTopic.info.outcome === 'fail' &&
      tooBigForTopic.info.detail?.rejectedBeforeQueue === false,
    "send over the topic's max.message.bytes: refused by the broker before the append → fail",
  );
  await producer.close();
}

/** Copies smoke-txn-in to smoke-txn-out in a transaction with the consumer's offsets; then an aborted one; then fencing. */
async function checkTransactions(driver: JavaDriver, bootstrap: string, admin: JavaAdmin): Promise<boolean | null> {
  const seed = await JavaProducer.open(driver, { 'bootstrap.servers': bootstrap, acks: 'all' });
  for (let i = 0; i < 10; i++) await seed.send({ topic: 'smoke-txn-in', partition: 0, value: `in${i}` });
  const input = { topic: 'smoke-txn-in', partition: 0 };
  const copier = await JavaConsumer.open(driver, {
    'bootstrap.servers': bootstrap,
    'group.id': 'smoke-copier',
    'isolation.level': 'read_committed',
    'auto.offset.reset': 'earliest',
  });
  await copier.assign([input]);
  const txConfig: ClientConfig = {
    'bootstrap.servers': bootstrap,
    'transactional.id': 'smoke-copier-0',
    'transaction.timeout.ms': 10_000,
    'max.block.ms': 10_000,
  };
  const producer = await JavaProducer.open(driver, txConfig);
  const { transactionV2 } = await producer.initTransactions();
  const records = await pollUntil(copier, 10);
  const committed = await runJavaTransaction(producer, async () => {
    for (const r of records) await producer.send({ topic: 'smoke-txn-out', partition: 0, value: r.value });
    await producer.sendOffsetsToTransaction([{ ...input, offset: records.at(-1)!.offset + 1 }], copier);
  });
  check(committed.type === 'ok', `transaction with 10 sends and the consumer's offsets: ${committed.type}`);
  const aborted = await runJavaTransaction(producer, async () => {
    for (let i = 0; i < 3; i++) await producer.send({ topic: 'smoke-txn-out', partition: 0, value: `aborted${i}` });
    throw new Error('abort on purpose');
  });
  check(
    aborted.type === 'fail' && aborted.producerUsable,
    `a transaction whose body failed, then aborted: ${aborted.type} (${aborted.type !== 'ok' ? aborted.error : ''})`,
  );

  const output = [{ topic: 'smoke-txn-out', partition: 0 }];
  const readCommitted = await JavaConsumer.open(driver, {
    'bootstrap.servers': bootstrap,
    'isolation.level': 'read_committed',
    'auto.offset.reset': 'earliest',
  });
  await readCommitted.assign(output);
  const visible = await pollUntil(readCommitted, 10, 10_000);
  await readCommitted.poll(500).then((more) => visible.push(...more.records));
  check(visible.length === 10 && visible.every((r, i) => r.value === `in${i}`), `read_committed sees the 10 committed records only (${visible.length})`);
  const readUncommitted = await JavaConsumer.open(driver, { 'bootstrap.servers': bootstrap, 'auto.offset.reset': 'earliest' });
  await readUncommitted.assign(output);
  const all = await pollUntil(readUncommitted, 13, 10_000);
  check(all.length === 13, `read_uncommitted sees the aborted records too (${all.length})`);
  const stable = await admin.listConsumerGroupOffsets('smoke-copier', [input], true);
  check(stable[0]?.offset === 10, `the group's offset committed with the transaction: ${stable[0]?.offset}`);

  // A second producer with the same transactional id fences the first: its next transaction cannot commit.
  const successor = await JavaProducer.open(driver, txConfig);
  await successor.initTransactions();
  const fenced = await runJavaTransaction(producer, async () => {
    await producer.send({ topic: 'smoke-txn-out', partition: 0, value: 'zombie' });
  });
  check(fenced.type !== 'ok' && !fenced.producerUsable, `a fenced producer's transaction: ${fenced.type} (${fenced.type !== 'ok' ? fenced.error : ''})`);
  await Promise.all([seed, copier, producer, readCommitted, readUncommitted, successor].map((c) => c.close(0)));
  return transactionV2;
}

/** `processes` logical producers sending one record at a time each, for `seconds`, paced to `rate` ops/s in all or flat out. */
async function throughput(
  driver: JavaDriver,
  bootstrap: string,
  label: string,
  config: ClientConfig,
  opts: { processes: number; seconds: number; rate?: number },
): Promise<Summary['throughput'][number]> {
  const producers = await Promise.all(
    Array.from({ length: opts.processes }, () => JavaProducer.open(driver, { 'bootstrap.servers': bootstrap, acks: 'all', ...config })),
  );
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  const intervalMs = opts.rate ? (1000 * opts.processes) / opts.rate : 0;
  await Promise.all(
    producers.map(async (producer, p) => {
      for (let k = 0; ; k++) {
        const due = start + (p * intervalMs) / opts.processes + k * intervalMs;
        if (due >= end || performance.now() >= end) break;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const t0 = performance.now();
        try {
          await producer.send({ topic: 'smoke-tput', partition: (p + k) % 6, value: `${p}-${k}` });
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsedS = (performance.now() - start) / 1000;
  const retries = (await Promise.all(producers.map((pr) => pr.metrics(['record-retry-total'])))).reduce((sum, m) => sum + (m['record-retry-total'] ?? 0), 0);
  await Promise.all(producers.map((pr) => pr.close()));
  latencies.sort((a, b) => a - b);
  const row = {
    label,
    okPerS: Math.round(latencies.length / elapsedS),
    p50Ms: +quantile(latencies, 0.5).toFixed(1),
    p99Ms: +quantile(latencies, 0.99).toFixed(1),
    errors,
    retries,
  };
  progress.info(`throughput ${label}: ${row.okPerS} ok/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${errors} errors, ${retries} retries`);
  return row;
}

async function smoke(version: string, progress: Progress): Promise<Summary> {
  const distribution = await resolveDistribution({ kind: 'maven', version }, progress);
  const kafka = await startLocalKafka(distribution.home!, progress);
  const drivers: JavaDriver[] = [];
  try {
    // Start-up: the first start (cold page cache for this version's jars), then four more.
    const startupMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const d = await startJavaClient(distribution, progress);
      startupMs.push(Math.round(d.startupMs));
      if (i < 4) await d.close();
      else drivers.push(d);
    }
    const driver = drivers[0]!;
    check(driver.kafkaClientsVersion === version, `the driver runs kafka-clients ${driver.kafkaClientsVersion}`);
    const idleMemory = memoryOf(driver.pid);
    const admin = await JavaAdmin.open(driver, { 'bootstrap.servers': kafka.bootstrap });
    await waitForCluster(admin);
    const transactionVersion = await checkAdmin(admin);
    await checkProduceConsume(driver, kafka.bootstrap);
    await checkRefusedSends(driver, kafka.bootstrap);
    const clientTransactionV2 = await checkTransactions(driver, kafka.bootstrap, admin);
    const expectTv2 = version.startsWith('4.');
    check(
      expectTv2 ? transactionVersion === 2 && clientTransactionV2 === true : clientTransactionV2 !== true,
      `transactions: cluster transaction.version=${transactionVersion}, client TV2 ${clientTransactionV2}`,
    );
    // JIT warm-up of both sides, not reported: the first seconds of load run interpreted code.
    await throughput(driver, kafka.bootstrap, 'warm-up', { 'linger.ms': 0 }, { processes: 10, seconds: 5 });
    const rows = [
      await throughput(driver, kafka.bootstrap, '10 producers, paced 200 ops/s, linger.ms=0', { 'linger.ms': 0 }, { processes: 10, seconds: 10, rate: 200 }),
      await throughput(driver, kafka.bootstrap, '10 producers, flat out, linger.ms=0', { 'linger.ms': 0 }, { processes: 10, seconds: 10 }),
      await throughput(driver, kafka.bootstrap, '10 producers, flat out, client default linger.ms', {}, { processes: 10, seconds: 10 }),
      await throughput(driver, kafka.bootstrap, '50 producers, paced 200 ops/s, linger.ms=0', { 'linger.ms': 0 }, { processes: 50, seconds: 10, rate: 200 }),
    ];
    check(
      rows.every((r) => r.errors === 0 && r.retries === 0),
      'throughput runs: no errors, no retries',
    );
    const loadedMemory = memoryOf(driver.pid);
    const stats = await driver.stats();
    progress.info(
      `driver: RSS ${loadedMemory.rssMiB} MiB (peak ${loadedMemory.peakMiB} MiB), heap used ${Math.round(stats.heapUsedBytes / 2 ** 20)} MiB, ${stats.threads} threads, ${stats.handles} handles open`,
    );
    await admin.close();
    return { version, startupMs, idleMemory, loadedMemory, transactionVersion, clientTransactionV2, throughput: rows };
  } catch (e) {
    progress.warn(`Kafka log tail:\n${kafka.logTail()}`);
    throw e;
  } finally {
    for (const d of drivers) await d.close();
    await kafka.stop();
  }
}

function printSummary(s: Summary): void {
  const sorted = [...s.startupMs].sort((a, b) => a - b);
  console.log(`\n## Kafka ${s.version}`);
  console.log(`- driver start-up (spawn → ping answered): first ${s.startupMs[0]} ms, median of 5 ${quantile(sorted, 0.5)} ms, min ${sorted[0]} ms`);
  console.log(
    `- driver RSS: ${s.idleMemory.rssMiB} MiB idle after start, ${s.loadedMemory.rssMiB} MiB after the checks and load (peak ${s.loadedMemory.peakMiB} MiB)`,
  );
  console.log(`- transactions: cluster transaction.version=${s.transactionVersion ?? 'not finalized'}, client TV2 ${s.clientTransactionV2}`);
  console.log('\n| load | ok sends/s | p50 ms | p99 ms | errors | retries |\n| --- | --- | --- | --- | --- | --- |');
  for (const r of s.throughput) console.log(`| ${r.label} | ${r.okPerS} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.retries} |`);
}

const versions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['4.4.0', '3.9.1'];
const summaries: Summary[] = [];
for (const version of versions) {
  progress.info(`=== Kafka ${version}`);
  summaries.push(await smoke(version, progress));
}
summaries.forEach(printSummary);
if (failures.length > 0) {
  console.log(`\n${failures.length} check(s) failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
