// The canary matrix: known-unsafe Kafka configurations, each paired with its safe twin under the same scenario and
// seeds, and what faultline must report for each. A harness that misses an unsafe canary, or flags a safe twin, cannot
// be trusted as a gate. Entries use `faultline test` option names (as suite files do).
import type { Entry } from '../suite/suite-file.ts';

/** What a run must show: the run invalid, or (for behaviour Kafka's model allows) an anomaly class reported. */
export type Expectation = { kind: 'invalid' } | { kind: 'reports'; anomaly: string };

export interface Canary {
  name: string;
  /** Why the configuration is unsafe, and what the twin changes. */
  why: string;
  unsafe: Entry;
  safe: Entry;
  expect: Expectation;
  /**
   * Kafka versions before `version` lose data under the twin's settings too (a broker fix came later): there the twin
   * is expected to be flagged like the canary, and the table says why.
   */
  twinUnsafeBefore?: { version: string; why: string };
}

export const CANARIES: Canary[] = [
  {
    name: 'acks1-leader-crash',
    why: 'acks=1: a leader acknowledges alone; crashing it after a window in which no follower fetched loses those writes (twin: acks=all)',
    unsafe: { workload: 'lost-writes', acks: '1', nemesis: 'leader-crash-window', 'time-limit': 45, 'nemesis-interval': 12 },
    safe: { workload: 'lost-writes', acks: 'all', nemesis: 'leader-crash-window', 'time-limit': 45, 'nemesis-interval': 12 },
    expect: { kind: 'invalid' },
  },
  {
    name: 'unclean-isr-shrink',
    why: 'unclean.leader.election.enable=true with min.insync.replicas=1: the shrunk ISR acknowledges alone and an out-of-sync follower takes over after the crash (twin: defaults)',
    unsafe: {
      workload: 'lost-writes',
      nemesis: 'isr-shrink',
      'broker-config': ['unclean.leader.election.enable=true', 'min.insync.replicas=1'],
      'time-limit': 75,
      'nemesis-interval': 20,
    },
    safe: { workload: 'lost-writes', nemesis: 'isr-shrink', 'time-limit': 75, 'nemesis-interval': 20 },
    expect: { kind: 'invalid' },
  },
  {
    name: 'min-isr-1-power-loss',
    why: 'min.insync.replicas=1 with acks=all: once the ISR shrank to the leader, a write is acknowledged with one copy, which a power loss of that leader erases (twin: min.insync.replicas=2, which refuses those writes)',
    unsafe: {
      workload: 'lost-writes',
      nemesis: 'isr-shrink',
      'isr-shrink-then': 'power-loss',
      'broker-config': ['min.insync.replicas=1'],
      'time-limit': 75,
      'nemesis-interval': 20,
    },
    safe: { workload: 'lost-writes', nemesis: 'isr-shrink', 'isr-shrink-then': 'power-loss', 'time-limit': 75, 'nemesis-interval': 20 },
    expect: { kind: 'invalid' },
    twinUnsafeBefore: {
      version: '4.1.0',
      why: 'no Eligible Leader Replicas (KIP-966, on by default from 4.1): the lone ISR leader comes back from the power loss with its unflushed log rolled back, is elected again as the only ISR member, and the followers that had the acknowledged writes truncate to it',
    },
  },
  {
    name: 'retries-without-idempotence',
    why: 'producer retries without idempotence: a send that was appended but not acknowledged is appended again (twin: the idempotent producer)',
    unsafe: { workload: 'queue', retries: 5, nemesis: 'kill', 'kill-target': 'leader', 'time-limit': 45 },
    safe: { workload: 'queue', idempotent: true, nemesis: 'kill', 'kill-target': 'leader', 'time-limit': 45 },
    expect: { kind: 'reports', anomaly: 'duplicate' },
  },
  {
    name: 'read-uncommitted-aborts',
    why: 'read_uncommitted consumers see records of transactions that abort (twin: read_committed)',
    unsafe: { workload: 'queue', txn: true, isolation: 'read_uncommitted', 'abort-fraction': 0.2, nemesis: 'kill', 'kill-target': 'leader', 'time-limit': 45 },
    safe: { workload: 'queue', txn: true, isolation: 'read_committed', 'abort-fraction': 0.2, nemesis: 'kill', 'kill-target': 'leader', 'time-limit': 45 },
    expect: { kind: 'reports', anomaly: 'aborted-read' },
  },
];
