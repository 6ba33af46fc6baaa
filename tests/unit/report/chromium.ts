// Headless Chromium for the report's and the suite index's browser tests and `npm run bench:report`: open a file or
// URL with a fresh profile and the flags that keep the browser itself quiet, dump its DOM (or take a screenshot), and
// read what the page wrote on <body> and its elements (data-errors, data-rendered, data-mark-counts ...).
// Needs Debian's chromium (`apt-get install -y chromium`).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);

export interface ChromiumOptions {
  /** Where the fresh profile directories go (default: the system's temporary folder). */
  workDir?: string;
  /** Flags after the common ones, e.g. --window-size or --log-net-log. */
  extra?: string[];
  /** How long the page's timers may run (virtual time), ms. */
  virtualTimeBudgetMs?: number;
  timeoutMs?: number;
}

/**
 * Runs Chromium headless on a file (a path) or a URL with a fresh profile; `mode` is `--dump-dom` or
 * `--screenshot=<path>`.
 */
export async function chromium(target: string, mode: string, options: ChromiumOptions = {}): Promise<string> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the report's browser checks need Chromium. Install it with: apt-get install -y chromium`);
  }
  const profile = await mkdtemp(join(options.workDir ?? tmpdir(), 'faultline-chromium-'));
  const { stdout } = await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      `--user-data-dir=${profile}`,
      `--virtual-time-budget=${options.virtualTimeBudgetMs ?? 10_000}`,
      ...(options.extra ?? []),
      mode,
      /^[a-z]+:/.test(target) ? target : `file://${target}`,
    ],
    { timeout: options.timeoutMs ?? 90_000, maxBuffer: 256 * 1024 * 1024 },
  );
  return stdout;
}

export const decodeAttribute = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function bodyAttributes(dom: string): Record<string, string> {
  const tag = /<body([^>]*)>/.exec(dom)?.[1] ?? '';
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeAttribute(m[2]!)]));
}

/** An element's attribute in the dumped DOM, by element id. */
export function attributeOf(dom: string, id: string, attribute: string): string | undefined {
  const tag = new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(dom)?.[0] ?? '';
  const value = new RegExp(`${attribute}="([^"]*)"`).exec(tag)?.[1];
  return value === undefined ? undefined : decodeAttribute(value);
}

/** How many items Vega drew for the mark named `name` in a chart (the page counts them in its scenegraph). */
export const marksDrawn = (dom: string, chartId: string, name: string): number =>
  (JSON.parse(attributeOf(dom, chartId, 'data-mark-counts') ?? '{}') as Record<string, number>)[`${name}_marks`] ?? 0;
