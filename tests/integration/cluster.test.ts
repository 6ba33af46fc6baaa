// Integration: a real KRaft cluster through the CLI, for the default Kafka version and a 3.9.x release:
// up → a third-party client (kcat) and our client produce/consume with RF 3 → Kafka's own quorum tool in a node →
// kill the partition leader → the cluster fails over and still serves acks=all writes → down leaves nothing behind.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { DEFAULT_KAFKA_VERSION } from '../../systems/kafka/versions.ts';
import { LogReader } from '../../systems/kafka/log-reader.ts';
import { createTopic, partitionLeaders } from '../../systems/kafka/topics.ts';
import { topology, bootstrapServers } from '../../systems/kafka/topology.ts';
import { faultline, leftovers } from './cli.ts';

const CLUSTER = process.env.FAULTLINE_CLUSTER ?? 'faultline';

async function kcat(args: string[], input?: string): Promise<string> {
  const r = await execa('kcat', args, { input, reject: false, timeout: 60_000 });
  if (r.exitCode !== 0) throw new Error(`kcat ${args.join(' ')} failed (${r.exitCode}): ${r.stderr}`);
  return r.stdout;
}

async function produceAll(bootstrap: string[], topic: string, values: string[]): Promise<number[]> {
  // Idempotent with client retries: a retry after a leader change cannot duplicate a record.
  // Note: @platformatic/kafka takes acks per send (the producer-level option is not a default), so pass it here.
  const producer = new Producer({
    clientId: 'it',
    bootstrapBrokers: bootstrap,
    serializers: stringSerializers,
    idempotent: true,
    retries: 30,
    retryDelay: 1000,
    timeout: 30_000,
  });
  try {
    const offsets: number[] = [];
    for (const v of values) {
      const r = await producer.send({ messages: [{ topic, partition: 0, value: v }], acks: -1 });
      offsets.push(Number(r.offsets?.[0]?.offset ?? -1));
    }
    return offsets;
  } finally {
    await producer.close(true);
  }
}

describe.each([DEFAULT_KAFKA_VERSION, '3.9.1'])('Kafka %s cluster lifecycle', (version) => {
  it('comes up, serves RF-3 topics to third-party and own clients, survives a node loss, and goes away', async () => {
    const which = await execa('sh', ['-c', 'command -v kcat'], { reject: false });
    expect(which.exitCode, 'kcat is needed on the host (apt-get install kcat; .ci/run installs it)').toBe(0);

    const up = await faultline(['cluster', 'up', '--kafka', version, '--fresh']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`Kafka ${version.replace(/\./g, '\\.')}`));

    const status = await faultline(['cluster', 'status', '--json']);
    expect(status.exitCode).toBe(0);
    const s = JSON.parse(status.stdout) as { brokers: number[]; quorumLeader: number; quorumVoters: number[]; version: string };
    expect(s.brokers).toEqual([1, 2, 3]);
    expect(s.quorumVoters).toEqual([1, 2, 3]);
    expect([1, 2, 3]).toContain(s.quorumLeader);
    expect(s.version).toBe(version);

    const t = topology(3, CLUSTER);
    const bootstrap = bootstrapServers(t);
    // A third-party client lists the brokers and round-trips records on an RF-3 topic.
    const listing = await kcat(['-b', bootstrap[0]!, '-L']);
    expect(listing).toMatch(/3 brokers:/);
    const cluster = { bootstrap };
    await createTopic(cluster, { name: 'it-kcat', partitions: 1, replicationFactor: 3 });
    await kcat(['-b', bootstrap[1]!, '-P', '-t', 'it-kcat', '-X', 'acks=all'], ['a', 'b', 'c'].join('\n') + '\n');
    const consumed = await kcat(['-b', bootstrap[2]!, '-C', '-t', 'it-kcat', '-o', 'beginning', '-e', '-q']);
    expect(consumed.trim().split('\n')).toEqual(['a', 'b', 'c']);
    const described = await kcat(['-b', bootstrap[0]!, '-L', '-t', 'it-kcat']);
    expect(described).toMatch(/replicas: \d,\d,\d/);

    // Kafka's own tool, run from /opt/kafka/libs inside a node, sees 3 voters and a leader.
    const quorum = await execa(
      'docker',
      ['exec', `${CLUSTER}-n1`, '/opt/faultline/kafka-metadata-quorum', '--bootstrap-server', 'n1:9092', 'describe', '--status'],
      { reject: false },
    );
    expect(quorum.exitCode, quorum.stderr).toBe(0);
    expect(quorum.stdout).toMatch(/LeaderId:\s+[123]/);
    expect((quorum.stdout.match(/"id": \d/g) ?? []).length).toBe(3);

    // Our client: write, lose one node, keep writing with acks=all (RF 3, min ISR 2), read everything back.
    await createTopic(cluster, { name: 'it-own', partitions: 1, replicationFactor: 3 });
    const before = await produceAll(bootstrap, 'it-own', ['v0', 'v1', 'v2']);
    expect(before).toEqual([0, 1, 2]);
    // Kill the partition's leader, so that serving on means a real failover. The controller moves leadership once
    // the dead broker's session expires (9 s by default); until then metadata still names it, and this client retries
    // the leader its metadata named without refreshing on connection errors — so wait for the move first.
    const [leader] = await partitionLeaders(bootstrap, 'it-own');
    expect([1, 2, 3]).toContain(leader);
    await execa('docker', ['kill', '--signal', 'SIGKILL', `${CLUSTER}-n${leader}`]);
    const alive = bootstrap.filter((_, i) => i + 1 !== leader);
    const leaderNow = async (): Promise<number> => (await partitionLeaders(alive, 'it-own').catch(() => [-1]))[0] ?? -1;
    const moved = Date.now() + 60_000;
    while ([-1, leader].includes(await leaderNow())) {
      expect(Date.now(), `partition it-own/0 has no new leader 60 s after its leader n${leader} was killed`).toBeLessThan(moved);
      await new Promise((r) => setTimeout(r, 500));
    }
    const after = await produceAll(alive, 'it-own', ['v3', 'v4']);
    expect(after).toEqual([3, 4]);
    const reader = new LogReader({ bootstrap: alive, topic: 'it-own' });
    try {
      const [end] = await reader.endOffsets();
      const read = await reader.readPartition(0, end!, Date.now() + 60_000);
      expect(read.records.map((r) => r.value)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    } finally {
      await reader.close();
    }

    const down = await faultline(['cluster', 'down']);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(await leftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
  });
});
