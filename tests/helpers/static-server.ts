import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface StaticServer {
  /** Origin plus baseUrl, ending in "/". */
  url: string;
  close(): Promise<void>;
}

/** The file a URL path maps to in a Docusaurus build: the file, dir/index.html, or path.html (trailingSlash: false). */
export function resolveFile(root: string, urlPath: string): string | undefined {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const base = resolve(root, rel);
  if (base !== root && !base.startsWith(root + sep)) return undefined; // no escaping the root
  const candidates = [base, join(base, 'index.html'), `${base.replace(/[/\\]$/, '')}.html`];
  return candidates.find((p) => existsSync(p) && statSync(p).isFile());
}

/**
 * Serves a built site on 127.0.0.1 (port 0) under `baseUrl`, the way a static host does:
 * directory routes serve their index.html, extension-less routes their .html, the rest 404.
 */
export async function serveStatic(rootDir: string, baseUrl = '/'): Promise<StaticServer> {
  const root = resolve(rootDir);
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const inBase = path === base.slice(0, -1) || path.startsWith(base);
    const file = inBase ? resolveFile(root, path.slice(base.length - 1)) : undefined;
    if (!file) {
      const notFound = resolve(root, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html']! });
      if (existsSync(notFound)) createReadStream(notFound).pipe(res);
      else res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}
