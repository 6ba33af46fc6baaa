// The HTML document around the report's sections: content policy, styles, inlined Vega bundles and the data block.

import { createHash } from 'node:crypto';
import { vegaBundles } from './assets.ts';
import { CHART_BOOTSTRAP_JS, ERROR_COLLECTOR_JS } from './browser-scripts.ts';
import { jsonForScript } from './escape.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import { REPORT_CSS } from './styles.ts';

/** A chart the page embeds with vega-embed into the element with id `elementId`. */
export interface EmbeddedChart {
  elementId: string;
  spec: unknown;
  /** Vega's renderer; 'hybrid' draws text as SVG (so the page can measure labels) and the rest on a canvas. */
  renderer?: 'svg' | 'canvas' | 'hybrid';
}

export interface PageParts {
  title: string;
  body: SafeHtml;
  charts: EmbeddedChart[];
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Only the page's own inline scripts may run (by hash), nothing may be fetched (default-src 'none'), and inline event
 * handlers are refused: even a value that escaped escaping could neither execute nor load anything. Vega compiles its
 * expressions with Function(), hence 'unsafe-eval'; vega-embed injects a <style>, hence 'unsafe-inline' for styles.
 */
function contentPolicy(scripts: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')} 'unsafe-eval'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderPage(parts: PageParts): string {
  const scripts = [ERROR_COLLECTOR_JS, ...vegaBundles(), CHART_BOOTSTRAP_JS];
  const [collector, ...rest] = scripts.map((source) => trusted(`<script>${source}</script>`));
  const data = trusted(`<script type="application/json" id="faultline-data">${jsonForScript({ charts: parts.charts })}</script>`);
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentPolicy(scripts)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="faultline">
<title>${parts.title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
${collector}
${parts.body}
${data}
${rest}
</body>
</html>
`.value;
}
