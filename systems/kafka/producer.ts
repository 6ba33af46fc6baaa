// The producer every workload uses: one request per op (client retries off, so an error describes that request
// alone — see outcome.ts), a request timeout inside the op timeout, fast connect failures on the bridge network,
// a bootstrap order rotated per process (bootstrap.ts), and the connection-pool guards (client-guards.ts).
import { Producer, stringSerializers, type ProducerOptions } from '@platformatic/kafka';
import type { RunEnv } from '../../core/plugins.ts';
import { rotateBootstrap } from './bootstrap.ts';
import { guardConnectionPool } from './client-guards.ts';

export type StringProducer = Producer<string, string, string, string>;

export function workloadProducer(env: RunEnv, process: number, extra: Partial<ProducerOptions<string, string, string, string>> = {}): StringProducer {
  return guardConnectionPool(new Producer({
    clientId: `faultline-${env.spec.workload}-${process}`,
    bootstrapBrokers: rotateBootstrap(env.cluster.bootstrap, process),
    serializers: stringSerializers,
    retries: 0,
    timeout: Math.max(1000, env.spec.opTimeoutMs - 500),
    connectTimeout: 1000,
    ...extra,
  }));
}
