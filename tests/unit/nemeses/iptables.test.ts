// The shell scripts that install and remove a family's iptables chain.
import { describe, expect, it } from 'vitest';
import { installChainScript, listChainScript, removeChainScript } from '../../../nemeses/netns/iptables.ts';

describe('iptables chain scripts', () => {
  it('install: create or flush the chain, jump to it once from the hook, then append the rules', () => {
    const s = installChainScript({ chain: 'FAULTLINE-X', hook: 'INPUT', rules: [['-s', '10.0.0.2', '-j', 'DROP']] }).split('\n');
    expect(s).toEqual([
      'set -e',
      'iptables -w -N FAULTLINE-X 2>/dev/null || iptables -w -F FAULTLINE-X',
      'iptables -w -C INPUT -j FAULTLINE-X 2>/dev/null || iptables -w -I INPUT 1 -j FAULTLINE-X',
      'iptables -w -A FAULTLINE-X -s 10.0.0.2 -j DROP',
    ]);
  });

  it('remove: every jump, then flush and delete; never fails when nothing is there', () => {
    const s = removeChainScript('FAULTLINE-X', 'OUTPUT');
    expect(s).toContain('while iptables -w -D OUTPUT -j FAULTLINE-X 2>/dev/null; do :; done');
    expect(s).toContain('iptables -w -X FAULTLINE-X 2>/dev/null || true');
    expect(listChainScript('FAULTLINE-X')).toMatch(/-S FAULTLINE-X .*\|\| true$/);
  });

  it('refuses arguments that would need shell quoting', () => {
    expect(() => installChainScript({ chain: 'C', hook: 'INPUT', rules: [['-s', '1.2.3.4; rm -rf /']] })).toThrow(/characters/);
  });
});
