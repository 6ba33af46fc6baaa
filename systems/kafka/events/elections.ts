// Elections the controller logs: a leader chosen outside the ISR. 3.9 and 4.x both log an "UNCLEAN partition change";
// on 4.x (eligible leader replicas, KIP-966) the same line with `lastKnownElr: [b] -> []` and leader b is the
// last-known-leader election (the partition's last leader, back after every replica left the ISR, elected without
// unclean leader election being enabled). 4.x also logs a clean election from the ELR ("using ELR").
import { parseIdList, splitTopicPartition } from './log-line.ts';
import { registrationState } from './partition-state.ts';
import type { Matcher, Observation } from './node-log.ts';

// 3.9:  [QuorumController id=1] UNCLEAN partition change for faultline-lost-writes-2 with topic ID ggOuaqIUS-Oseh3EYh9oew: isr: [1] -> [2], leader: 1 -> 2, leaderRecoveryState: RECOVERED -> RECOVERING, leaderEpoch: 0 -> 1, partitionEpoch: 1 -> 2
// 4.x:  [QuorumController id=1] UNCLEAN partition change for faultline-lost-writes-0 with topic ID Aiwzm8T_RL27UV6FjqC91g: isr: [] -> [2], leader: -1 -> 2, leaderRecoveryState: RECOVERED -> RECOVERING, leaderEpoch: 3 -> 4, lastKnownElr: [2] -> [], partitionEpoch: 9 -> 10
const UNCLEAN = /UNCLEAN partition change for (\S+) with topic ID [\w-]+: (.*)$/;
const change = (text: string, name: string): [string, string] | undefined => {
  const m = new RegExp(`\\b${name}: (\\[[^\\]]*\\]|-?\\d+) -> (\\[[^\\]]*\\]|-?\\d+)`).exec(text);
  return m ? [m[1]!, m[2]!] : undefined;
};

// 4.x:  Setting new leader for topicId Aiwzm8T_RL27UV6FjqC91g, partition 0 to 2 using ELR. Previous partition: PartitionRegistration(replicas=[2, 3, 1], directories=[…], isr=[], removingReplicas=[], addingReplicas=[], elr=[2], lastKnownElr=[2], leader=-1, leaderRecoveryState=RECOVERED, leaderEpoch=1, partitionEpoch=3), change record: …
const ELR_ELECTION = /^Setting new leader for topicId ([\w-]+), partition (\d+) to (\d+) using ELR\. Previous partition: PartitionRegistration\(([^)]*)\)/;

const leaderOf = (id: number): number | null => (id < 0 ? null : id);

export const matchElections: Matcher = (line, origin, log) => {
  const { message } = line;
  if (message.includes('UNCLEAN partition change')) {
    const m = UNCLEAN.exec(message);
    const where = m && splitTopicPartition(m[1]!);
    if (!m || !where) return undefined;
    const fields = m[2]!;
    const leader = change(fields, 'leader');
    const epoch = change(fields, 'leaderEpoch');
    if (!leader || !epoch) return undefined;
    const isr = change(fields, 'isr');
    const lastKnownElr = change(fields, 'lastKnownElr');
    const partitionEpoch = change(fields, 'partitionEpoch');
    const newLeader = leaderOf(Number(leader[1]));
    const lastKnown = lastKnownElr ? parseIdList(lastKnownElr[0]) : [];
    const isrFrom = isr ? parseIdList(isr[0]) : [];
    const isrTo = isr ? parseIdList(isr[1]) : [];
    const kind = newLeader !== null && lastKnown.includes(newLeader) && isrFrom.length === 0 ? 'last-known-leader-election' : 'unclean-election';
    const out: Observation[] = [
      {
        kind: 'event',
        key: `election:${where.topic}-${where.partition}@${epoch[1]}`,
        event: { kind, ...origin, ...where, leader: newLeader, previousLeader: leaderOf(Number(leader[0])), epoch: Number(epoch[1]), isrFrom, isrTo },
      },
      {
        kind: 'state',
        state: {
          origin,
          ...where,
          leader: newLeader,
          leaderEpoch: Number(epoch[1]),
          previousLeader: leaderOf(Number(leader[0])),
          previousEpoch: Number(epoch[0]),
          ...(partitionEpoch ? { partitionEpoch: Number(partitionEpoch[1]) } : {}),
          ...(isr ? { isr: isrTo } : {}),
        },
      },
    ];
    return out;
  }
  if (!message.startsWith('Setting new leader for topicId')) return undefined;
  const m = ELR_ELECTION.exec(message);
  const topic = m && log.topicNames.get(m[1]!);
  const before = m && topic ? registrationState(origin, topic, Number(m[2]), m[4]!) : undefined;
  if (!m || !topic || !before) return undefined;
  // The line tells the registration before the election (with its ELR) and who the ELR election chose; a new leader
  // always gets the next leader epoch.
  return [
    { kind: 'state', state: before },
    { kind: 'state', state: { origin, topic, partition: Number(m[2]), leader: Number(m[3]), leaderEpoch: before.leaderEpoch! + 1, election: 'elr' } },
  ];
};
