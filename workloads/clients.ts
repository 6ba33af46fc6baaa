// The run's Kafka clients as a workload holds them: opened in setup (with --client java the driver JVM starts there,
// its stderr going to <run>/java-client.log), used for every client the workload makes, and closed by Workload.close,
// which reports which client ran the ops.
import { join } from 'node:path';
import { errorMessage } from '../core/errors.ts';
import type { RunEnv } from '../core/plugins.ts';
import type { ClientSummary } from '../core/result.ts';
import type { TestSpec } from '../core/spec.ts';
import { JAVA_CLIENT_LOG, notStartedSummary, openKafkaClients } from '../systems/kafka/clients/index.ts';
import type { KafkaClients } from '../systems/kafka/clients/types.ts';

export class RunClients {
  private clients: KafkaClients | undefined;

  constructor(private readonly spec: TestSpec) {}

  /** Opens the clients for the run (once); call from Workload.setup. */
  async open(env: RunEnv): Promise<KafkaClients> {
    this.clients ??= await openKafkaClients({
      client: this.spec.client,
      bootstrap: env.cluster.bootstrap,
      nodeNames: new Map(env.cluster.nodes.map((n) => [n.ip, n.name])),
      opTimeoutMs: this.spec.opTimeoutMs,
      source: this.spec.cluster.source,
      progress: env.progress,
      logFile: join(env.runDir, JAVA_CLIENT_LOG),
      clientHost: env.cluster.clientHost,
    });
    return this.clients;
  }

  /** The clients opened by setup. */
  get(): KafkaClients {
    if (!this.clients) throw new Error(`the ${this.spec.workload} workload's clients are not open: setup did not run`);
    return this.clients;
  }

  /** Ends the clients (the Java driver JVM) and says which client ran; also when setup never got to open them. */
  async close(): Promise<ClientSummary> {
    const clients = this.clients;
    this.clients = undefined;
    return clients ? clients.close() : notStartedSummary(this.spec.client);
  }
}

/** A read that failed: reads change nothing, so `fail`, with the client's label (the client-neutral readers reject with it). */
/** The completion fields a send's outcome carries to the history: who acknowledged it, how many requests it took. */
export const sendFacts = (r: { node?: string; requests?: number }): { node?: string; requests?: number } => ({
  ...(r.node === undefined ? {} : { node: r.node }),
  ...(r.requests === undefined ? {} : { requests: r.requests }),
});

export function readFailure(e: unknown): { type: 'fail'; error: string } {
  return { type: 'fail', error: errorMessage(e).slice(0, 200) };
}
