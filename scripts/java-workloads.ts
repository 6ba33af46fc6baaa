// Dev check of the client adapters (`npm run dev:java-workloads [-- 4.4.0 3.9.1]`), not part of `npm test`: for each
// Kafka version and each client (platformatic, java), against a fresh single-node KRaft Kafka on 127.0.0.1
// (scripts/local-kafka.ts) per run:
// - the write mapping on a real broker: an acknowledged send (one request), a record over the topic's
//   max.message.bytes (fail, one request), a send to a partition the topic does not have (Java: fail, no request;
//   @platformatic/kafka writes it to another partition: info);
// - every workload through its own clients and the harness's main phase and final phase (scripts/local-run.ts):
//   lost-writes, log, queue, queue --txn, eos — without faults each must come out valid, with its ops of every kind;
//   then again with the broker SIGKILLed and restarted twice during a 20 s main phase (a stand-in for the kill
//   nemesis: the clients' error paths), where each must still be decided with no anomaly beyond allowed cycles;
// - throughput of 10 logical lost-writes producers through the workload's own client path, paced at 200 ops/s and
//   flat out (measured after a 5 s warm-up inside the run), with latency quantiles;
// - the Java driver's start-up (spawn → ping answered) over all runs and its memory (RSS at the end, peak).
// Prints a summary per version and writes it as JSON; exits 1 when a check failed. While iterating, narrow it down
// with DEV_CLIENTS=java, DEV_WORKLOADS=eos,log (labels as below; "none" skips them), DEV_KILLS=0 and DEV_THROUGHPUT=0.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Op } from '../core/history/op.ts';
import { createProgress, silentProgress } from '../core/progress.ts';
import type { KafkaClientName, TestSpec } from '../core/spec.ts';
import { resolveDistribution } from '../systems/kafka/distribution.ts';
import { openKafkaClients } from '../systems/kafka/clients/index.ts';
import { startLocalKafka, type LocalKafka } from './local-kafka.ts';
import { localSpec, runLocally, type LocalKills, type LocalRun } from './local-run.ts';

const progress = createProgress();
const failures: string[] = [];
const listFromEnv = (name: string): string[] | undefined => process.env[name]?.split(',').map((s) => s.trim());
const CLIENTS = (listFromEnv('DEV_CLIENTS') ?? ['platformatic', 'java']) as KafkaClientName[];
const MiB = 2 ** 20;

function check(ok: boolean, what: string): void {
  progress.info(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const median = (xs: number[]): number =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/** A fresh broker for `run`, stopped afterwards whatever happens. */
async function withKafka<T>(home: string, run: (kafka: LocalKafka) => Promise<T>): Promise<T> {
  const kafka = await startLocalKafka(home, silentProgress);
  try {
    return await run(kafka);
  } catch (e) {
    progress.warn(`Kafka log tail:\n${kafka.logTail()}`);
    throw e;
  } finally {
    await kafka.stop();
  }
}

/** Completions by op and outcome, e.g. {"send ok": 1580, "poll ok": 790}. */
function completions(ops: Op[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of ops) if (o.type !== 'invoke' && o.process !== 'nemesis') out[`${o.f} ${o.type}`] = (out[`${o.f} ${o.type}`] ?? 0) + 1;
  return out;
}

/** The write mapping on a real broker, through the client-neutral sender. */
async function checkWriteMapping(client: KafkaClientName, version: string, home: string): Promise<void> {
  await withKafka(home, async (kafka) => {
    const clients = await openKafkaClients({
      client,
      bootstrap: [kafka.bootstrap],
      opTimeoutMs: 10_000,
      source: { kind: 'maven', version },
      progress: silentProgress,
    });
    try {
      await clients.createTopic({ name: 'dev-map', partitions: 2, replicationFactor: 1 });
      await clients.createTopic({ name: 'dev-small', partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '1000' } });
      const sender = await clients.recordSender({ process: 0, clientId: 'dev-map' }, { acks: -1, idempotent: false, retries: 0 });
      const ok = await sender.send({ topic: 'dev-map', partition: 1, value: 'x' });
      check(ok.ok && ok.offset === 0 && ok.requests === 1, `${client}: an acknowledged send: offset 0, one Produce request (${JSON.stringify(ok)})`);
      const tooBig = await sender.send({ topic: 'dev-small', partition: 0, value: 'x'.repeat(2000) });
      check(
        !tooBig.ok && tooBig.type === 'fail' && tooBig.requests === 1 && /MESSAGE_TOO_LARGE/.test(tooBig.error),
        `${client}: over the topic's max.message.bytes: fail, one request (${JSON.stringify(tooBig)})`,
      );
      // The Java client refuses it before anything is sent; @platformatic/kafka writes it to partition 7 mod 2 = 1.
      const missing = await sender.send({ topic: 'dev-map', partition: 7, value: 'x' });
      const expected = client === 'java' ? 'fail, no request' : 'info: written to another partition';
      const asExpected =
        !missing.ok &&
        (client === 'java'
          ? missing.type === 'fail' && missing.requests === 0 && /no request sent/.test(missing.error)
          : missing.type === 'info' && /dev-map\/1/.test(missing.error));
      check(asExpected, `${client}: to a partition the topic does not have: ${expected} (${JSON.stringify(missing)})`);
      await sender.close();
    } finally {
      await clients.close();
    }
  });
}

interface WorkloadCase {
  label: string;
  spec: Partial<TestSpec> & Pick<TestSpec, 'workload'>;
  /** Completions the run must have, at least one each. */
  expect: string[];
  /** The same under kills: the workload's writes and its final read (a rebalance op may well fail throughout). */
  expectUnderKills: string[];
}

const WORKLOADS: WorkloadCase[] = [
  { label: 'lost-writes', spec: { workload: 'lost-writes' }, expect: ['send ok', 'read ok'], expectUnderKills: ['send ok', 'read ok'] },
  { label: 'log', spec: { workload: 'log', rate: 40 }, expect: ['append ok', 'read ok'], expectUnderKills: ['append ok', 'read ok'] },
  { label: 'queue', spec: { workload: 'queue' }, expect: ['send ok', 'poll ok', 'assign ok', 'subscribe ok'], expectUnderKills: ['send ok', 'poll ok'] },
  {
    label: 'queue --txn',
    spec: { workload: 'queue', workloadOptions: { txn: true } },
    expect: ['txn ok', 'poll ok', 'assign ok'],
    expectUnderKills: ['txn ok', 'poll ok'],
  },
  {
    label: 'eos',
    spec: { workload: 'eos', concurrency: 5 },
    expect: ['seed ok', 'copy ok', 'observe ok', 'final-read ok'],
    expectUnderKills: ['copy ok', 'final-read ok'],
  },
];

/** Kills during a 20 s main phase: at 4 s and 12 s, 3 s down each. */
const KILLS: LocalKills = { firstAtS: 4, everyS: 8, downS: 3 };
const KILLED_TIME_LIMIT_S = 20;
/** Dependency cycles are judged by the checker as allowed interleavings or not; the rest must not appear at all. */
const CYCLES = /^G(0|1c)(-process|-realtime)?$/;

interface WorkloadRow {
  label: string;
  valid: boolean | 'unknown';
  completions: Record<string, number>;
  resends: number;
  startupMs?: number;
  peakRssMiB?: number;
}

function resends(ops: Op[]): number {
  return ops.filter((o) => o.requests !== undefined && o.requests > 1 && (o.f === 'send' || o.f === 'append')).length;
}

async function runWorkload(c: WorkloadCase, client: KafkaClientName, version: string, home: string, killed: boolean): Promise<WorkloadRow> {
  const label = killed ? `${c.label} (kills)` : c.label;
  const spec = localSpec({
    ...c.spec,
    client,
    ...(killed ? { timeLimitS: KILLED_TIME_LIMIT_S } : {}),
    cluster: { nodes: 1, source: { kind: 'maven', version }, brokerOverrides: {} },
  });
  const run = await withKafka(home, (kafka) => runLocally(spec, kafka.bootstrap, silentProgress, killed ? { kafka, kills: KILLS } : undefined));
  const seen = completions(run.ops);
  const anomalies = Object.values(run.results.checkers).flatMap((r) => r.anomalies.filter((a) => !a.allowed).map((a) => a.type));
  const verdict = `${run.results.valid}${anomalies.length ? `: ${[...new Set(anomalies)].join(', ')}` : ''}`;
  if (killed)
    check(
      run.results.valid !== 'unknown' && anomalies.every((t) => CYCLES.test(t)),
      `${client} ${label}: decided, no anomaly beyond dependency cycles (${verdict})`,
    );
  else check(run.results.valid === true, `${client} ${label}: valid (${verdict})`);
  for (const kind of killed ? c.expectUnderKills : c.expect) check((seen[kind] ?? 0) > 0, `${client} ${label}: ${seen[kind] ?? 0} × ${kind}`);
  const driver = run.client?.process;
  const clientOk = run.client?.name === client && (client !== 'java' || (run.client.version === version && driver?.exitCode === 0 && driver.openHandles === 0));
  check(
    clientOk,
    `${client} ${label}: results say ${run.client?.name} ${run.client?.version}${driver ? ` (driver: ${driver.openHandles} handles left open, exit ${driver.exitCode})` : ''}`,
  );
  progress.info(
    `  ${client} ${label}: ${Object.entries(seen)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  return {
    label,
    valid: run.results.valid,
    completions: seen,
    resends: resends(run.ops),
    startupMs: run.client?.process?.startupMs,
    peakRssMiB: run.client?.process?.peakRssBytes ? Math.round(run.client.process.peakRssBytes / MiB) : undefined,
  };
}

interface ThroughputRow {
  label: string;
  okPerS: number;
  p50Ms: number;
  p99Ms: number;
  failOrInfo: number;
  resends: number;
  driverRssMiB?: number;
  driverPeakRssMiB?: number;
  driverThreads?: number;
  nodeRssMiB: number;
}

/** Ok sends per second and their latency, over the main phase after its first `warmupS` seconds. */
function sendRate(run: LocalRun, warmupS: number): Pick<ThroughputRow, 'okPerS' | 'p50Ms' | 'p99Ms' | 'failOrInfo' | 'resends'> {
  const from = run.mainPhase.startNs + warmupS * 1e9;
  const invoked = new Map<number | string, Op>();
  const latencies: number[] = [];
  let failOrInfo = 0;
  for (const o of run.ops) {
    if (o.f !== 'send') continue;
    if (o.type === 'invoke') {
      invoked.set(o.process, o);
      continue;
    }
    const inv = invoked.get(o.process);
    if (!inv || inv.time < from || o.time > run.mainPhase.endNs) continue;
    if (o.type === 'ok') latencies.push((o.time - inv.time) / 1e6);
    else failOrInfo++;
  }
  latencies.sort((a, b) => a - b);
  const seconds = (run.mainPhase.endNs - from) / 1e9;
  return {
    okPerS: Math.round(latencies.length / seconds),
    p50Ms: +quantile(latencies, 0.5).toFixed(1),
    p99Ms: +quantile(latencies, 0.99).toFixed(1),
    failOrInfo,
    resends: resends(run.ops),
  };
}

async function throughput(client: KafkaClientName, version: string, home: string, label: string, rate: number): Promise<ThroughputRow> {
  const spec = localSpec({
    workload: 'lost-writes',
    client,
    rate,
    timeLimitS: 15,
    cluster: { nodes: 1, source: { kind: 'maven', version }, brokerOverrides: {} },
  });
  const run = await withKafka(home, (kafka) => runLocally(spec, kafka.bootstrap, silentProgress));
  const p = run.client?.process;
  const row: ThroughputRow = {
    label,
    ...sendRate(run, 5),
    driverRssMiB: p?.rssBytes ? Math.round(p.rssBytes / MiB) : undefined,
    driverPeakRssMiB: p?.peakRssBytes ? Math.round(p.peakRssBytes / MiB) : undefined,
    driverThreads: p?.threads ?? undefined,
    nodeRssMiB: Math.round(process.memoryUsage().rss / MiB),
  };
  check(run.results.valid === true && row.resends === 0, `${client} throughput ${label}: valid, no resends (${row.okPerS} ok/s)`);
  progress.info(`  ${client} ${label}: ${row.okPerS} ok sends/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms`);
  return row;
}

interface ClientReport {
  client: KafkaClientName;
  workloads: WorkloadRow[];
  throughput: ThroughputRow[];
}

async function forVersion(version: string): Promise<{ version: string; clients: ClientReport[] }> {
  const home = (await resolveDistribution({ kind: 'maven', version }, progress)).home!;
  const clients: ClientReport[] = [];
  for (const client of CLIENTS) {
    progress.info(`=== Kafka ${version}, client ${client}`);
    await checkWriteMapping(client, version, home);
    const workloads: WorkloadRow[] = [];
    const chosen = listFromEnv('DEV_WORKLOADS');
    for (const killed of process.env.DEV_KILLS === '0' ? [false] : [false, true]) {
      for (const c of WORKLOADS) if (!chosen || chosen.includes(c.label)) workloads.push(await runWorkload(c, client, version, home, killed));
    }
    const rows =
      process.env.DEV_THROUGHPUT === '0'
        ? []
        : [
            await throughput(client, version, home, '10 producers, paced 200 ops/s', 200),
            await throughput(client, version, home, '10 producers, flat out', 1_000_000),
          ];
    clients.push({ client, workloads, throughput: rows });
  }
  return { version, clients };
}

function printReport(r: { version: string; clients: ClientReport[] }): void {
  console.log(`\n## Kafka ${r.version}`);
  console.log('\n| client | workload | verdict | completions | sends with >1 request |\n| --- | --- | --- | --- | --- |');
  for (const c of r.clients)
    for (const w of c.workloads)
      console.log(
        `| ${c.client} | ${w.label} | ${w.valid} | ${Object.entries(w.completions)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')} | ${w.resends} |`,
      );
  console.log(
    '\n| client | load (lost-writes, acks=all) | ok sends/s | p50 ms | p99 ms | fail/info | driver RSS (peak) MiB | driver threads | node RSS MiB |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const c of r.clients) {
    for (const t of c.throughput)
      console.log(
        `| ${c.client} | ${t.label} | ${t.okPerS} | ${t.p50Ms} | ${t.p99Ms} | ${t.failOrInfo} | ${t.driverRssMiB ?? '–'} (${t.driverPeakRssMiB ?? '–'}) | ${t.driverThreads ?? '–'} | ${t.nodeRssMiB} |`,
      );
  }
  const java = r.clients.find((c) => c.client === 'java');
  const startups = (java?.workloads ?? []).map((w) => w.startupMs).filter((x): x is number => x !== undefined);
  const peaks = (java?.workloads ?? []).map((w) => w.peakRssMiB).filter((x): x is number => x !== undefined);
  if (startups.length > 0)
    console.log(
      `\nJava driver start-up (spawn → ping answered) over ${startups.length} runs: median ${median(startups)} ms, min ${Math.min(...startups)} ms, max ${Math.max(...startups)} ms; peak RSS per workload run ${Math.min(...peaks)}–${Math.max(...peaks)} MiB`,
    );
}

const versions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['4.4.0', '3.9.1'];
const reports = [];
for (const version of versions) reports.push(await forVersion(version));
reports.forEach(printReport);
const out = join(tmpdir(), `faultline-java-workloads-${new Date().toISOString().replace(/[:.]/g, '')}.json`);
writeFileSync(out, JSON.stringify(reports, null, 2) + '\n');
console.log(`\nwritten: ${out}`);
if (failures.length > 0) {
  console.log(`\n${failures.length} check(s) failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
