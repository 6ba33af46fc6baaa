// A transaction coordinator skipping the markers of partitions it found no leader endpoint for (TransactionMarker-
// ChannelManager: "likely deleted already"). Kafka 4.x's metadata cache answers "no endpoint" for a partition that
// exists but has no leader at the moment (3.x queued such markers until a leader appeared; KAFKA-20734), so a
// leaderless moment can complete a transaction with no marker on that partition. One event per skipped partition.
import type { Matcher } from './node-log.ts';

// 4.x and 3.9: [Transaction Marker Channel Manager 1]: Couldn't find leader endpoint for partitions
//   Set(faultline-eos-output-0, __consumer_offsets-2) while trying to send transaction markers for faultline-eos-copier-0,
//   these partitions are likely deleted already and hence can be skipped
const SKIPPED = /Couldn't find leader endpoint for partitions Set\(([^)]*)\) while trying to send transaction markers for (\S+?),/;
const TOPIC_PARTITION = /^(.+)-(\d+)$/;

export const matchTxnMarkers: Matcher = (line, origin) => {
  if (!line.message.includes("Couldn't find leader endpoint")) return undefined;
  const m = SKIPPED.exec(line.message);
  if (!m) return undefined;
  const transactionalId = m[2]!;
  return m[1]!
    .split(',')
    .map((tp) => TOPIC_PARTITION.exec(tp.trim()))
    .filter((tp): tp is RegExpExecArray => tp !== null)
    .map((tp) => ({
      kind: 'event' as const,
      event: { kind: 'txn-markers-skipped' as const, ...origin, topic: tp[1]!, partition: Number(tp[2]), transactionalId },
    }));
};
