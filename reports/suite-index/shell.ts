// The document around a static faultline page (suite index, store index): a content policy that lets nothing load
// and only the page's own error collector run, the shared report stylesheet plus the page's own, no external URL.
import { createHash } from 'node:crypto';
import { ERROR_COLLECTOR_JS } from '../html/browser-scripts.ts';
import { html, trusted, type SafeHtml } from '../html/html.ts';
import { REPORT_CSS } from '../html/styles.ts';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export interface StaticPage {
  title: string;
  body: SafeHtml;
  css: string;
  /** Where the page's GET form may submit (the store index served by `faultline serve`: 'self'); none by default. */
  formAction?: "'self'";
}

export function renderStaticPage(page: StaticPage): string {
  const css = REPORT_CSS + page.css;
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(ERROR_COLLECTOR_JS)}`,
    `style-src ${sha256(css)}`,
    "base-uri 'none'",
    `form-action ${page.formAction ?? "'none'"}`,
  ].join('; ');
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="faultline">
<title>${page.title}</title>
<style>${trusted(css)}</style>
</head>
<body>
${trusted(`<script>${ERROR_COLLECTOR_JS}</script>`)}
${page.body}
</body>
</html>
`.value;
}

/** A relative link to a file in the store, each path segment percent-encoded (names may hold '+'). */
export function storeLink(relativePath: string): string {
  return relativePath
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}
