// Packet faults: which node installs what (receiver iptables, sender tc), for each kind and delay mechanism.
import { describe, expect, it } from 'vitest';
import { topology } from '../../../systems/kafka/topology.ts';
import { egressShaping, isRate, isolatePairs, nodePacketSetup, peersOf, PACKET_IN } from '../../../nemeses/packet/plan.ts';

const t = topology(3, 'c', '10.1.2.0/24');

describe('packet fault plans', () => {
  it('pairs apply both ways: every node of a pair lists the other as a peer', () => {
    const peers = peersOf(isolatePairs('n1', ['n1', 'n2', 'n3']));
    expect(peers.get('n1')).toEqual(['n2', 'n3']);
    expect(peers.get('n2')).toEqual(['n1']);
    expect(peers.get('n3')).toEqual(['n1']);
  });

  it('loss: a random drop on the receiver per peer, nothing on tc', () => {
    const s = nodePacketSetup(t, ['n2'], { kind: 'loss', probability: 0.3 }, 'nfqueue');
    expect(s.chain).toEqual({
      chain: PACKET_IN,
      hook: 'INPUT',
      rules: [['-s', '10.1.2.12', '-m', 'statistic', '--mode', 'random', '--probability', '0.3', '-j', 'DROP']],
    });
    expect(s.tc).toEqual([]);
    expect(s.delayHelper).toBeUndefined();
  });

  it('delay without netem: NFQUEUE on the receiver (with bypass) and a helper holding packets', () => {
    const s = nodePacketSetup(t, ['n3'], { kind: 'delay', ms: 80, jitterMs: 5 }, 'nfqueue');
    expect(s.chain.rules).toEqual([['-s', '10.1.2.13', '-j', 'NFQUEUE', '--queue-num', '4242', '--queue-bypass']]);
    expect(s.delayHelper).toEqual({ queue: 4242, ms: 80, jitterMs: 5 });
  });

  it('delay with netem: an htb class per destination with a netem leaf, filtered by destination IP', () => {
    const s = nodePacketSetup(t, ['n2', 'n3'], { kind: 'delay', ms: 80, jitterMs: 0 }, 'netem');
    expect(s.chain.rules).toEqual([]);
    expect(s.tc).toEqual([
      'tc qdisc replace dev eth0 root handle 1: htb',
      'tc class add dev eth0 parent 1: classid 1:10 htb rate 10gbit',
      'tc qdisc add dev eth0 parent 1:10 handle 10: netem delay 80ms',
      'tc filter add dev eth0 parent 1: protocol ip prio 1 u32 match ip dst 10.1.2.12/32 flowid 1:10',
      'tc class add dev eth0 parent 1: classid 1:11 htb rate 10gbit',
      'tc qdisc add dev eth0 parent 1:11 handle 11: netem delay 80ms',
      'tc filter add dev eth0 parent 1: protocol ip prio 1 u32 match ip dst 10.1.2.13/32 flowid 1:11',
    ]);
  });

  it('rate: an htb class capped at the rate for the peer; other traffic stays unshaped', () => {
    expect(egressShaping(['10.1.2.11'], { kind: 'rate', rate: '1mbit' })).toEqual([
      'tc qdisc replace dev eth0 root handle 1: htb',
      'tc class add dev eth0 parent 1: classid 1:10 htb rate 1mbit ceil 1mbit',
      'tc filter add dev eth0 parent 1: protocol ip prio 1 u32 match ip dst 10.1.2.11/32 flowid 1:10',
    ]);
    expect(isRate('500kbit')).toBe(true);
    expect(isRate('fast')).toBe(false);
  });
});
