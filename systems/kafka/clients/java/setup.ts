// Administration with Kafka's Java admin client and producers, before the main phase and for the queue's final read:
// topics created and waited for, coordinators readied, transactional ids fenced.
import type { JavaAdmin, JavaProducer, CallOptions } from '../../java-client/index.ts';
import { errorMessage } from '../../../../core/errors.ts';
import type { TopicRequest } from '../types.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const RETRY_PAUSE_MS = 500;

/** Creates the topic (an existing one is fine) and waits until every partition has a leader and an ISR of min(RF, 2). */
export async function createTopicWithAdmin(admin: JavaAdmin, req: TopicRequest, timeoutMs: number, call: CallOptions): Promise<void> {
  const [created] = await admin.createTopics(
    [{ name: req.name, partitions: req.partitions, replicationFactor: req.replicationFactor, configs: req.configs }],
    timeoutMs,
    call,
  );
  if (created?.error && created.error.kafkaError !== 'TOPIC_ALREADY_EXISTS')
    throw new Error(`creating topic ${req.name}: ${created.error.kafkaError ?? created.error.message}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [topic] = await admin.describeTopics([req.name], false, call).catch(() => []);
    const parts = topic?.partitions ?? [];
    if (parts.length === req.partitions && parts.every((p) => p.leader >= 0 && p.isr.length >= Math.min(req.replicationFactor, 2))) return;
    if (Date.now() > deadline) throw new Error(`topic ${req.name}: partitions have no leader/ISR after ${timeoutMs / 1000}s`);
    await sleep(RETRY_PAUSE_MS);
  }
}

/** Asks for the group's committed offsets until the coordinator answers (the first ask creates __consumer_offsets). */
export async function warmGroupCoordinator(admin: JavaAdmin, groupId: string, deadline: number, call: CallOptions): Promise<void> {
  for (;;) {
    try {
      await admin.listConsumerGroupOffsets(groupId, undefined, false, call);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`coordinator of group ${groupId}: ${errorMessage(e)}`, { cause: e });
      await sleep(RETRY_PAUSE_MS);
    }
  }
}

/** initTransactions with each id (opening a transactional producer does it), retried until `deadline`. */
export async function fenceWithProducers(
  ids: string[],
  open: (id: string) => Promise<JavaProducer>,
  deadline: number,
  call: CallOptions,
): Promise<Array<{ id: string; error: string }>> {
  const failed: Array<{ id: string; error: string }> = [];
  for (const id of ids) {
    let error = 'no attempt before the deadline';
    while (Date.now() < deadline) {
      try {
        const producer = await open(id);
        await producer.close(0, call).catch(() => undefined);
        error = '';
        break;
      } catch (e) {
        error = errorMessage(e).slice(0, 200);
        await sleep(RETRY_PAUSE_MS);
      }
    }
    if (error) failed.push({ id, error });
  }
  return failed;
}
