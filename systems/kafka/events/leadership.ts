// A broker taking up a partition as leader or follower (3.9 and 4.x write the same lines). The leader's line gives the
// offset its log ended at when it became leader: a record acknowledged at or above it by an earlier leader is not on
// the new leader. A follower's line gives its own log end offset (what a truncation then cuts back from).
import { parseIdList, splitTopicPartition } from './log-line.ts';
import type { Matcher } from './node-log.ts';

// 3.9:  [Broker id=1] Leader faultline-lost-writes-3 with topic id Some(vNQ3Jw78Q3KBykdyXQBq4A) starts at leader epoch 0 from offset 0 with partition epoch 0, high watermark 0, ISR [1,2,3], adding replicas [] and removing replicas [] . Previous leader None and previous leader epoch was -1.
// 4.x:  [Broker id=1] Leader faultline-lost-writes-2 with topic id Some(nYi1UeG7T9SU5ZhCqdwEXg) starts at leader epoch 1 from offset 264 with partition epoch 1, high watermark 264, ISR [1,2], adding replicas [] and removing replicas [] . Previous leader Some(3) and previous leader epoch was 0.
const LEADER =
  /^\[Broker id=(\d+)\] Leader (\S+) with topic id \S+ starts at leader epoch (-?\d+) from offset (\d+) with partition epoch (\d+), high watermark (\d+), ISR \[([^\]]*)\].*Previous leader (None|Some\((-?\d+)\)) and previous leader epoch was (-?\d+)/;

// 3.9:  [Broker id=1] Follower faultline-lost-writes-4 starts at leader epoch 0 from offset 0 with partition epoch 0 and high watermark 0. Current leader is 2. Previous leader Some(2) and previous leader epoch was 0.
// 4.x:  [Broker id=3] Follower faultline-lost-writes-2 starts at leader epoch 1 from offset 327 with partition epoch 1 and high watermark 264. Current leader is 1. Previous leader None and previous leader epoch was -1.
const FOLLOWER =
  /^\[Broker id=(\d+)\] Follower (\S+) starts at leader epoch (-?\d+) from offset (\d+) with partition epoch (\d+) and high watermark (\d+)\. Current leader is (-?\d+)\./;

const previous = (text: string, someId: string | undefined): number | null | undefined =>
  text === 'None' ? undefined : Number(someId) < 0 ? null : Number(someId);

export const matchLeadership: Matcher = (line, origin, log) => {
  const { message } = line;
  if (!message.includes(' starts at leader epoch ')) return undefined;
  const leader = LEADER.exec(message);
  if (leader) {
    const where = splitTopicPartition(leader[2]!);
    if (!where) return undefined;
    const startOffset = Number(leader[4]);
    log.setEndOffset(where.topic, where.partition, startOffset);
    const previousLeader = previous(leader[8]!, leader[9]);
    return [
      {
        kind: 'state',
        state: {
          origin,
          ...where,
          leader: Number(leader[1]),
          leaderEpoch: Number(leader[3]),
          partitionEpoch: Number(leader[5]),
          isr: parseIdList(leader[7]!),
          startOffset,
          highWatermark: Number(leader[6]),
          ...(previousLeader !== undefined ? { previousLeader, previousEpoch: Number(leader[10]) } : {}),
        },
      },
    ];
  }
  const follower = FOLLOWER.exec(message);
  if (!follower) return undefined;
  const where = splitTopicPartition(follower[2]!);
  if (!where) return undefined;
  log.setEndOffset(where.topic, where.partition, Number(follower[4]));
  const current = Number(follower[7]);
  return [
    { kind: 'state', state: { origin, ...where, leader: current < 0 ? null : current, leaderEpoch: Number(follower[3]), partitionEpoch: Number(follower[5]) } },
  ];
};
