// Partition registrations as a broker logs them when it replays metadata: the full state (leader, leader epoch,
// partition epoch, ISR and, on 4.x, ELR) of one partition at one partition epoch. Not events by themselves: the
// assembler compares consecutive partition epochs to find ISR and ELR changes. Also the topic-id → name map.
import { intField, listField, splitTopicPartition } from './log-line.ts';
import type { Matcher, Observation, PartitionState } from './node-log.ts';
import type { EventOrigin } from '../../../core/events.ts';

// 4.x:  [Broker id=1] Skipped the become-leader state change for faultline-lost-writes-4 with topic id Some(nYi1UeG7T9SU5ZhCqdwEXg), partition registration PartitionRegistration(replicas=[1, 3, 2], directories=[…], isr=[1, 2], removingReplicas=[], addingReplicas=[], elr=[], lastKnownElr=[], leader=1, leaderRecoveryState=RECOVERED, leaderEpoch=0, partitionEpoch=1) and isNew=false since it is already the leader with leader epoch 0. …
// 3.9:  [Broker id=1] Skipped the become-leader state change for faultline-lost-writes-3 with topic id Some(vNQ3Jw78Q3KBykdyXQBq4A) and partition state LeaderAndIsrPartitionState(topicName='faultline-lost-writes', partitionIndex=3, controllerEpoch=-1, leader=1, leaderEpoch=0, isr=[1, 2], partitionEpoch=1, replicas=[1, 2, 3], …) since it is already the leader with leader epoch 0. …
const SKIPPED =
  /Skipped the become-(?:leader|follower) state change for (\S+) with topic id \S+?,? (?:and )?partition (?:registration PartitionRegistration|state LeaderAndIsrPartitionState)\(([^)]*)\)/;

// 3.9 and 4.x alike (the controller replaying a new partition):
//   [QuorumController id=1] Replayed PartitionRecord for new partition faultline-lost-writes-2 with topic ID nYi1UeG7T9SU5ZhCqdwEXg and PartitionRegistration(replicas=[3, 1, 2], directories=[…], isr=[3, 1, 2], removingReplicas=[], addingReplicas=[], elr=[], lastKnownElr=[], leader=3, leaderRecoveryState=RECOVERED, leaderEpoch=0, partitionEpoch=0).
const NEW_PARTITION = /Replayed PartitionRecord for new partition (\S+) with topic ID \S+ and PartitionRegistration\(([^)]*)\)/;

// 3.9 and 4.x alike:  [QuorumController id=1] Replayed TopicRecord for topic faultline-lost-writes with topic ID nYi1UeG7T9SU5ZhCqdwEXg.
const TOPIC_RECORD = /Replayed TopicRecord for topic (\S+) with topic ID ([\w-]+)\./;

export const matchPartitionState: Matcher = (line, origin, log) => {
  const { message } = line;
  if (message.includes('Replayed TopicRecord')) {
    const m = TOPIC_RECORD.exec(message);
    if (m) log.topicNames.set(m[2]!, m[1]!);
    return undefined;
  }
  const m = message.includes('Skipped the become-') ? SKIPPED.exec(message) : message.includes('Replayed PartitionRecord') ? NEW_PARTITION.exec(message) : null;
  if (!m) return undefined;
  const where = splitTopicPartition(m[1]!);
  const state = where && registrationState(origin, where.topic, where.partition, m[2]!);
  return state ? [{ kind: 'state', state } satisfies Observation] : undefined;
};

/** A partition's state from the fields of a PartitionRegistration (3.9, 4.x) or LeaderAndIsrPartitionState (3.9). */
export function registrationState(origin: EventOrigin, topic: string, partition: number, fields: string): PartitionState | undefined {
  const leader = intField(fields, 'leader');
  const leaderEpoch = intField(fields, 'leaderEpoch');
  if (leader === undefined || leaderEpoch === undefined) return undefined;
  return {
    origin,
    topic,
    partition,
    leader: leader < 0 ? null : leader,
    leaderEpoch,
    partitionEpoch: intField(fields, 'partitionEpoch'),
    isr: listField(fields, 'isr'),
    elr: listField(fields, 'elr'),
    lastKnownElr: listField(fields, 'lastKnownElr'),
  };
}
