/**
 * A fake of Render's REST API on loopback, following the shapes of the reference
 * (render-and-slack.md): Bearer auth (401 otherwise), 404 for another service, deploys as
 * `[{cursor, deploy}]`, statuses advancing one per read of a deploy, rollback as a new
 * deploy, cancel, PATCH autoDeploy, a deploy hook URL, and Ratelimit-* headers on 429.
 * Its platform half (fake-render-platform.ts: the service, events, logs, metrics and the
 * service actions) answers on the same server, so one fake serves a deploy and its watch.
 * Each test scripts it (a failing build, a stuck deploy, 429s, a dropped POST, memory
 * rising to the limit, an OOM kill, a slow logs endpoint) and reads back every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { platformRoutes, type FakePlatform, type PlatformScript } from './fake-render-platform';

export interface FakeDeploy {
  id: string;
  status: string;
  commit: { id: string; message: string; createdAt: string };
  trigger: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string;
  finishedAt: string | null;
  /** Statuses still to come, one per read. */
  next: string[];
}

export interface RenderScript {
  apiKey: string;
  serviceId: string;
  /** Statuses a new deploy goes through, one per read of it; the last one sticks. */
  deploySequence?: string[];
  rollbackSequence?: string[];
  /** The first N API requests answer 429 with this header. */
  rateLimit?: { requests: number; header: 'reset-epoch' | 'reset-seconds' | 'retry-after' };
  /** How the first POST that starts a deploy is answered. */
  firstPost?: 'created-201' | 'accepted-202' | 'drop-after-create' | 'drop-before-create';
  /** Deploys already there, newest first (default: one live). */
  initial?: Array<{ status: string; commit: string }>;
  /** The hook's secret key (the hook URL is <url>/deploy/<serviceId>?key=<hookKey>). */
  hookKey?: string;
  /** The platform signals it serves (metrics, events, logs). */
  platform?: PlatformScript;
}

export interface RenderRequest {
  method: string;
  path: string;
  body: unknown;
  authorized: boolean;
  at: number;
}

export interface FakeRender {
  /** The API base, as RENDER_API_URL (…/v1). */
  apiUrl: string;
  hookUrl: string;
  requests: RenderRequest[];
  deploys: FakeDeploy[];
  /** The platform half's state: events and logs to push to, the actions it received. */
  platform: FakePlatform;
  autoDeploy(): 'yes' | 'no';
  /** Requests that change something (POST, PATCH). */
  mutations(): RenderRequest[];
  close(): Promise<void>;
}

const iso = () => new Date().toISOString();
const newId = () => `dep-${randomBytes(10).toString('hex')}`;
const DEFAULT_SEQUENCE = ['build_in_progress', 'pre_deploy_in_progress_v2', 'update_in_progress', 'live'];

export async function startFakeRender(script: RenderScript): Promise<FakeRender> {
  const requests: RenderRequest[] = [];
  const deploys: FakeDeploy[] = [];
  let autoDeploy: 'yes' | 'no' = 'yes';
  let limited = 0;
  let posts = 0;
  const platform = platformRoutes(script.platform ?? {}, script.serviceId);
  for (const d of [...(script.initial ?? [{ status: 'live', commit: 'a'.repeat(40) }])].reverse()) {
    const t = iso();
    deploys.unshift({
      id: newId(),
      status: d.status,
      commit: { id: d.commit, message: 'earlier', createdAt: t },
      trigger: 'api',
      createdAt: t,
      updatedAt: t,
      startedAt: t,
      finishedAt: d.status === 'live' || d.status === 'deactivated' ? t : null,
      next: [],
    });
  }
  const view = ({ next: _n, ...d }: FakeDeploy) => d;
  const advance = (d: FakeDeploy) => {
    const s = d.next.length > 1 ? d.next.shift()! : d.next[0];
    if (!s || s === d.status) return;
    d.status = s;
    d.updatedAt = iso();
    if (s === 'live') {
      for (const x of deploys) if (x !== d && x.status === 'live') x.status = 'deactivated';
      d.finishedAt = d.updatedAt;
    } else if (/failed|canceled/.test(s)) d.finishedAt = d.updatedAt;
  };
  const create = (commit: string, trigger: string, sequence: string[]) => {
    // Render's "Override" policy: a new deploy cancels one in progress.
    for (const x of deploys)
      if (!['live', 'deactivated'].includes(x.status) && !/failed|canceled/.test(x.status))
        x.status = 'canceled';
    const t = iso();
    const d: FakeDeploy = {
      id: newId(),
      status: 'created',
      commit: { id: commit, message: 'the release', createdAt: t },
      trigger,
      createdAt: t,
      updatedAt: t,
      startedAt: t,
      finishedAt: null,
      next: [...sequence],
    };
    deploys.unshift(d);
    return d;
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<unknown>((r) => {
      let s = '';
      req.on('data', (c) => (s += c));
      req.on('end', () => {
        try {
          r(s ? JSON.parse(s) : undefined);
        } catch {
          r(s);
        }
      });
    });

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    const authorized = req.headers.authorization === `Bearer ${script.apiKey}`;
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      body,
      authorized,
      at: Date.now(),
    });
    const startDeploy = (commit: string) => {
      posts++;
      const mode = posts === 1 ? (script.firstPost ?? 'created-201') : 'created-201';
      if (mode === 'drop-before-create') return void req.socket.destroy();
      const d = create(commit, 'api', script.deploySequence ?? DEFAULT_SEQUENCE);
      if (mode === 'drop-after-create') return void req.socket.destroy();
      if (mode === 'accepted-202') return json(res, 202, undefined);
      json(res, 201, view(d));
    };

    // The deploy hook: no API key, the secret is in the URL.
    if (url.pathname === `/deploy/${script.serviceId}`) {
      if (url.searchParams.get('key') !== script.hookKey)
        return json(res, 404, { id: 'not_found', message: 'not found' });
      const d = create('b'.repeat(40), 'deploy_hook', script.deploySequence ?? DEFAULT_SEQUENCE);
      return json(res, 200, { deploy: { id: d.id } });
    }
    if (script.rateLimit && limited < script.rateLimit.requests) {
      limited++;
      const h = script.rateLimit.header;
      const headers: Record<string, string> =
        h === 'retry-after'
          ? { 'retry-after': '1' }
          : {
              'ratelimit-limit': '10',
              'ratelimit-remaining': '0',
              'ratelimit-reset': h === 'reset-epoch' ? String(Math.ceil(Date.now() / 1000) + 1) : '1',
            };
      return json(res, 429, { id: 'too_many_requests', message: 'rate limit exceeded' }, headers);
    }
    if (!authorized) return json(res, 401, { id: 'unauthorized', message: 'unauthorized' });
    if (await platform.handle(req.method ?? 'GET', url, body, res)) return;
    const m = /^\/v1\/services\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!m || m[1] !== script.serviceId)
      return json(res, 404, { id: 'not_found', message: 'service not found' });
    const rest = m[2] ?? '';
    const method = req.method ?? 'GET';
    if (method === 'PATCH' && rest === '') {
      const v = (body as { autoDeploy?: string })?.autoDeploy;
      if (v !== 'yes' && v !== 'no')
        return json(res, 400, { id: 'invalid', message: 'autoDeploy must be yes or no' });
      autoDeploy = v;
      return json(res, 200, { id: script.serviceId, autoDeploy });
    }
    if (method === 'GET' && rest === '/deploys') {
      const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 20));
      return json(
        res,
        200,
        deploys.slice(0, limit).map((d) => ({ cursor: d.id, deploy: view(d) })),
      );
    }
    if (method === 'POST' && rest === '/deploys')
      return startDeploy((body as { commitId?: string })?.commitId ?? 'c'.repeat(40));
    if (method === 'POST' && rest === '/rollback') {
      const to = deploys.find((d) => d.id === (body as { deployId?: string })?.deployId);
      if (!to) return json(res, 404, { id: 'not_found', message: 'deploy not found' });
      const d = create(to.commit.id, 'rollback', script.rollbackSequence ?? DEFAULT_SEQUENCE);
      return json(res, 201, view(d));
    }
    const one = /^\/deploys\/([^/]+)(\/cancel)?$/.exec(rest);
    if (one) {
      const d = deploys.find((x) => x.id === one[1]);
      if (!d) return json(res, 404, { id: 'not_found', message: 'deploy not found' });
      if (method === 'POST' && one[2]) {
        if (!['live', 'deactivated'].includes(d.status) && !/failed|canceled/.test(d.status)) {
          d.status = 'canceled';
          d.next = [];
          d.finishedAt = iso();
        }
        return json(res, 200, view(d));
      }
      if (method === 'GET' && !one[2]) {
        advance(d);
        return json(res, 200, view(d));
      }
    }
    json(res, 404, { id: 'not_found', message: `no route ${method} ${url.pathname}` });
  };
  const server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/v1`,
    hookUrl: `http://127.0.0.1:${port}/deploy/${script.serviceId}?key=${script.hookKey ?? 'none'}`,
    requests,
    deploys,
    platform: platform.state,
    autoDeploy: () => autoDeploy,
    mutations: () => requests.filter((r) => r.method === 'POST' || r.method === 'PATCH'),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
