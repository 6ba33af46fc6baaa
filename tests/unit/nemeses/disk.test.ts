// Disk faults: faultfs rule text, status parsing, segment choice and damage.
import { describe, expect, it } from 'vitest';
import { Random } from '../../../core/generator/random.ts';
import { parseStatus, renderRules } from '../../../nemeses/disk/control.ts';
import { chooseSegment, damage } from '../../../nemeses/disk/corrupt.ts';
import { diskFamily, diskSettings, rulesFor } from '../../../nemeses/disk/index.ts';
import { Options } from '../../../core/options.ts';
import { KafkaSystem } from '../../../systems/kafka/system.ts';

/** Kafka's data-dir layout (which files are segments of which partition). */
const kafka = new KafkaSystem('4.4.0', { name: 'c', nodes: [], bootstrap: [] });

describe('faultfs control', () => {
  it("renders one line per rule, in the daemon's syntax", () => {
    expect(renderRules([])).toBe('');
    expect(renderRules([{ kind: 'eio', ops: ['write', 'fsync'], probability: 1 }, { kind: 'delay', ops: 'all', ms: 50 }, { kind: 'full' }])).toBe(
      'eio ops=write,fsync p=1\ndelay ops=all ms=50\nfull\n',
    );
    expect(renderRules([{ kind: 'eio', ops: 'all', probability: 0.5, path: '/topic-0' }])).toBe('eio ops=all p=0.5 path=/topic-0\n');
    expect(() => renderRules([{ kind: 'eio', ops: 'all', probability: 1, path: 'a b' }])).toThrow();
  });

  it('parses the status file', () => {
    const s = parseStatus('version=faultfs 1\nack=42\nresult=rolled-back\ncrashed=1\nrules=2\nrolled_back_bytes=9\n');
    expect(s).toMatchObject({ ack: '42', result: 'rolled-back', crashed: true, rules: 2 });
    expect(s.values.rolled_back_bytes).toBe('9');
  });

  /** The settings of the scheduled disk nemesis for these --disk-<name> values. */
  const settings = (raw: Record<string, string>) => diskSettings(Options.parse(diskFamily.options, raw, 'the disk nemesis', (n) => `--disk-${n}`));

  it('turns flags into rules: eio defaults to write+fsync always, slow to 50 ms on everything, enospc to full', () => {
    const defaults = settings({});
    expect(rulesFor('eio', defaults)).toEqual([{ kind: 'eio', ops: ['write', 'fsync'], probability: 1 }]);
    expect(rulesFor('slow', defaults)).toEqual([{ kind: 'delay', ops: 'all', ms: 50 }]);
    expect(rulesFor('enospc', defaults)).toEqual([{ kind: 'full' }]);
    const custom = settings({ 'eio-ops': 'all', 'eio-probability': '0.1' });
    expect(rulesFor('eio', custom)).toEqual([{ kind: 'eio', ops: 'all', probability: 0.1 }]);
    expect(() => settings({ 'eio-ops': 'chmod' })).toThrow(/--disk-eio-ops chmod/);
    // A manual slow fault declares only --slow-ms: its settings carry nothing for eio.
    const slowOnly = diskSettings(Options.parse(diskFamily.manual.slow!.options!, { 'slow-ms': '5' }, 'nemesis disk slow'));
    expect(rulesFor('slow', slowOnly)).toEqual([{ kind: 'delay', ops: 'all', ms: 5 }]);
    expect(() => rulesFor('eio', slowOnly)).toThrow(/not declared/);
  });
});

describe('segment corruption', () => {
  const files = [
    { path: 'faultline-lost-writes-0/00000000000000000000.log', size: 100 },
    { path: 'faultline-lost-writes-0/00000000000000000050.log', size: 10 },
    { path: 'faultline-lost-writes-0/00000000000000000050.index', size: 10 },
    { path: 'other-0/00000000000000000000.log', size: 100 },
    { path: '__cluster_metadata-0/00000000000000000000.log', size: 100 },
    { path: 'faultline-lost-writes-1/00000000000000000000.log', size: 0 },
  ];

  it('picks the newest non-empty .log of a workload topic partition', () => {
    for (let seed = 0; seed < 20; seed++) {
      expect(chooseSegment(files, ['faultline-lost-writes'], new Random(seed), kafka)?.path).toBe('faultline-lost-writes-0/00000000000000000050.log');
    }
  });

  it('without workload topics, never picks an internal topic', () => {
    const picked = new Set(Array.from({ length: 30 }, (_, s) => chooseSegment(files, [], new Random(s), kafka)?.path));
    expect([...picked].every((p) => p && !p.startsWith('__'))).toBe(true);
  });

  it('truncate cuts the tail; bitflip changes a few bits near the end and keeps the size', () => {
    const bytes = Buffer.alloc(100_000, 7);
    const cut = damage(bytes, 'truncate', new Random(1));
    expect(cut.bytes.length).toBeLessThan(bytes.length);
    expect(cut.bytes.length).toBeGreaterThanOrEqual(bytes.length - 16 * 1024);
    expect(cut.bytes.equals(bytes.subarray(0, cut.bytes.length))).toBe(true);

    const flipped = damage(bytes, 'bitflip', new Random(1));
    expect(flipped.bytes.length).toBe(bytes.length);
    const changed = [...flipped.bytes.keys()].filter((i) => flipped.bytes[i] !== bytes[i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(8);
    expect(Math.min(...changed)).toBeGreaterThanOrEqual(bytes.length - 64 * 1024);
    expect(bytes.every((b) => b === 7)).toBe(true); // the input is not modified
  });
});
