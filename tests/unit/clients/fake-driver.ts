// A scripted stand-in for the Java driver: answers each request from a handler per op (or a queue of answers), and
// records every request, so the Java adapters' mapping can be tested without a JVM or a broker.
import { JavaClientError, type DriverLink } from '../../../systems/kafka/java-client/index.ts';
import type { DriverErrorInfo } from '../../../systems/kafka/java-client/protocol.ts';

export type Answer = unknown | Error | ((args: Record<string, unknown>) => unknown);

export class FakeDriver implements DriverLink {
  readonly calls: Array<{ op: string; args: Record<string, unknown> }> = [];
  private readonly queues = new Map<string, Answer[]>();
  private readonly defaults = new Map<string, Answer>();
  private handles = 0;

  constructor() {
    for (const kind of ['producer', 'consumer', 'admin'])
      this.always(`${kind}.open`, () => ({
        handle: `h${++this.handles}`,
        transactional: false,
        idempotent: false,
        acks: 'all',
        retries: 0,
        transactionV2: null,
      }));
    this.always('close', {});
  }

  /** Answers every request of `op` with `answer` (after any queued ones). */
  always(op: string, answer: Answer): this {
    this.defaults.set(op, answer);
    return this;
  }

  /** Answers the next requests of `op` with these, in order. */
  next(op: string, ...answers: Answer[]): this {
    this.queues.set(op, [...(this.queues.get(op) ?? []), ...answers]);
    return this;
  }

  request<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    this.calls.push({ op, args });
    const queued = this.queues.get(op);
    const answer = queued && queued.length > 0 ? queued.shift() : this.defaults.get(op);
    if (answer === undefined) return Promise.reject(new Error(`the fake driver has no answer for ${op}`));
    try {
      const value = typeof answer === 'function' ? (answer as (a: Record<string, unknown>) => unknown)(args) : answer;
      return value instanceof Error ? Promise.reject(value) : Promise.resolve(value as T);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The requests of one op, in order. */
  requestsOf(op: string): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.op === op).map((c) => c.args);
  }

  /** The ops requested, in order, leaving out opens and closes. */
  sequence(): string[] {
    return this.calls.map((c) => c.op).filter((op) => !op.endsWith('.open') && op !== 'close');
  }
}

/** A Java exception as the driver reports it. */
export function javaError(op: string, info: Partial<DriverErrorInfo> & Pick<DriverErrorInfo, 'outcome'>): JavaClientError {
  return new JavaClientError(op, { class: 'org.apache.kafka.common.KafkaException', message: 'm', causeChain: [], ...info });
}

/** A producer.send answer. */
export const sent = (partition: number, offset: number | null, attempts: number | null = 1, retriesDuringSend = 0) => ({
  topic: 't',
  partition,
  offset,
  timestamp: 0,
  attempts,
  retriesDuringSend,
});
