/**
 * The sandbox's HTTP server: loopback only, header and body timeouts for slow clients, a
 * 500 in the middleware's shape for anything unexpected (the sandbox never dies of a bad
 * request), and a graceful close: stop accepting, let in-flight requests finish within
 * the grace period, then cut the rest.
 *
 * It is also Render's edge in front of the app: every API request is recorded as the edge
 * saw it (the platform's metrics and request logs); while the instance is down (starting,
 * suspended) the edge answers 503 itself and the app never counts it; a request cut by a
 * restart is a 502 at the edge.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SANDBOX_HEADER, sendJson } from './http';
import { route } from './routes';
import type { SandboxState } from './state';
import type { DeployLog } from './deploys';
import { SANDBOX_RENDER_PREFIX } from '../platform/sandbox-target';

interface InFlight {
  ac: AbortController;
  res: ServerResponse;
  /** Cut by a restart (the edge reports it as a 502). */
  cut: boolean;
}

const isApi = (path: string) =>
  !path.startsWith('/__sandbox/') && !path.startsWith(`${SANDBOX_RENDER_PREFIX}/`);

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

const CLIENT_ERROR_STATUS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

/** Starts listening on 127.0.0.1; resolves once the port is bound. */
export function listen(st: SandboxState, deploys: DeployLog): Promise<RunningServer> {
  const inFlight = new Set<InFlight>();
  const server = createServer(
    {
      headersTimeout: st.s.headersTimeoutMs,
      requestTimeout: st.s.requestTimeoutMs,
      keepAliveTimeout: 5_000,
      // Node checks the two timeouts only this often (30 s by default): a stalled client must not linger.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, st.s.headersTimeoutMs / 2)),
    },
    (req, res) => {
      res.setHeader(SANDBOX_HEADER, '1');
      // Before this request counts as in flight: an OOM kill since the last look cuts only the earlier ones.
      st.advance();
      const path = (req.url ?? '/').split('?')[0]!;
      const api = isApi(path);
      const at = st.s.now();
      const t0 = performance.now();
      const entry: InFlight = { ac: new AbortController(), res, cut: false };
      inFlight.add(entry);
      res.on('close', () => {
        inFlight.delete(entry);
        if (!res.writableFinished) entry.ac.abort();
        const status = res.writableFinished ? res.statusCode : entry.cut ? 502 : 0;
        if (api && status)
          st.platform.edge({
            at,
            status,
            ms: (performance.now() - t0) * st.s.timeScale,
            method: req.method ?? 'GET',
            path,
            host: req.headers.host ?? `127.0.0.1:${st.platform.port}`,
          });
      });
      if (api && st.down()) return sendJson(res, 503, { detail: 'Service Unavailable' });
      route(st, deploys, req, res, entry.ac.signal)
        .then((status) => {
          if (api && status > 0) st.accounting.request(status >= 500);
        })
        .catch(() => {
          if (api) st.accounting.request(true);
          sendJson(res, 500, {
            error: 'InternalServerError',
            message: 'An unexpected error occurred in the sandbox',
            error_code: 'internal_error',
          });
        });
    },
  );
  // A restart is a new process as far as clients can tell: every request in flight is cut
  // and every connection drops (the admin answer that asked for it has already left).
  st.onRestart = () => {
    for (const e of inFlight) {
      e.cut = true;
      e.ac.abort();
      e.res.socket?.destroy();
    }
    server.closeIdleConnections();
  };
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.writable && !socket.destroyed) {
      const status = CLIENT_ERROR_STATUS[err.code ?? ''] ?? '400 Bad Request';
      socket.end(
        `HTTP/1.1 ${status}\r\n${SANDBOX_HEADER}: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
    } else {
      socket.destroy();
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(st.s.port, '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : st.s.port;
      let closing: Promise<void> | undefined;
      const close = () =>
        (closing ??= (async () => {
          st.s.onEvent({ kind: 'shutdown', inFlight: inFlight.size });
          const closed = new Promise<void>((r) => server.close(() => r()));
          server.closeIdleConnections();
          const deadline = Date.now() + st.s.graceMs;
          while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          for (const e of inFlight) e.ac.abort();
          server.closeAllConnections();
          st.dispose();
          deploys.dispose();
          await closed;
        })());
      resolve({ server, port, close });
    });
  });
}
