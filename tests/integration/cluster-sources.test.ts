// Integration: the other two builds under test (a distribution .tgz, a prebuilt image), and abort safety of `up`.
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { cacheDir } from '../../core/paths.ts';
import { nodeImageTag } from '../../runtime/docker/image.ts';
import { DEFAULT_KAFKA_VERSION } from '../../systems/kafka/versions.ts';
import { faultline, leftovers, startFaultline } from './cli.ts';

const CLUSTER = process.env.FAULTLINE_CLUSTER ?? 'faultline';
const kafkaLibs = join(cacheDir(), 'kafka', DEFAULT_KAFKA_VERSION, 'libs');

async function statusOf(): Promise<{ brokers: number[]; quorumLeader: number; version: string }> {
  const s = await faultline(['cluster', 'status', '--json']);
  expect(s.exitCode, s.stderr).toBe(0);
  return JSON.parse(s.stdout);
}

describe('builds under test', () => {
  it("--kafka-dist with a .tgz laid out as Kafka's build produces it", async () => {
    const work = mkdtempSync(join(tmpdir(), 'faultline-dist-'));
    const home = join(work, `kafka_2.13-${DEFAULT_KAFKA_VERSION}`);
    mkdirSync(join(home, 'bin'), { recursive: true });
    mkdirSync(join(home, 'config'));
    symlinkSync(kafkaLibs, join(home, 'libs'));
    const tgz = join(work, 'dist.tgz');
    await execa('tar', ['-czhf', tgz, '-C', work, `kafka_2.13-${DEFAULT_KAFKA_VERSION}`]);
    const up = await faultline(['cluster', 'up', '--kafka-dist', tgz, '--fresh']);
    expect(up.exitCode, up.stderr).toBe(0);
    const s = await statusOf();
    expect(s.version).toBe(DEFAULT_KAFKA_VERSION);
    expect(s.brokers).toEqual([1, 2, 3]);
    expect((await faultline(['cluster', 'down'])).exitCode).toBe(0);
    expect(await leftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
  });

  it('--image with Kafka baked in at /opt/kafka', async () => {
    const image = `faultline-it-kafka:${DEFAULT_KAFKA_VERSION}`;
    // Built with Docker's own CLI: an image made outside faultline, as a user would bring one.
    const builder = (await execa('docker', ['create', nodeImageTag(), 'true'])).stdout.trim();
    try {
      await execa('docker', ['cp', `${kafkaLibs}/.`, `${builder}:/opt/kafka/libs`], { reject: true }).catch(async () => {
        // docker cp needs the target's parent: create it by copying the directory itself.
        await execa('docker', ['cp', join(kafkaLibs, '..'), `${builder}:/opt/kafka`]);
      });
      await execa('docker', ['commit', builder, image]);
    } finally {
      await execa('docker', ['rm', '-f', builder]);
    }
    try {
      const up = await faultline(['cluster', 'up', '--image', image, '--fresh']);
      expect(up.exitCode, up.stderr).toBe(0);
      const s = await statusOf();
      expect(s.brokers).toEqual([1, 2, 3]);
      expect([1, 2, 3]).toContain(s.quorumLeader);
      expect((await faultline(['cluster', 'down'])).exitCode).toBe(0);
    } finally {
      await execa('docker', ['rmi', '-f', image], { reject: false });
    }
    expect(await leftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
  });

  it('SIGINT while `cluster up` waits for the brokers removes everything it had made', async () => {
    const child = startFaultline(['cluster', 'up', '--fresh']);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never reached the wait: ${stderr}`)), 120_000);
      child.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (/waiting for 3 brokers/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, stderr).toBe(130);
    expect(await leftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
  });
});
