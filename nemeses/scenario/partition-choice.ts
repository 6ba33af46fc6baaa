// What Kafka-aware scenarios aim at: one partition of the workload's topic with a live leader and followers in its
// ISR, and waiting (by asking the cluster, never by sleeping a guessed time) until its state is what a step needs.
import { nodeById, type ClusterNode, type PartitionState } from '../../core/cluster.ts';
import type { Random } from '../../core/generator/random.ts';
import type { FaultEnv } from '../family.ts';

export interface TargetPartition {
  topic: string;
  partition: number;
  leader: ClusterNode;
  /** Every replica other than the leader (in the ISR or catching up: any of them may rejoin it). */
  followers: ClusterNode[];
  state: PartitionState;
}

/** A random partition of a workload topic whose leader has at least `minFollowers` followers in the ISR. */
export async function choosePartition(env: FaultEnv, rng: Random, minFollowers = 1): Promise<TargetPartition> {
  if (env.topics.length === 0) throw new Error('no workload topic to aim at');
  const topic = rng.pick(env.topics);
  const states = await env.cluster.system.partitionStates(topic);
  const fit = states.filter((s) => s.leader >= 0 && s.isr.includes(s.leader) && s.isr.filter((r) => r !== s.leader).length >= minFollowers);
  if (fit.length === 0)
    throw new Error(
      `no partition of ${topic} has a leader and ${minFollowers} follower(s) in its ISR (${states.map((s) => `${s.partition}: leader ${s.leader} isr [${s.isr}]`).join('; ')})`,
    );
  const state = rng.pick(fit);
  const node = (id: number): ClusterNode => {
    const n = nodeById(env.cluster, id);
    if (!n) throw new Error(`partition ${topic}/${state.partition} names node ${id}, which the cluster does not have`);
    return n;
  };
  return { topic, partition: state.partition, leader: node(state.leader), followers: state.replicas.filter((r) => r !== state.leader).map(node), state };
}

export interface Awaited {
  reached: boolean;
  waitedMs: number;
  state?: PartitionState;
  /** Why the last look failed, when it did. */
  error?: string;
}

/** Asks the cluster every `everyMs` until `wanted(state)` holds for the partition, or `timeoutMs` passes. */
export async function awaitPartition(
  env: FaultEnv,
  topic: string,
  partition: number,
  wanted: (s: PartitionState) => boolean,
  timeoutMs: number,
  everyMs = 500,
  via?: ClusterNode,
): Promise<Awaited> {
  const t0 = Date.now();
  let last: Awaited = { reached: false, waitedMs: 0 };
  for (;;) {
    try {
      const state = (await env.cluster.system.partitionStates(topic, via)).find((s) => s.partition === partition);
      last = { reached: !!state && wanted(state), waitedMs: Date.now() - t0, state };
    } catch (e) {
      last = { reached: false, waitedMs: Date.now() - t0, state: last.state, error: e instanceof Error ? e.message : String(e) };
    }
    if (last.reached || Date.now() - t0 >= timeoutMs) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** "faultline-lost-writes/3: leader 2 (epoch 4), isr [2], elr []" */
export const describeState = (topic: string, s: PartitionState | undefined): string =>
  s ? `${topic}/${s.partition}: leader ${s.leader} (epoch ${s.leaderEpoch}), isr [${s.isr.join(',')}], elr [${s.elr.join(',')}]` : `${topic}: not known`;
