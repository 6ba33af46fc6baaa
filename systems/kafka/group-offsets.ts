// A consumer group's committed offsets, read with OffsetFetch `requireStable` (KIP-447): while a transaction that
// commits offsets for the group is pending, the coordinator answers UNSTABLE_OFFSET_COMMIT and we ask again, so a
// copier never resumes from an offset a pending transaction is about to replace. @platformatic/kafka 1.35's
// listCommittedOffsets sends requireStable=false and caches the coordinator forever, hence this raw-protocol helper.
import { findCoordinatorV6, offsetFetchV9, type Consumer } from '@platformatic/kafka';
import { errorFacts, errorLabel } from './outcome.ts';

const GROUP_KEY = 0;
const RETRIABLE = new Set(['UNSTABLE_OFFSET_COMMIT', 'NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type AnyConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>;

/** The group coordinator's node id, asked afresh (coordinators move when brokers die); retried until `deadline`. */
export async function findGroupCoordinator(client: AnyConsumer, groupId: string, deadline: number): Promise<number> {
  for (;;) {
    try {
      const metadata = await client.metadata({ topics: [] });
      const connection = await client.connections.getFirstAvailable([...metadata.brokers.values()]);
      const response = await findCoordinatorV6.api.async(connection, GROUP_KEY, [groupId]);
      const coordinator = response.coordinators.find((c) => c.key === groupId);
      if (coordinator && coordinator.nodeId >= 0) return coordinator.nodeId;
      throw new Error(`no coordinator for group ${groupId}`);
    } catch (e) {
      // The first request creates __consumer_offsets: COORDINATOR_NOT_AVAILABLE until its partitions have leaders.
      if (Date.now() > deadline) throw new Error(`coordinator of group ${groupId}: ${errorLabel(errorFacts(e))}`, { cause: e });
      await sleep(200);
    }
  }
}

/**
 * Committed offsets (partition → next offset to read) of `groupId` for `partitions` of `topic`; partitions without a
 * committed offset are absent. Retries coordinator moves and unstable offsets until `deadline` (ms since epoch).
 */
export async function committedOffsets(
  client: AnyConsumer,
  groupId: string,
  topic: string,
  partitions: number[],
  deadline: number,
): Promise<Map<number, number>> {
  for (;;) {
    try {
      const coordinator = await findGroupCoordinator(client, groupId, deadline);
      const metadata = await client.metadata({ topics: [] });
      const broker = metadata.brokers.get(coordinator);
      if (!broker) throw new Error(`group coordinator ${coordinator} is not in the metadata`);
      const connection = await client.connections.get(broker);
      const response = await offsetFetchV9.api.async(
        connection,
        [{ groupId, memberId: null, memberEpoch: -1, topics: [{ name: topic, partitionIndexes: partitions }] }],
        true,
      );
      const out = new Map<number, number>();
      for (const t of response.groups[0]?.topics ?? []) {
        for (const p of t.partitions) if (p.committedOffset >= 0n) out.set(p.partitionIndex, Number(p.committedOffset));
      }
      return out;
    } catch (e) {
      const facts = errorFacts(e);
      const lastError = errorLabel(facts);
      const retriable = facts.apiIds.length === 0 || facts.apiIds.every((id) => RETRIABLE.has(id));
      if (!retriable || Date.now() > deadline) throw new Error(`committed offsets of group ${groupId}: ${lastError}`, { cause: e });
      await sleep(200);
    }
  }
}
