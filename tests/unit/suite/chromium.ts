// Headless Chromium for the suite's page tests (the report's runner, ../report/chromium.ts, with more of the browser's
// own services turned off), and optionally every request sent through a recording proxy on 127.0.0.1 (so a test can
// see that a page made no network request).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium as chromiumOn } from '../report/chromium.ts';

export { bodyAttributes } from '../report/chromium.ts';

/** Flags that keep more of Chromium's background services from calling out while the proxy records. */
const QUIET = [
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-extensions',
  '--no-pings',
  '--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter',
];

/** `mode` is --dump-dom or --screenshot=<png>; `proxy` a recording proxy's port. */
export function chromium(url: string, mode: string, opts: { proxyPort?: number; extra?: string[] } = {}): Promise<string> {
  const proxy = opts.proxyPort ? [`--proxy-server=http://127.0.0.1:${opts.proxyPort}`, '--proxy-bypass-list=<-loopback>'] : [];
  return chromiumOn(url, mode, { virtualTimeBudgetMs: 5000, extra: [...QUIET, ...proxy, ...(opts.extra ?? [])] });
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
