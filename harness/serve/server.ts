// `faultline serve`: a read-only HTTP view of the store. GET (and HEAD) only; `/` is the store index generated per
// request (filters in the query string), `/store/<path>` serves report, index and record files from the store. A path
// can never leave the store: segments are decoded one by one ('..', '.', empty, slashes and NUL refused) and the real
// path (symlinks resolved) must lie inside the store's real path. Bound to loopback, it answers only requests whose
// Host is a loopback name, so a web page elsewhere cannot reach it by DNS rebinding.
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { renderStoreIndex, STORE_VERDICTS, type StoreFilters } from '../../reports/store-index/index.ts';
import { scanStore } from './store-scan.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
export const isLoopback = (host: string): boolean => LOOPBACK_HOSTS.has(host) || host.startsWith('127.');

const COMMON_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' };

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** The store file a `/store/…` path names, or undefined when it is not a servable file inside the store. */
export function storeFileFor(realStore: string, pathname: string): string | undefined {
  const segments = pathname.slice('/store/'.length).split('/');
  const decoded: string[] = [];
  for (const raw of segments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    decoded.push(segment);
  }
  const candidate = join(realStore, ...decoded);
  if (!CONTENT_TYPES[extname(candidate).toLowerCase()] || !existsSync(candidate)) return undefined;
  const real = realpathSync(candidate);
  if (!real.startsWith(realStore + sep) || !statSync(real).isFile()) return undefined;
  return real;
}

function filtersOf(url: URL): StoreFilters {
  const get = (k: string): string | undefined => url.searchParams.get(k)?.trim() || undefined;
  const date = (k: string): string | undefined => (/^\d{4}-\d{2}-\d{2}$/.test(get(k) ?? '') ? get(k) : undefined);
  const verdict = get('verdict');
  return {
    verdict: verdict && (STORE_VERDICTS as readonly string[]).includes(verdict) ? verdict : undefined,
    workload: get('workload'),
    nemesis: get('nemesis'),
    build: get('build'),
    from: date('from'),
    to: date('to'),
  };
}

function handle(store: string, loopbackOnly: boolean, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'read-only: GET and HEAD only\n', undefined, { Allow: 'GET, HEAD' });
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (loopbackOnly && !isLoopback(host)) return send(res, 421, 'this server answers only to a loopback host name\n');
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (url.pathname === '/') return send(res, 200, renderStoreIndex(scanStore(store, filtersOf(url))), CONTENT_TYPES['.html']);
  if (url.pathname.startsWith('/store/') && existsSync(store)) {
    const file = storeFileFor(realpathSync(store), url.pathname);
    if (file) {
      res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()]!, 'Content-Length': statSync(file).size });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
  }
  send(res, 404, 'not found\n');
}

export interface Serving {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts serving `store` on host:port (port 0 picks a free one). */
export function serveStore(store: string, host: string, port: number): Promise<Serving> {
  const server = createServer((req, res) => {
    try {
      handle(store, isLoopback(host), req, res);
    } catch {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ server, url: `http://${shown}:${address.port}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
