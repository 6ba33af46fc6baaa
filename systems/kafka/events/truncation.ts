// A replica cutting its log back (3.9 and 4.x write the same lines; the logger's package differs). The fetcher says
// why one line before the log does it; "has no effect" lines remove nothing and are not events.
import type { TruncationEvent } from '../../../core/events.ts';
import { splitTopicPartition } from './log-line.ts';
import type { Matcher } from './node-log.ts';

// 3.9:  [ReplicaFetcher replicaId=1, leaderId=2, fetcherId=0] Truncating partition faultline-lost-writes-5 with TruncationState(offset=622, completed=true) due to leader epoch and offset EpochEndOffset(errorCode=0, partition=5, leaderEpoch=1, endOffset=622)
// 4.x:  [ReplicaFetcher replicaId=3, leaderId=1, fetcherId=0] Truncating partition faultline-lost-writes-2 with TruncationState(offset=264, completed=true) due to leader epoch and offset EpochEndOffset(errorCode=0, partition=2, leaderEpoch=0, endOffset=264)
// both: [ReplicaFetcher replicaId=1, leaderId=2, fetcherId=0] Truncating partition faultline-lost-writes-4 with TruncationState(offset=0, completed=true) due to local high watermark 0
const FETCHER =
  /^\[ReplicaFetcher replicaId=\d+, leaderId=(\d+), fetcherId=\d+\] Truncating partition (\S+) with TruncationState\(offset=\d+, completed=\w+\) due to (leader epoch and offset|local high watermark)/;

// 4.x (WARN, just before the truncation):  [UnifiedLog partition=faultline-lost-writes-5, dir=/var/lib/kafka/data] Truncating faultline-lost-writes-5 to offset 0 below high watermark 481
const BELOW_HW = /^\[UnifiedLog partition=(\S+), dir=[^\]]*\] Truncating \S+ to offset \d+ below high watermark (\d+)/;

// 3.9:  [UnifiedLog partition=faultline-lost-writes-5, dir=/var/lib/kafka/data] Truncating to offset 622
// 4.x:  [UnifiedLog partition=faultline-lost-writes-2, dir=/var/lib/kafka/data] Truncating to offset 264
const TRUNCATED = /^\[UnifiedLog partition=(\S+), dir=[^\]]*\] Truncating to offset (\d+)$/;

export const matchTruncation: Matcher = (line, origin, log) => {
  const { message } = line;
  if (!message.includes('Truncating ')) return undefined;
  const fetcher = FETCHER.exec(message);
  if (fetcher) {
    const where = splitTopicPartition(fetcher[2]!);
    if (where) log.noteTruncationReason(where.topic, where.partition, fetcher[3]!.startsWith('leader') ? 'leader-epoch' : 'high-watermark', Number(fetcher[1]));
    return undefined;
  }
  const below = BELOW_HW.exec(message);
  if (below) {
    const where = splitTopicPartition(below[1]!);
    if (where) log.noteBelowHighWatermark(where.topic, where.partition, Number(below[2]));
    return undefined;
  }
  const done = TRUNCATED.exec(message);
  const where = done && splitTopicPartition(done[1]!);
  if (!done || !where) return undefined;
  const toOffset = Number(done[2]);
  const before = log.endOffset(where.topic, where.partition);
  const why = log.takeTruncationReason(where.topic, where.partition);
  const belowHighWatermark = log.takeBelowHighWatermark(where.topic, where.partition);
  log.setEndOffset(where.topic, where.partition, toOffset);
  const event: TruncationEvent = {
    kind: 'truncation',
    ...origin,
    ...where,
    toOffset,
    ...(before !== undefined && before > toOffset ? { fromEndOffset: before } : {}),
    reason: why?.reason ?? 'unknown',
    ...(why ? { leader: why.leader } : {}),
    ...(belowHighWatermark !== undefined ? { belowHighWatermark } : {}),
  };
  return [{ kind: 'event', event }];
};
