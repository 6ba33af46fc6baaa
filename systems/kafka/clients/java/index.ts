// The Kafka Java client implementation of KafkaClients: one driver JVM per run (the build under test's own
// kafka-clients, systems/kafka/java-client), every client a handle in it. Closing the set reads the driver's stats
// and ends the JVM.
import { readFileSync, writeFileSync } from 'node:fs';
import type { ClientSummary } from '../../../../core/result.ts';
import type { Progress } from '../../../../core/progress.ts';
import type { NodeHandle } from '../../../../core/runtime.ts';
import { resolveDistribution, type KafkaSource } from '../../distribution.ts';
import { JavaAdmin, startJavaClient, type CallOptions, type DriverStats, type JavaDriver, type JavaProducer } from '../../java-client/index.ts';
import type {
  BulkSender,
  ClientContext,
  ClientsSettings,
  CommittedReader,
  CopierOptions,
  KafkaClients,
  PartitionReader,
  QueueConsumer,
  QueueConsumerOptions,
  RecordSender,
  SenderOptions,
  TopicRequest,
  TransactionalCopier,
  TransactionalProducer,
} from '../types.ts';
import { adminConfig, bulkConfig, consumerConfig, producerConfig, transactionalConfig } from './config.ts';
import { JavaCommittedReader } from './committed-reader.ts';
import { JavaCopier } from './copier.ts';
import { JavaPartitionReader } from './partition-reader.ts';
import { JavaQueueConsumer } from './queue-consumer.ts';
import { JavaBulkSender, JavaRecordSender } from './senders.ts';
import { createTopicWithAdmin, fenceWithProducers, warmGroupCoordinator } from './setup.ts';
import { JavaTransactionalProducer, openTransactional } from './transactions.ts';

export const JAVA_LIBRARY = 'org.apache.kafka:kafka-clients';
/** A whole-partition read takes this many records per poll. */
const READER_MAX_POLL_RECORDS = 10_000;
/** Administration (topic creation waits up to a minute) and the eos seed get this long per driver request. */
const LONG_CALL_MS = 180_000;
/** The driver's stats at the end: a JVM that does not answer by then is closed without them. */
const STATS_TIMEOUT_MS = 5000;

export interface JavaClientsOptions extends ClientsSettings {
  source: KafkaSource;
  progress: Progress;
  /** Receives the driver's stderr (the clients' logging). */
  logFile?: string;
  /** The client host container the driver runs in (--client-host container); the host when absent. */
  clientHost?: { name: string; handle: Pick<NodeHandle, 'netnsPid'> };
}

/** Starts the driver for the build under test (checks, builds the jar if needed, spawns, waits for `ping`). */
export async function openJavaClients(opts: JavaClientsOptions): Promise<JavaClients> {
  const distribution = await resolveDistribution(opts.source, opts.progress);
  // The log exists from the start, empty when the clients had nothing to say.
  if (opts.logFile) writeFileSync(opts.logFile, '', { flag: 'a' });
  let netnsPid: number | undefined;
  if (opts.clientHost) {
    netnsPid = await opts.clientHost.handle.netnsPid();
    if (netnsPid === undefined) throw new Error(`client host ${opts.clientHost.name} is not running: no network namespace to start the Java driver in`);
  }
  const driver = await startJavaClient(distribution, opts.progress, { stderrLog: opts.logFile, netnsPid });
  return new JavaClients(driver, opts);
}

/** VmHWM (peak resident set) of a process, from /proc; null where there is none. */
function peakRssBytes(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    const kib = Number(/\d+/.exec(line ?? '')?.[0]);
    return Number.isFinite(kib) ? kib * 1024 : null;
  } catch {
    return null;
  }
}

export class JavaClients implements KafkaClients {
  readonly name = 'java' as const;
  /** Every driver request of an op is bounded too (well past the op timeout: the client's own bounds come first). */
  private readonly call: CallOptions;
  private readonly longCall: CallOptions = { timeoutMs: LONG_CALL_MS };
  private adminHandle: Promise<JavaAdmin> | undefined;

  constructor(
    private readonly driver: JavaDriver,
    private readonly settings: ClientsSettings,
  ) {
    this.call = { timeoutMs: 2 * settings.opTimeoutMs + 10_000 };
  }

  recordSender(ctx: ClientContext, opts: SenderOptions): Promise<RecordSender> {
    return JavaRecordSender.open(this.driver, producerConfig(this.settings, ctx, opts), this.call);
  }

  bulkSender(ctx: ClientContext): Promise<BulkSender> {
    return JavaBulkSender.open(this.driver, bulkConfig(this.settings, ctx), this.longCall);
  }

  partitionReader(ctx: ClientContext, topic: string, partitions: number, opts: { requestTimeoutMs?: number } = {}): Promise<PartitionReader> {
    const config = consumerConfig(this.settings, ctx, { isolation: 'read_uncommitted', maxPollRecords: READER_MAX_POLL_RECORDS });
    const requestTimeoutMs = opts.requestTimeoutMs ?? Number(config['request.timeout.ms']);
    return JavaPartitionReader.open(this.driver, config, topic, partitions, requestTimeoutMs, this.call);
  }

  committedReader(ctx: ClientContext, topic: string, partitions: number): Promise<CommittedReader> {
    const config = consumerConfig(this.settings, ctx, { isolation: 'read_committed', maxPollRecords: READER_MAX_POLL_RECORDS });
    return JavaCommittedReader.open(this.driver, config, () => this.admin(), topic, partitions, this.call);
  }

  queueConsumer(ctx: ClientContext, opts: QueueConsumerOptions): Promise<QueueConsumer> {
    return JavaQueueConsumer.open(this.driver, consumerConfig(this.settings, ctx, { isolation: opts.isolation, groupId: opts.groupId }), opts, this.call);
  }

  transactionalProducer(ctx: ClientContext, transactionalId: string): Promise<TransactionalProducer> {
    return JavaTransactionalProducer.open(() => this.openTransactional(ctx, transactionalId), this.call);
  }

  copier(ctx: ClientContext, opts: CopierOptions): Promise<TransactionalCopier> {
    const config = consumerConfig(this.settings, ctx, { isolation: 'read_committed', groupId: opts.groupId, maxPollRecords: opts.maxRecords });
    return JavaCopier.open(this.driver, config, () => this.openTransactional(ctx, opts.transactionalId), opts, this.call);
  }

  async createTopic(req: TopicRequest, timeoutMs = 60_000): Promise<void> {
    await createTopicWithAdmin(await this.admin(), req, timeoutMs, this.longCall);
  }

  async warmCoordinators(w: { transactionalIds: string[]; groupId?: string; timeoutMs: number }): Promise<void> {
    const deadline = Date.now() + w.timeoutMs;
    if (w.groupId) await warmGroupCoordinator(await this.admin(), w.groupId, deadline, this.call);
    const failed = await this.fenceTransactionalIds(w.transactionalIds, deadline);
    if (failed.length > 0) throw new Error(`transaction coordinator not ready: ${failed.map((f) => `${f.id}: ${f.error}`).join('; ')}`);
  }

  fenceTransactionalIds(ids: string[], deadline: number): Promise<Array<{ id: string; error: string }>> {
    return fenceWithProducers(ids, (id) => this.openTransactional({ process: 0, clientId: 'faultline-fencer' }, id), deadline, this.call);
  }

  async close(): Promise<ClientSummary> {
    const admin = this.adminHandle;
    this.adminHandle = undefined;
    await admin?.then((a) => a.close(0, this.call)).catch(() => undefined);
    // Every client the workload opened is closed by now: handles still open are leaks.
    const stats = await this.driver.request<DriverStats>('driver.stats', {}, { timeoutMs: STATS_TIMEOUT_MS }).catch(() => undefined);
    const peak = peakRssBytes(this.driver.pid);
    const exitCode = await this.driver.close();
    return {
      name: this.name,
      library: JAVA_LIBRARY,
      version: this.driver.kafkaClientsVersion,
      process: {
        pid: this.driver.pid,
        startupMs: Math.round(this.driver.startupMs),
        rssBytes: stats?.rssBytes ?? null,
        peakRssBytes: peak,
        heapUsedBytes: stats?.heapUsedBytes ?? null,
        threads: stats?.threads ?? null,
        openHandles: stats?.handles ?? null,
        lateAnswers: this.driver.lateAnswers,
        exitCode,
        addresses: this.driver.addresses,
      },
    };
  }

  /** The one admin client of the run (opened on first use, again after a failure to open). */
  private admin(): Promise<JavaAdmin> {
    this.adminHandle ??= JavaAdmin.open(this.driver, adminConfig(this.settings), this.call).catch((e: unknown) => {
      this.adminHandle = undefined;
      throw e;
    });
    return this.adminHandle;
  }

  private openTransactional(ctx: ClientContext, transactionalId: string): Promise<JavaProducer> {
    return openTransactional(this.driver, transactionalConfig(this.settings, ctx, transactionalId), this.call);
  }
}
