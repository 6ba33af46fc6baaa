// iptables rules of one fault family in a node: a dedicated chain per hook (INPUT/OUTPUT), jumped to from the
// hook's first position, so heal removes exactly our rules and nothing Docker or anyone else installed.
import { UserError } from '../../core/errors.ts';

export type Hook = 'INPUT' | 'OUTPUT';

export interface ChainRules {
  /** e.g. FAULTLINE-PART-IN (iptables allows 28 characters). */
  chain: string;
  hook: Hook;
  /** Rule specs without `-A <chain>`, e.g. ['-s', '10.0.0.2', '-j', 'DROP']. */
  rules: string[][];
}

const SAFE_TOKEN = /^[A-Za-z0-9._:/,=+-]+$/;

function quoteRule(rule: string[]): string {
  for (const t of rule)
    if (!SAFE_TOKEN.test(t)) throw new UserError(`iptables argument ${JSON.stringify(t)} has characters faultline does not pass to a shell`);
  return rule.join(' ');
}

/** Shell script that makes the chain hold exactly `rules` and be jumped to from its hook (idempotent). */
export function installChainScript(c: ChainRules): string {
  return [
    'set -e',
    `iptables -w -N ${c.chain} 2>/dev/null || iptables -w -F ${c.chain}`,
    `iptables -w -C ${c.hook} -j ${c.chain} 2>/dev/null || iptables -w -I ${c.hook} 1 -j ${c.chain}`,
    ...c.rules.map((r) => `iptables -w -A ${c.chain} ${quoteRule(r)}`),
  ].join('\n');
}

/** Shell script that removes the chain and every jump to it (idempotent; fine when it never existed). */
export function removeChainScript(chain: string, hook: Hook): string {
  return [
    `while iptables -w -D ${hook} -j ${chain} 2>/dev/null; do :; done`,
    `iptables -w -F ${chain} 2>/dev/null || true`,
    `iptables -w -X ${chain} 2>/dev/null || true`,
  ].join('\n');
}

/** Shell script printing the chain's rules (`-A ...` lines); prints nothing when the chain does not exist. */
export const listChainScript = (chain: string): string => `iptables -w -S ${chain} 2>/dev/null | grep '^-A' || true`;
