// Bad input never needs a cluster: each gets one clear line on stderr, exit 254, and nothing written to the store.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { repoRoot } from '../../../core/paths.ts';

const CLI = join(repoRoot, 'harness', 'cli', 'faultline.mjs');

async function run(args: string[]) {
  const store = mkdtempSync(join(tmpdir(), 'faultline-store-'));
  const r = await execa('node', [CLI, ...args], { reject: false, env: { ...process.env, FAULTLINE_STORE: store } });
  return { code: r.exitCode, stderr: r.stderr.trim(), stdout: r.stdout, storeUsed: existsSync(store) && readdirSync(store).length > 0 };
}

const notADist = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'not-kafka-'));
  mkdirSync(join(d, 'libs'));
  writeFileSync(join(d, 'libs', 'something.jar'), '');
  return d;
};

describe('bad input', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown workload', ['test', '--workload', 'nope'], /unknown workload "nope"; known: lost-writes/],
    ['unknown nemesis', ['test', '--nemesis', 'kill,meteor'], /unknown nemesis "meteor"; known: kill/],
    ['zero rate', ['test', '--rate', '0'], /--rate must be a number greater than 0/],
    ['negative time limit', ['test', '--time-limit', '-5'], /--time-limit must be a number greater than 0/],
    ['nodes out of range', ['cluster', 'up', '--nodes', '10'], /--nodes must be a whole number from 1 to 9/],
    ['nodes zero', ['test', '--nodes', '0'], /--nodes must be a whole number from 1 to 9/],
    ['malformed broker config', ['test', '--broker-config', 'no-equals-sign'], /--broker-config "no-equals-sign": expected key=value/],
    ['kafka version that is not a version', ['test', '--kafka', 'latest'], /--kafka latest: not a version number/],
    ['two builds under test', ['test', '--kafka', '4.4.0', '--image', 'x'], /--kafka and --image name different builds under test/],
    ['dist path that does not exist', ['test', '--kafka-dist', '/nonexistent/kafka'], /--kafka-dist \/nonexistent\/kafka: no such file or directory/],
    ['check of a missing path', ['check', '/nonexistent/run'], /\/nonexistent\/run: no such file or directory/],
    ['zero test count', ['test', '--test-count', '0'], /--test-count must be a whole number from 1 to 10000/],
    ['a scenario on one node', ['test', '--nemesis', 'isr-shrink', '--nodes', '1'], /--nemesis isr-shrink: needs a cluster of at least 2 nodes/],
    ['an unknown scenario', ['test', '--nemesis', 'isr-explode'], /unknown nemesis "isr-explode"/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await run(args);
    expect(r.code).toBe(254);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('faultline:') || l.startsWith('error:')).length).toBe(1);
    expect(r.storeUsed).toBe(false);
  });

  it('a binary file given to check: one printable line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-binary-'));
    writeFileSync(
      join(dir, 'history.jsonl'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xfe, 0x0a, 0x00, 0x07]),
    );
    const r = await run(['check', join(dir, 'history.jsonl')]);
    expect(r.code).toBe(254);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^faultline: \S*history\.jsonl:1: /);
    expect(r.stderr).toMatch(/^[\x20-\x7e]*$/);
  });

  it('a dist directory that is not a Kafka distribution', async () => {
    const r = await run(['test', '--kafka-dist', notADist()]);
    expect(r.code).toBe(254);
    expect(r.stderr).toMatch(/is not a Kafka distribution: libs\/ has no kafka_2\.\*-<version>\.jar/);
    expect(r.storeUsed).toBe(false);
  });

  it('a history file that is not a history', async () => {
    const d = mkdtempSync(join(tmpdir(), 'faultline-bad-history-'));
    writeFileSync(
      join(d, 'history.jsonl'),
      '{"index":0,"type":"ok","process":1,"f":"send","value":1,"time":5}\n{"index":1,"type":"invoke","process":1,"f":"send","value":2,"time":6}\n',
    );
    writeFileSync(join(d, 'spec.json'), '{}');
    const r = await run(['check', join(d, 'history.jsonl'), '--checker', 'linearizable', '--model', 'register']);
    expect(r.code).toBe(254);
    expect(r.stderr).toMatch(/history\.jsonl:1:/);
  });
});
