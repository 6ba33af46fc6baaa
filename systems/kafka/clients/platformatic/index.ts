// The @platformatic/kafka implementation of KafkaClients: every client lives in this process, nothing is shared, so
// closing the set only reports which library ran.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../../core/paths.ts';
import type { ClientSummary } from '../../../../core/result.ts';
import { rotateBootstrap } from '../../bootstrap.ts';
import { clientTimeouts, type ClientTimeouts } from '../../client-timeouts.ts';
import { warmCoordinators } from '../../coordinators.ts';
import { createTopic } from '../../topics.ts';
import { createTransactionalProducer, fenceTransactionalIds } from '../../transactions.ts';
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
import { PlatformaticCommittedReader } from './committed-reader.ts';
import { PlatformaticCopier } from './copier.ts';
import { PlatformaticPartitionReader } from './partition-reader.ts';
import { PlatformaticQueueConsumer } from './queue-consumer.ts';
import { PlatformaticBulkSender, PlatformaticRecordSender, resendsOf, senderProducer } from './senders.ts';
import { PlatformaticTransactionalProducer } from './transactional-producer.ts';

export const PLATFORMATIC_LIBRARY = '@platformatic/kafka';

/** The installed library's version (its package.json), null when it cannot be read. */
export function platformaticVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@platformatic', 'kafka', 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

export class PlatformaticClients implements KafkaClients {
  readonly name = 'platformatic' as const;
  private readonly timeouts: ClientTimeouts;

  constructor(private readonly settings: ClientsSettings) {
    this.timeouts = clientTimeouts(settings.opTimeoutMs);
  }

  async recordSender(ctx: ClientContext, opts: SenderOptions): Promise<RecordSender> {
    return new PlatformaticRecordSender(senderProducer(this.producerSettings(ctx), opts), opts.acks, resendsOf(opts), this.settings.nodeNames);
  }

  async bulkSender(ctx: ClientContext): Promise<BulkSender> {
    return new PlatformaticBulkSender(this.producerSettings(ctx));
  }

  async partitionReader(ctx: ClientContext, topic: string, _partitions: number, opts: { requestTimeoutMs?: number } = {}): Promise<PartitionReader> {
    return new PlatformaticPartitionReader(this.bootstrapFor(ctx), topic, opts.requestTimeoutMs);
  }

  async committedReader(ctx: ClientContext, topic: string, partitions: number): Promise<CommittedReader> {
    return new PlatformaticCommittedReader(this.bootstrapFor(ctx), ctx.clientId, topic, partitions, this.timeouts);
  }

  async queueConsumer(ctx: ClientContext, opts: QueueConsumerOptions): Promise<QueueConsumer> {
    return new PlatformaticQueueConsumer({ ...opts, bootstrap: this.bootstrapFor(ctx), clientId: ctx.clientId, timeouts: this.timeouts });
  }

  async transactionalProducer(ctx: ClientContext, transactionalId: string): Promise<TransactionalProducer> {
    const bootstrap = this.bootstrapFor(ctx);
    return new PlatformaticTransactionalProducer(() =>
      createTransactionalProducer({ bootstrap, transactionalId, clientId: ctx.clientId, timeouts: this.timeouts }),
    );
  }

  async copier(ctx: ClientContext, opts: CopierOptions): Promise<TransactionalCopier> {
    return new PlatformaticCopier(this.settings.bootstrap, ctx, opts, this.timeouts);
  }

  createTopic(req: TopicRequest, timeoutMs?: number): Promise<void> {
    return createTopic({ bootstrap: this.settings.bootstrap }, req, timeoutMs);
  }

  warmCoordinators(w: { transactionalIds: string[]; groupId?: string; timeoutMs: number }): Promise<void> {
    return warmCoordinators(this.settings.bootstrap, { ...w, timeouts: this.timeouts });
  }

  fenceTransactionalIds(ids: string[], deadline: number): Promise<Array<{ id: string; error: string }>> {
    return fenceTransactionalIds(ids, this.settings.bootstrap, this.timeouts, deadline);
  }

  async close(): Promise<ClientSummary> {
    return { name: this.name, library: PLATFORMATIC_LIBRARY, version: platformaticVersion() };
  }

  private bootstrapFor(ctx: ClientContext): string[] {
    return rotateBootstrap(this.settings.bootstrap, ctx.process);
  }

  private producerSettings(ctx: ClientContext) {
    return { bootstrap: this.settings.bootstrap, opTimeoutMs: this.settings.opTimeoutMs, process: ctx.process, clientId: ctx.clientId };
  }
}
