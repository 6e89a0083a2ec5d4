/** Small local targets for the load engine's tests: fixed delay, periodic stall, fixed status. */
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';

export interface TestServer {
  url: string;
  server: Server;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1:0 answering through `handle`; it records every request (small tests only). */
export async function startServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
  record = false,
): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (record) requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Always answers after `ms`. */
export const delayServer = (ms: number) =>
  startServer((_q, res) => setTimeout(() => json(res, 200, { ok: true }), ms));

/** Answers at once, except that every `everyMs` it stalls all answers for `stallMs` (a GC pause, a blocking health check). */
export function stallServer(everyMs: number, stallMs: number) {
  const t0 = Date.now();
  return startServer((_q, res) => {
    const phase = (Date.now() - t0) % everyMs;
    const wait = phase >= everyMs - stallMs ? everyMs - phase : 0;
    setTimeout(() => json(res, 200, { ok: true }), wait);
  });
}

export { json };
