// JUnit XML: one testcase per checker; failure for invalid, error for unknown; counts agree; text escaped.

import { describe, expect, it } from 'vitest';
import type { CheckerResult, RunResults } from '../../../core/result.ts';
import { renderJunit } from '../../../reports/junit/index.ts';

const checker = (name: string, valid: CheckerResult['valid'], anomalies: CheckerResult['anomalies'] = []): CheckerResult => ({
  checker: name,
  valid,
  anomalies,
  stats: { opsChecked: 10 },
});

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** A strict little XML reader for this output: fails on unbalanced tags, raw `<`/`&`, or text outside the root. */
function parseXml(xml: string): Element {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const tokens = body.match(/<[^>]*>|[^<]+/g) ?? [];
  const root: Element = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  for (const token of tokens) {
    const top = stack.at(-1)!;
    if (token.startsWith('</')) {
      const name = token.slice(2, -1).trim();
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else if (token.startsWith('<')) {
      const match = /^<([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
      if (!match) throw new Error(`bad tag ${token}`);
      const attributes = Object.fromEntries([...match[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));
      const element: Element = { name: match[1]!, attributes, children: [], text: '' };
      top.children.push(element);
      if (!match[3]) stack.push(element);
    } else {
      if (/&(?!(lt|gt|amp|quot|apos);)/.test(token)) throw new Error(`raw & in ${token}`);
      if (top === root && token.trim()) throw new Error('text outside the root');
      top.text += decode(token);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (root.children.length !== 1) throw new Error('not exactly one root');
  return root.children[0]!;
}

const results: RunResults = {
  valid: false,
  checkers: {
    queue: checker('queue', false, [
      { type: 'lost', explanation: 'offset 17 acked & never read <again>', ops: [3, 4] },
      { type: 'lost', explanation: 'offset 18 acked, never read', ops: [5] },
      { type: 'duplicate', explanation: 'read twice \u0001', ops: [6], allowed: true },
    ]),
    timeline: checker('timeline', 'unknown'),
    stats: checker('stats', true),
    perf: checker('perf', true),
  },
};

describe('renderJunit', () => {
  const doc = parseXml(renderJunit(results, { suite: 'register & "friends"' }));
  const suite = doc.children[0]!;
  const cases = suite.children.filter((c) => c.name === 'testcase');

  it('is well-formed, with counts on testsuites and testsuite that match the testcases', () => {
    expect(doc.name).toBe('testsuites');
    expect(suite.name).toBe('testsuite');
    const failures = cases.filter((c) => c.children.some((e) => e.name === 'failure')).length;
    const errors = cases.filter((c) => c.children.some((e) => e.name === 'error')).length;
    const skipped = cases.filter((c) => c.children.some((e) => e.name === 'skipped')).length;
    for (const element of [doc, suite]) {
      expect(element.attributes).toMatchObject({
        name: 'register & "friends"',
        tests: String(cases.length),
        failures: String(failures),
        errors: String(errors),
        skipped: String(skipped),
      });
    }
    expect([cases.length, failures, errors, skipped]).toEqual([4, 1, 1, 0]);
  });

  it('reports an invalid checker as a failure carrying the anomaly summary and explanations', () => {
    const queue = cases.find((c) => c.attributes.name === 'queue')!;
    expect(queue.attributes.classname).toBe('register & "friends"');
    const failure = queue.children.find((e) => e.name === 'failure')!;
    expect(failure.attributes.message).toBe('invalid: 2 lost, 1 duplicate (1 allowed)');
    expect(failure.text).toContain('- [lost] offset 17 acked & never read <again> (ops 3, 4)');
    expect(failure.text).toContain('- [duplicate, allowed] read twice \uFFFD (ops 6)');
  });

  it('reports an unknown checker as an error, and a valid one with no outcome element', () => {
    const timeline = cases.find((c) => c.attributes.name === 'timeline')!;
    expect(timeline.children.map((e) => e.name)).toEqual(['error', 'system-out']);
    expect(timeline.children[0]!.attributes.type).toBe('unknown');
    const stats = cases.find((c) => c.attributes.name === 'stats')!;
    expect(stats.children.map((e) => e.name)).toEqual(['system-out']);
    expect(JSON.parse(stats.children[0]!.text)).toEqual({ opsChecked: 10 });
  });

  it('handles a run with no checkers', () => {
    const empty = parseXml(renderJunit({ valid: true, checkers: {} }, { suite: 's' }));
    expect(empty.attributes).toMatchObject({ tests: '0', failures: '0', errors: '0' });
  });
});
