// docker-compose.yml agrees with the topology faultline creates; broker config and topology rules hold.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCompose } from '../../../systems/kafka/compose.ts';
import { nodeImageTag } from '../../../runtime/docker/image.ts';
import { parseBrokerOverrides, serverProperties } from '../../../systems/kafka/broker-config.ts';
import { bootstrapServers, topology } from '../../../systems/kafka/topology.ts';
import { mavenArtifactsFor } from '../../../systems/kafka/versions.ts';
import { newClusterId } from '../../../systems/kafka/cluster.ts';
import { rotateBootstrap } from '../../../systems/kafka/bootstrap.ts';
import { repoRoot } from '../../../core/paths.ts';

describe('docker-compose.yml', () => {
  it('is exactly what the topology code renders (regenerate with `faultline cluster compose > docker-compose.yml`)', () => {
    expect(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')).toBe(renderCompose(nodeImageTag()));
  });

  it('names every node of the default topology with its IP, container name and quorum', () => {
    const text = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
    const t = topology(3, 'faultline', '10.88.7.0/24');
    for (const n of t.nodes) {
      expect(text).toContain(`container_name: faultline-${n.name}`);
      expect(text).toContain(`ipv4_address: ${n.ip}`);
      expect(text).toContain(`node.id=${n.id}`);
    }
    expect(text).toContain(`subnet: ${t.subnet}`);
    expect(text).toContain('controller.quorum.voters=1@10.88.7.11:9093,2@10.88.7.12:9093,3@10.88.7.13:9093');
  });
});

describe('broker config', () => {
  it('safe defaults scale down for small clusters, overrides win, topology keys stay per node', () => {
    const t1 = topology(1, 'x', '10.1.2.0/24');
    const p1 = serverProperties(t1, t1.nodes[0]!, {});
    expect(p1['default.replication.factor']).toBe('1');
    expect(p1['min.insync.replicas']).toBe('1');
    const t5 = topology(5, 'x', '10.1.2.0/24');
    const p5 = serverProperties(t5, t5.nodes[4]!, parseBrokerOverrides(['min.insync.replicas=3', 'log.flush.interval.messages=1']));
    expect(p5['node.id']).toBe('5');
    expect(p5['min.insync.replicas']).toBe('3');
    expect(p5['log.flush.interval.messages']).toBe('1');
    expect(p5['unclean.leader.election.enable']).toBe('false');
    expect(p5.listeners).toBe('PLAINTEXT://10.1.2.15:9092,CONTROLLER://10.1.2.15:9093');
  });

  it('rejects malformed overrides and per-node keys with the fix in the message', () => {
    expect(() => parseBrokerOverrides(['=x'])).toThrow(/expected key=value/);
    expect(() => parseBrokerOverrides(['node.id=4'])).toThrow(/cannot be overridden/);
    expect(parseBrokerOverrides(['a.b='])).toEqual({ 'a.b': '' });
  });

  it('topology rejects node counts outside 1..9 and odd subnets', () => {
    expect(() => topology(0)).toThrow(/from 1 to 9/);
    expect(() => topology(10)).toThrow(/from 1 to 9/);
    expect(() => topology(3, 'x', '10.0.0.0/16')).toThrow(/give a \/24/);
  });
});

describe('Kafka build resolution', () => {
  it('picks the logging binding each release line needs', () => {
    expect(mavenArtifactsFor('4.4.0').map((a) => a.artifactId)).toEqual(['kafka_2.13', 'kafka-tools', 'log4j-slf4j-impl', 'log4j-core']);
    expect(mavenArtifactsFor('3.9.1').map((a) => a.artifactId)).toEqual(['kafka_2.13', 'kafka-tools', 'slf4j-reload4j', 'reload4j']);
  });

  it('cluster ids are 22-character base64url strings not starting with a dash', () => {
    for (let i = 0; i < 200; i++) expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });

  it('bootstrap lists rotate per process', () => {
    expect(rotateBootstrap(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotateBootstrap(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
  });
});

describe('dedicated controllers', () => {
  it('brokers n1..nN are brokers only and controllers c1..cK (ids 101..) form the quorum', () => {
    const t = topology(3, 'x', '10.1.2.0/24', 3);
    expect(t.nodes.map((n) => [n.name, n.id, n.ip, n.roles.join('+')])).toEqual([
      ['n1', 1, '10.1.2.11', 'broker'],
      ['n2', 2, '10.1.2.12', 'broker'],
      ['n3', 3, '10.1.2.13', 'broker'],
      ['c1', 101, '10.1.2.21', 'controller'],
      ['c2', 102, '10.1.2.22', 'controller'],
      ['c3', 103, '10.1.2.23', 'controller'],
    ]);
    expect(bootstrapServers(t)).toEqual(['10.1.2.11:9092', '10.1.2.12:9092', '10.1.2.13:9092']);
    const broker = serverProperties(t, t.nodes[0]!, {});
    expect(broker).toMatchObject({
      'process.roles': 'broker',
      listeners: 'PLAINTEXT://10.1.2.11:9092',
      'controller.quorum.voters': '101@10.1.2.21:9093,102@10.1.2.22:9093,103@10.1.2.23:9093',
      'default.replication.factor': '3',
    });
    const controller = serverProperties(t, t.nodes[3]!, {});
    expect(controller).toMatchObject({ 'process.roles': 'controller', listeners: 'CONTROLLER://10.1.2.21:9093', 'controller.listener.names': 'CONTROLLER' });
    expect(controller['advertised.listeners']).toBeUndefined();
    expect(controller['inter.broker.listener.name']).toBeUndefined();
  });

  it('combined mode is the default; a controller count out of range is refused', () => {
    expect(serverProperties(topology(3, 'x', '10.1.2.0/24'), topology(3, 'x', '10.1.2.0/24').nodes[0]!, {})['process.roles']).toBe('broker,controller');
    expect(() => topology(3, 'x', '10.1.2.0/24', 6)).toThrow(/--controllers 6: must be a whole number from 0/);
  });
});
