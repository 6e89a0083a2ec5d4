import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
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

/** What a plain static host does with one path: serve a file, redirect a directory to its slash form, or 404. */
export type Resolution =
  { kind: 'file'; file: string } | { kind: 'redirect'; location: string } | { kind: 'missing' };

const kindOf = (p: string): 'file' | 'dir' | undefined => {
  try {
    const s = statSync(p);
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The rule nginx (`try_files $uri $uri/ =404` with `index index.html`) and an object store's
 * website mode follow: an existing file is served; a directory is served by its index.html,
 * and asked for without its trailing slash it is redirected to it first; anything else is a
 * 404. Deliberately no `path.html` fallback: a build that needs one breaks on such hosts.
 */
export function resolvePath(root: string, urlPath: string): Resolution {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'missing' };
  }
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const target = resolve(root, rel);
  if (target !== root && !target.startsWith(root + sep)) return { kind: 'missing' }; // no escaping the root
  const kind = kindOf(target);
  if (kind === 'file' && !urlPath.endsWith('/')) return { kind: 'file', file: target };
  if (kind !== 'dir') return { kind: 'missing' };
  if (!urlPath.endsWith('/')) return { kind: 'redirect', location: `${urlPath}/` };
  const index = join(target, 'index.html');
  return kindOf(index) === 'file' ? { kind: 'file', file: index } : { kind: 'missing' };
}

/**
 * Serves a built site on 127.0.0.1 (port 0) under `baseUrl` with `resolvePath`'s plain
 * static-host rules; a miss gets the site's 404.html with status 404, as hosts are set up to.
 */
export async function serveStatic(rootDir: string, baseUrl = '/'): Promise<StaticServer> {
  const root = resolve(rootDir);
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const r: Resolution =
      path === base.slice(0, -1)
        ? { kind: 'redirect', location: base }
        : path.startsWith(base)
          ? resolvePath(root, path.slice(base.length - 1))
          : { kind: 'missing' };
    if (r.kind === 'redirect') {
      const location = path === base.slice(0, -1) ? base : `${base.slice(0, -1)}${r.location}`;
      res.writeHead(301, { location: `${location}${url.search}` });
      res.end();
      return;
    }
    if (r.kind === 'missing') {
      const notFound = resolve(root, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html']! });
      if (kindOf(notFound) === 'file') createReadStream(notFound).pipe(res);
      else res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(r.file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(r.file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
