// Partition shapes (who drops whom) and the iptables rules that realise them.
import { describe, expect, it } from 'vitest';
import { Random } from '../../../core/generator/random.ts';
import { topology } from '../../../systems/kafka/topology.ts';
import { bridge, drops, halves, isolate, isolateFromClient, majoritiesRing, splitInto, type Grudge } from '../../../nemeses/partition/shapes.ts';
import { partitionChains, partitionPlanRules, PARTITION_IN, PARTITION_OUT } from '../../../nemeses/partition/rules.ts';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i + 1}`);
/** Can a and b talk over TCP? Only when neither drops the other. */
const linked = (g: Grudge, a: string, b: string): boolean => !drops(g, a, b) && !drops(g, b, a);
/** The nodes `a` can talk to, itself included. */
const sees = (g: Grudge, all: string[], a: string): string[] => all.filter((b) => b === a || linked(g, a, b));

describe('partition shapes', () => {
  it('one: the isolated node talks to nobody, the rest still talk to each other', () => {
    const g = isolate(names(5), 'n3');
    for (const o of ['n1', 'n2', 'n4', 'n5']) expect(linked(g, 'n3', o)).toBe(false);
    expect(linked(g, 'n1', 'n5')).toBe(true);
    expect(g.n3!.sort()).toEqual(['n1', 'n2', 'n4', 'n5']);
    expect(g.n1).toEqual(['n3']);
  });

  it('halves: a strict majority and the rest, cut both ways, for many seeds', () => {
    for (let seed = 0; seed < 50; seed++) {
      const [major, minor] = halves(names(5), new Random(seed));
      expect(major).toHaveLength(3);
      expect(minor).toHaveLength(2);
      expect(new Set([...major, ...minor]).size).toBe(5);
      const g = splitInto([major, minor]);
      for (const a of major) for (const b of minor) expect(linked(g, a, b)).toBe(false);
      expect(linked(g, major[0]!, major[1]!)).toBe(true);
    }
    const [m3] = halves(names(3), new Random(1));
    expect(m3).toHaveLength(2);
  });

  it('majorities-ring with 5 nodes: every node sees a majority, no two see the same one', () => {
    for (let seed = 0; seed < 50; seed++) {
      const all = names(5);
      const g = majoritiesRing(all, new Random(seed));
      const views = all.map((a) => sees(g, all, a).sort().join(','));
      for (const v of views) expect(v.split(',')).toHaveLength(3);
      expect(new Set(views).size).toBe(5);
      // Drops are symmetric with 5 nodes: the ring neighbourhoods agree.
      for (const a of all) for (const b of g[a] ?? []) expect(drops(g, b, a)).toBe(true);
    }
  });

  it('majorities-ring with 3 nodes: each node drops exactly one peer, so every link is cut in one direction', () => {
    const all = names(3);
    const g = majoritiesRing(all, new Random(3));
    for (const a of all) expect(g[a]).toHaveLength(1);
    for (const a of all) for (const b of all) if (a !== b) expect(linked(g, a, b)).toBe(false);
  });

  it('bridge: two sides that cannot talk, and one node that talks to both', () => {
    const all = names(5);
    const { grudge, bridge: b } = bridge(all, new Random(9));
    expect(grudge[b]).toBeUndefined();
    for (const o of all) if (o !== b) expect(linked(grudge, b, o)).toBe(true);
    const cutPairs = all.flatMap((x) => all.filter((y) => x < y && !linked(grudge, x, y)));
    expect(cutPairs).toHaveLength(4); // 2 x 2 across the halves
  });

  it('client: the node drops only the client', () => {
    expect(isolateFromClient(['n2'])).toEqual({ n2: ['client'] });
  });
});

describe('partition rules', () => {
  const t = topology(3, 'c', '10.1.2.0/24');

  it('drop: one INPUT drop per source, no OUTPUT rules', () => {
    const [input, output] = partitionChains(t, ['n2', 'n3'], 'drop', false);
    expect(input).toEqual({
      chain: PARTITION_IN,
      hook: 'INPUT',
      rules: [
        ['-s', '10.1.2.12', '-j', 'DROP'],
        ['-s', '10.1.2.13', '-j', 'DROP'],
      ],
    });
    expect(output!.rules).toEqual([]);
  });

  it('reject: TCP resets on INPUT and OUTPUT, so both ends fail fast', () => {
    const [input, output] = partitionChains(t, ['n1'], 'reject', false);
    expect(input!.rules).toContainEqual(['-s', '10.1.2.11', '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
    expect(output).toEqual({
      chain: PARTITION_OUT,
      hook: 'OUTPUT',
      rules: [
        ['-d', '10.1.2.11', '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset'],
        ['-d', '10.1.2.11', '-j', 'REJECT'],
      ],
    });
  });

  it('one-way: only new connections are dropped (conntrack NEW), replies of existing ones pass', () => {
    const [input, output] = partitionChains(t, ['n2'], 'drop', true);
    expect(input!.rules).toEqual([['-s', '10.1.2.12', '-m', 'conntrack', '--ctstate', 'NEW', '-j', 'DROP']]);
    expect(output!.rules).toEqual([]);
  });

  it('the client is the bridge gateway; nodes without a grudge get empty chains', () => {
    const rules = partitionPlanRules(t, { n2: ['client'] }, 'drop', false);
    expect(rules.get('n2')![0]!.rules).toEqual([['-s', '10.1.2.1', '-j', 'DROP']]);
    expect(rules.get('n1')!.every((c) => c.rules.length === 0)).toBe(true);
  });

  it('with a client host container, the client is both the gateway and its address', () => {
    const rules = partitionPlanRules({ ...t, clientHost: { ip: '10.1.2.250' } }, { n2: ['client'] }, 'reject', false);
    const [input, output] = rules.get('n2')!;
    expect(input!.rules.map((r) => r[1])).toEqual(['10.1.2.1', '10.1.2.1', '10.1.2.250', '10.1.2.250']);
    expect(output!.rules.map((r) => r[1])).toEqual(['10.1.2.1', '10.1.2.1', '10.1.2.250', '10.1.2.250']);
  });
});
