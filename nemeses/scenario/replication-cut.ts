// The first step of the scenarios that attack replication (isr-shrink, leader-crash-window): cut a partition's leader
// off from its followers on the brokers' port only — the one replication uses — so the leader keeps its link to the
// controller quorum and to the clients. Returns the step's outcome, with the partition's state before the cut.
import type { NemesisOutcome } from '../../core/plugins.ts';
import { outcome, type FaultEnv } from '../family.ts';
import { cutLinks } from '../netns/links.ts';
import { describeState, type TargetPartition } from './partition-choice.ts';

export async function cutReplication(env: FaultEnv, family: string, target: TargetPartition, detail: Record<string, unknown> = {}): Promise<NemesisOutcome> {
  const port = env.cluster.system.ports.client;
  const targets = await cutLinks(target.followers.map((f) => ({ a: target.leader, b: f, port })));
  return outcome('ok', {
    family,
    action: 'cut-replication',
    phase: 'start',
    targets,
    detail: {
      topic: target.topic,
      partition: target.partition,
      leader: target.leader.name,
      followers: target.followers.map((f) => f.name),
      port,
      ...detail,
      before: describeState(target.topic, target.state),
    },
  });
}
