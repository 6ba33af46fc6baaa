// Headless Chromium for the suite's page tests, with the flags the report's browser test uses, and optionally every
// request sent through a recording proxy on 127.0.0.1 (so a test can see that a page made no network request).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);

/** `mode` is --dump-dom or --screenshot=<png>; `proxy` a recording proxy's port. */
export async function chromium(url: string, mode: string, opts: { proxyPort?: number; extra?: string[] } = {}): Promise<string> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: the suite index's browser test needs Chromium. Install it with: apt-get install -y chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'faultline-chromium-'));
  const proxy = opts.proxyPort ? [`--proxy-server=http://127.0.0.1:${opts.proxyPort}`, '--proxy-bypass-list=<-loopback>'] : [];
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
      '--disable-domain-reliability',
      '--disable-client-side-phishing-detection',
      '--disable-extensions',
      '--no-pings',
      '--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=5000',
      ...proxy,
      ...(opts.extra ?? []),
      mode,
      url,
    ],
    { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/**
 * Chromium's own background services (component updates, sign-in) that it contacts whatever page it shows, even with
 * the flags above. No faultline page names these hosts (the tests check), so a request to them is not the page's.
 */
export const BROWSER_SERVICE_HOSTS = /(^|\.)(google\.com|googleapis\.com|gstatic\.com)$/;

/** The host of a recorded proxy request ("CONNECT host:443" or "GET http://host/…"). */
export const requestHost = (request: string): string => (/^CONNECT ([^:\s]+)/.exec(request) ?? /^[A-Z]+ https?:\/\/([^/:\s]+)/.exec(request))?.[1] ?? request;

/** Requests a page made: everything the proxy saw but Chromium's own service traffic. */
export const pageRequests = (requests: string[]): string[] => requests.filter((r) => !BROWSER_SERVICE_HOSTS.test(requestHost(r)));

/** An HTTP proxy that answers 404 to everything and remembers what was asked (plain requests and CONNECT tunnels). */
export async function recordingProxy(): Promise<{ port: number; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  server.on('connect', (req, socket) => {
    requests.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, requests, close: () => new Promise((r) => server.close(() => r())) };
}

const decodeAttribute = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function bodyAttributes(dom: string): Record<string, string> {
  const tag = /<body([^>]*)>/.exec(dom)?.[1] ?? '';
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeAttribute(m[2]!)]));
}
