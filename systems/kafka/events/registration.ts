// Broker registrations as the controllers replay them from the metadata log: a broker registered (a new incarnation
// after each start), fenced (its session timed out, or it shut down) and unfenced. Every controller replays the same
// record, and a restarted one replays old records again; the assembler keeps the earliest of each (by broker epoch).
import type { BrokerRegistrationEvent } from '../../../core/events.ts';
import type { Matcher } from './node-log.ts';

// 3.9:  [QuorumController id=1] Fencing broker 3 because its session has timed out.
// 4.x:  [QuorumController id=1] Fencing broker 2 at epoch 12 because its session has timed out.
const FENCING = /^\[QuorumController id=\d+\] Fencing broker (\d+)(?: at epoch (\d+))? because (.+?)\.?$/;

// 3.9:  [QuorumController id=1] Replayed BrokerRegistrationChangeRecord modifying the registration for broker 3: BrokerRegistrationChangeRecord(brokerId=3, brokerEpoch=7, fenced=1, inControlledShutdown=0, logDirs=[])
// 4.x:  [QuorumController id=1] Replayed BrokerRegistrationChangeRecord modifying the registration for broker 3: BrokerRegistrationChangeRecord(brokerId=3, brokerEpoch=115, fenced=-1, inControlledShutdown=0, logDirs=[], cordonedLogDirs=null)
const CHANGE = /BrokerRegistrationChangeRecord\(brokerId=(\d+), brokerEpoch=(\d+), fenced=(-?\d+)/;

// 3.9:  [QuorumController id=1] Replayed RegisterBrokerRecord establishing a new incarnation of broker 3: RegisterBrokerRecord(brokerId=3, isMigratingZkBroker=false, incarnationId=H7iaYrLVRMSPdEMxN9ldsw, brokerEpoch=108, …
// 4.x:  [QuorumController id=1] Replayed initial RegisterBrokerRecord for broker 3: RegisterBrokerRecord(brokerId=3, isMigratingZkBroker=false, incarnationId=8WoSB6GfS7KUs1p6Js4eMA, brokerEpoch=10, …
const REGISTER =
  /Replayed (?:initial RegisterBrokerRecord for broker|RegisterBrokerRecord establishing a new incarnation of broker) \d+: RegisterBrokerRecord\(brokerId=(\d+), .*?\bbrokerEpoch=(\d+)/;

export const matchRegistration: Matcher = (line, origin) => {
  const { message } = line;
  if (message.includes('Fencing broker')) {
    const m = FENCING.exec(message);
    if (!m) return undefined;
    const event: BrokerRegistrationEvent = {
      kind: 'broker-fenced',
      ...origin,
      broker: Number(m[1]),
      ...(m[2] ? { brokerEpoch: Number(m[2]) } : {}),
      reason: m[3]!,
    };
    return [{ kind: 'event', event, ...(m[2] ? { key: `broker-fenced:${m[1]}@${m[2]}` } : {}) }];
  }
  if (message.includes('Replayed BrokerRegistrationChangeRecord')) {
    const m = CHANGE.exec(message);
    if (!m || m[3] === '0') return undefined;
    const kind = m[3] === '1' ? 'broker-fenced' : 'broker-unfenced';
    return [{ kind: 'event', key: `${kind}:${m[1]}@${m[2]}`, event: { kind, ...origin, broker: Number(m[1]), brokerEpoch: Number(m[2]) } }];
  }
  if (!message.includes('RegisterBrokerRecord(')) return undefined;
  const m = REGISTER.exec(message);
  if (!m) return undefined;
  return [
    {
      kind: 'event',
      key: `broker-registered:${m[1]}@${m[2]}`,
      event: { kind: 'broker-registered', ...origin, broker: Number(m[1]), brokerEpoch: Number(m[2]) },
    },
  ];
};
