// Hostile strings in titles, op values, errors and anomalies must reach the page as text, never as markup or script.

import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '../../../reports/html/escape.ts';
import { dataBlock, withoutBundles } from './page-parts.ts';
import { html } from '../../../reports/html/html.ts';
import { renderReport } from '../../../reports/html/index.ts';
import { fixtureInput } from './fixture.ts';
import { ALL_PAYLOADS, ATTRIBUTE_PAYLOAD, BREAKOUT_PAYLOAD, SCRIPT_PAYLOAD, withPayloads } from './payloads.ts';

describe('escapeHtml and the html template', () => {
  it('escapes markup characters and quotes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes interpolated values but not the template itself', () => {
    expect(html`<td title="${ATTRIBUTE_PAYLOAD}">${SCRIPT_PAYLOAD}</td>`.value).toBe(
      '<td title="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</td>',
    );
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element, open a comment or break a JS line', () => {
    const text = jsonForScript({ value: BREAKOUT_PAYLOAD });
    expect(text).not.toMatch(/<\/script|<!--|[<>\u2028\u2029]/i);
    expect(JSON.parse(text)).toEqual({ value: BREAKOUT_PAYLOAD });
  });

  it('survives bigints and cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(JSON.parse(jsonForScript({ n: 10n }))).toEqual({ n: '10' });
    expect(() => jsonForScript(cyclic)).not.toThrow();
  });
});

describe('renderReport with hostile inputs', () => {
  const page = renderReport(withPayloads(fixtureInput({ processes: 3, durationS: 30 })));

  it('never emits the payloads as markup', () => {
    // The bundles are library code (vega-embed's tooltip builds <img> for images in tooltips): check everything else.
    const ours = withoutBundles(page);
    expect(ours.includes(SCRIPT_PAYLOAD)).toBe(false);
    expect(ours.includes('<img')).toBe(false);
    expect(/<[^>]*onerror/i.test(ours)).toBe(false);
    // Exactly our own scripts: collector, three bundles, the data block, the bootstrap.
    expect(page.match(/<script/g)).toHaveLength(6);
    expect(page.match(/<\/script/gi)).toHaveLength(6);
    expect(page.includes('<!--')).toBe(false);
  });

  it('shows the payloads as escaped text where they were planted', () => {
    const escapedScript = escapeHtml(SCRIPT_PAYLOAD);
    const escapedAttribute = escapeHtml(ATTRIBUTE_PAYLOAD);
    expect(page).toContain(`<title>register-partition-kill ${escapedScript} ${escapedAttribute} — faultline report</title>`);
    expect(page).toContain(`<h1>register-partition-kill ${escapedScript} ${escapedAttribute}</h1>`);
    expect(page).toContain(`<p><span class="tag not-allowed">not allowed</span>${escapeHtml(ALL_PAYLOADS)}</p>`); // explanation
    expect(page).toContain(`<td class="mono">${escapeHtml(ALL_PAYLOADS)}</td>`); // op error in the ops table
    expect(page).toContain(escapeHtml(JSON.stringify(ALL_PAYLOADS))); // op value (as JSON) in the ops table
  });

  it('keeps the payloads intact, but inert, inside the JSON data block', () => {
    const block = dataBlock(page);
    expect(block).not.toMatch(/[<>\u2028\u2029]/);
    expect(JSON.stringify(JSON.parse(block))).toContain(JSON.stringify(ALL_PAYLOADS).slice(1, -1)); // the op error, in a tooltip field
  });
});
