// The leader's side of ISR changes (3.9 and 4.x write the same lines): its request to drop lagging replicas, with the
// offsets it saw, and the ISR the controller then granted (with its partition epoch). ISR changes the controller makes
// by itself (a fenced broker removed) show up in the partition registrations instead (partition-state.ts).
import { parseIdList, splitTopicPartition } from './log-line.ts';
import type { Matcher } from './node-log.ts';

// 3.9:  [Partition faultline-lost-writes-2 broker=1] Shrinking ISR from 1,2,3 to 1. Leader: (highWatermark: 500, endOffset: 503). Out of sync replicas: (brokerId: 2, endOffset: 500, lastCaughtUpTimeMs: 1796174632951) (brokerId: 3, endOffset: 501, lastCaughtUpTimeMs: 1796174632967).
// 4.x:  [Partition faultline-lost-writes-4 broker=1] Shrinking ISR from 2,1,3 to 1,3. Leader: (highWatermark: 258, endOffset: 260). Out of sync replicas: (brokerId: 2, endOffset: 258, lastCaughtUpTimeMs: 1796171181072).
const SHRINKING =
  /^\[Partition (\S+) broker=(\d+)\] Shrinking ISR from ([\d,]*) to ([\d,]*)\. Leader: \(highWatermark: (\d+), endOffset: (\d+)\)\. Out of sync replicas: (.*)$/;
const OUT_OF_SYNC = /\(brokerId: (\d+), endOffset: (-?\d+)/g;

// 3.9:  [Partition faultline-lost-writes-3 broker=1] ISR updated to 1  and version updated to 1
// 4.x:  [Partition faultline-lost-writes-4 broker=1] ISR updated to 2,3,1  and version updated to 2
const UPDATED = /^\[Partition (\S+) broker=(\d+)\] ISR updated to ([\d,]*)\s+and version updated to (\d+)/;

export const matchIsr: Matcher = (line, origin) => {
  const { message } = line;
  if (!message.startsWith('[Partition ')) return undefined;
  const shrinking = SHRINKING.exec(message);
  if (shrinking) {
    const where = splitTopicPartition(shrinking[1]!);
    if (!where) return undefined;
    const outOfSync = [...shrinking[7]!.matchAll(OUT_OF_SYNC)].map((m) => ({ broker: Number(m[1]), endOffset: Number(m[2]) }));
    return [
      {
        kind: 'shrink',
        request: {
          origin,
          ...where,
          from: parseIdList(shrinking[3]!),
          to: parseIdList(shrinking[4]!),
          highWatermark: Number(shrinking[5]),
          leaderEndOffset: Number(shrinking[6]),
          outOfSync,
        },
      },
    ];
  }
  const updated = UPDATED.exec(message);
  if (!updated) return undefined;
  const where = splitTopicPartition(updated[1]!);
  if (!where) return undefined;
  return [{ kind: 'state', state: { origin, ...where, leader: Number(updated[2]), partitionEpoch: Number(updated[4]), isr: parseIdList(updated[3]!) } }];
};
