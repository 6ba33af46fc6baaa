// What every attribution needs from a history and its broker events, computed once per check: the faults, the op
// pairs, broker ids ↔ node names, each partition's history, and where each partition's final read completed.
import { brokerNames, type BrokerEvent, type PartitionRef } from '../../core/events.ts';
import { isClientProcess, type Op } from '../../core/history/op.ts';
import { pairOps } from '../../core/history/pairing.ts';
import { faultsOf, type Fault } from './faults.ts';
import { PartitionHistory, workloadTopics } from './partition-history.ts';

export class CausalContext {
  readonly faults: Fault[];
  readonly topics: string[];
  readonly hasEvents: boolean;
  readonly hasMonitor: boolean;
  private readonly partners = new Map<number, Op>();
  private readonly byIndex: (index: number) => Op | undefined;
  private readonly names: (broker: number) => string;
  private readonly brokers = new Map<string, number>();
  private readonly histories = new Map<string, PartitionHistory>();
  private readonly finalReads = new Map<number, Op>();

  constructor(
    readonly ops: readonly Op[],
    readonly events: readonly BrokerEvent[],
  ) {
    this.faults = faultsOf(ops);
    this.topics = workloadTopics(ops, events);
    this.hasEvents = events.length > 0;
    this.hasMonitor = ops.some((op) => op.process === 'monitor' && op.type === 'ok');
    const dense = ops.every((op, i) => op.index === i);
    const map = dense ? undefined : new Map(ops.map((op) => [op.index, op]));
    this.byIndex = (index) => (map ? map.get(index) : ops[index]);
    for (const pair of pairOps(ops, { lenient: true })) {
      if (!pair.completion) continue;
      this.partners.set(pair.invoke.index, pair.completion);
      this.partners.set(pair.completion.index, pair.invoke);
      const v = pair.completion.value as { partition?: unknown; records?: unknown } | undefined;
      if (
        isClientProcess(pair.process) &&
        pair.f === 'read' &&
        pair.type === 'ok' &&
        typeof v?.partition === 'number' &&
        Array.isArray(v.records) &&
        !this.finalReads.has(v.partition)
      ) {
        this.finalReads.set(v.partition, pair.completion);
      }
    }
    this.names = brokerNames(events);
    for (const e of events) if (e.kind === 'broker-started' && e.broker !== undefined) this.brokers.set(e.node, e.broker);
  }

  op(index: number): Op | undefined {
    return this.byIndex(index);
  }

  /** The other half of an op's invocation/completion pair. */
  partner(index: number): Op | undefined {
    return this.partners.get(index);
  }

  /** "n3" for broker 3 (by the nodes' own logs), "no broker" for none. */
  nameOf(broker: number | null | undefined): string {
    return broker === null || broker === undefined ? 'no broker' : this.names(broker);
  }

  /** The broker id of a node name, by the logs, else by faultline's naming (n3 runs broker 3). */
  brokerOf(node: string): number | undefined {
    const known = this.brokers.get(node);
    if (known !== undefined) return known;
    const m = /^n(\d+)$/.exec(node);
    return m ? Number(m[1]) : undefined;
  }

  /** The partition an anomaly names by number, in the workload's topic (undefined when the topic is ambiguous). */
  partitionRef(partition: number, topic?: string): PartitionRef | undefined {
    if (topic) return { topic, partition };
    return this.topics.length === 1 ? { topic: this.topics[0]!, partition } : undefined;
  }

  history(ref: PartitionRef): PartitionHistory {
    const key = `${ref.topic}\u0000${ref.partition}`;
    let h = this.histories.get(key);
    if (!h) this.histories.set(key, (h = new PartitionHistory(ref, this.events, this.ops)));
    return h;
  }

  /** The completion of the first successful final read of a partition (lost-writes histories). */
  finalRead(partition: number): Op | undefined {
    return this.finalReads.get(partition);
  }

  /** What facts can rest on in this run. */
  basis(): string[] {
    return [...(this.hasEvents ? ['broker events'] : []), ...(this.hasMonitor ? ['monitor rounds'] : []), 'history'];
  }
}
