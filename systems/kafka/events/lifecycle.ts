// A broker process starting and stopping, and why it stopped when it says. A SIGKILL leaves no line: a kill shows as a
// start (with log recovery) without a shutdown before it.
import type { LifecycleEvent } from '../../../core/events.ts';
import type { Matcher } from './node-log.ts';

// 3.9:  [KafkaRaftServer nodeId=1] Kafka Server started
// 4.x:  [KafkaRaftServer nodeId=1] Kafka Server started
const STARTED = /^\[KafkaRaftServer nodeId=(\d+)\] Kafka Server started$/;

// 4.x:  Terminating process due to signal SIGTERM      (3.9's LoggingSignalHandler writes the same message)
const SIGNAL = /^Terminating process due to signal (SIG\w+)/;

// Reasons a broker stops itself. No recorded run of ours has these lines yet: they are the messages Kafka's source
// writes (BrokerLifecycleManager, BrokerServer, ReplicaManager), the same in 3.9 and 4.x:
//   [BrokerLifecycleManager id=2] Shutting down because we were unable to register with the controller quorum.
//   [BrokerServer id=2] Fatal error during broker startup. Prepare to shutdown
//   Shutdown broker because all log dirs in /var/lib/kafka/data have failed
const SELF_STOP: Array<[RegExp, string]> = [
  [
    /Shutting down because we were unable to register with the controller quorum/,
    'could not register with the controller quorum in time (initial.broker.registration.timeout.ms)',
  ],
  [/Fatal error during broker startup/, 'fatal error during start-up'],
  [/Shutdown broker because all log dirs in \S+ have failed/, 'all log directories failed'],
];

export const matchLifecycle: Matcher = (line, origin, log) => {
  const { message } = line;
  const started = message.endsWith('Kafka Server started') ? STARTED.exec(message) : null;
  if (started) {
    log.broker = Number(started[1]);
    const event: LifecycleEvent = { kind: 'broker-started', ...origin, broker: log.broker };
    return [{ kind: 'event', event }];
  }
  const signal = message.startsWith('Terminating process') ? SIGNAL.exec(message) : null;
  const reason = signal
    ? `signal ${signal[1]}`
    : line.level === 'ERROR' || line.level === 'FATAL' || message.startsWith('Shutdown broker')
      ? SELF_STOP.find(([re]) => re.test(message))?.[1]
      : undefined;
  if (!reason) return undefined;
  const event: LifecycleEvent = { kind: 'shutdown', ...origin, ...(log.broker !== undefined ? { broker: log.broker } : {}), reason };
  return [{ kind: 'event', event }];
};
