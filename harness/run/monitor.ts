// The monitor: while a test runs, asks every broker once a second what it believes about the workload's partitions
// (leader, leader epoch, ISR) and which brokers it considers alive, and records each round as one op of the
// `monitor` process. The metadata checker reads these rounds (two leaders claiming one epoch, epochs going backwards,
// an ISR naming a broker the same view calls dead).
import { brokerNodes } from '../../core/cluster.ts';
import { errorMessage } from '../../core/errors.ts';
import type { RunEnv } from '../../core/plugins.ts';

/** One broker's answer in a monitor round: live brokers and [topic, partition, leader, epoch, isr] rows, or why not. */
export type MonitorView = { live: number[]; partitions: Array<[string, number, number, number, number[]]> } | { error: string };

export interface Monitor {
  stop(): Promise<void>;
}

export function startMonitor(env: RunEnv, topics: string[], everyMs = 1000): Monitor {
  let stopped = false;
  let round = 0;
  const loop = (async () => {
    while (!stopped && !env.interrupted()) {
      const t0 = Date.now();
      const brokers = brokerNodes(env.cluster);
      const inv = env.history.invoke('monitor', 'metadata', { round });
      const views = await Promise.all(
        brokers.map(async (node): Promise<[string, MonitorView]> => {
          try {
            const v = await env.cluster.system.brokerView(node, topics);
            return [node.name, { live: v.liveBrokers, partitions: v.partitions.map((p) => [p.topic, p.partition, p.leader, p.leaderEpoch, p.isr]) }];
          } catch (e) {
            return [node.name, { error: errorMessage(e).slice(0, 120) }];
          }
        }),
      );
      env.history.complete(inv, 'ok', { round, views: Object.fromEntries(views) });
      round++;
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - t0))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
