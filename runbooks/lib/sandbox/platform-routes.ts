/**
 * The sandbox's model of Render's REST API, under /__render/v1: the parts the handbook uses
 * (the service, its events, deploys, logs, metrics; restart, suspend, resume, scale), in the
 * shapes and status codes of shared/reference/render-platform-signals.md, so the one platform
 * client reads it as it reads Render. Authorised like Render (Authorization: Bearer …) by the
 * sandbox's admin token; rate-limited like Render, per modelled minute (reads 400, writes 30,
 * suspend and resume 10), with Ratelimit-* headers on every answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SANDBOX_API_USER, SANDBOX_RENDER_PREFIX } from '../platform/sandbox-target';
import type { DeployLog } from './deploys';
import { bearerOk, readBody } from './http';
import { parseUs, type LogQuery } from './platform-log';
import { bucketMs } from './platform-series';
import type { SandboxState } from './state';

type Json = Record<string, unknown>;

const METRICS = new Set([
  'memory',
  'memory-limit',
  'cpu',
  'cpu-limit',
  'http-requests',
  'http-latency',
  'instance-count',
]);

/** Handles /__render/v1/…; returns the status sent. */
export async function renderRoute(
  st: SandboxState,
  deploys: DeployLog,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
): Promise<number> {
  const path = url.pathname.slice(SANDBOX_RENDER_PREFIX.length);
  const send = (status: number, body?: unknown, headers: Record<string, string> = {}): number => {
    if (res.headersSent || res.destroyed) return status;
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    return status;
  };
  const error = (status: number, id: string, message: string, headers?: Record<string, string>) =>
    send(status, { id, message }, headers);
  if (!bearerOk(req, st.s.adminToken))
    return error(
      401,
      'unauthorized',
      'send Authorization: Bearer <the sandbox admin token> (printed at start, kept in the state directory)',
    );
  const p = st.platform;
  const action = /^\/services\/([^/]+)\/(restart|suspend|resume|scale)$/.exec(path);
  const limit = st.renderLimits.take(
    method === 'GET'
      ? 'read'
      : action && (action[2] === 'suspend' || action[2] === 'resume')
        ? 'suspend'
        : 'write',
  );
  const h = limit.headers;
  if (!limit.ok) return error(429, 'too_many_requests', 'rate limit surpassed', h);
  const q = url.searchParams;
  const all = (k: string) =>
    q
      .getAll(k)
      .flatMap((v) => v.split(','))
      .filter(Boolean);
  const svc = /^\/services\/([^/]+)(\/.*)?$/.exec(path);
  if (svc && svc[1] !== p.serviceId) return error(404, 'not_found', 'service not found', h);
  const rest = svc?.[2] ?? '';
  const url0 = `http://127.0.0.1:${p.port}`;

  if (method === 'POST' && action) {
    if (action[2] === 'scale') {
      const read = await readBody(req, 64 * 1024);
      let n: unknown;
      try {
        n = read.ok ? (JSON.parse(read.text || '{}') as Json).numInstances : undefined;
      } catch {
        n = undefined;
      }
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100)
        return error(400, 'invalid', 'numInstances must be a whole number from 1 to 100', h);
      st.scale(n);
      return send(202, undefined, h);
    }
    if (action[2] === 'restart') {
      if (p.suspended) return error(400, 'invalid', 'the service is suspended: resume it first', h);
      send(200, undefined, h);
      // After the answer has left: the restart drops every connection.
      setImmediate(() => st.restart(undefined, 'admin', undefined, SANDBOX_API_USER));
      return 200;
    }
    send(202, undefined, h);
    setImmediate(() => (action[2] === 'suspend' ? st.suspend() : st.resume()));
    return 202;
  }
  if (method !== 'GET') return error(405, 'method_not_allowed', `${method} ${path} is not supported`, h);

  const window = (defaultMs: number | null) => {
    const endUs = parseUs(q.get('endTime')) ?? st.s.now() * 1000;
    const startUs = parseUs(q.get('startTime')) ?? (defaultMs === null ? 0 : endUs - defaultMs * 1000);
    return { startUs, endUs };
  };
  const limitOf = (dflt: number) => {
    const n = q.get('limit') === null ? dflt : Number(q.get('limit'));
    return Number.isInteger(n) && n >= 1 && n <= 100 ? n : undefined;
  };

  if (svc && rest === '') return send(200, p.serviceJson(url0), h);
  if (svc && rest === '/events') {
    const n = limitOf(20);
    if (n === undefined) return error(400, 'invalid', 'limit must be from 1 to 100', h);
    // Whether Render applies the one-hour default to events is not stated: the sandbox keeps it all.
    const w = window(null);
    return send(
      200,
      p.events.page(p.serviceId, {
        startMs: w.startUs / 1000,
        endMs: w.endUs / 1000,
        types: all('type'),
        limit: n,
        cursor: q.get('cursor') ?? undefined,
      }),
      h,
    );
  }
  if (svc && rest === '/deploys')
    return send(
      200,
      deploys.list(limitOf(20) ?? 20).map((deploy) => ({ cursor: deploy.id, deploy })),
      h,
    );
  const dep = /^\/deploys\/(dep-[a-z0-9]+)$/.exec(rest);
  if (svc && dep) {
    try {
      return send(200, deploys.get(dep[1]!), h);
    } catch {
      return error(404, 'not_found', 'deploy not found', h);
    }
  }
  if (path === '/logs') {
    if (!q.get('ownerId') || !all('resource').length)
      return error(400, 'invalid', 'ownerId and resource are required', h);
    if (q.get('ownerId') !== p.ownerId || !all('resource').includes(p.serviceId))
      return error(404, 'not_found', 'owner or resource not found', h);
    const n = limitOf(20);
    if (n === undefined) return error(400, 'invalid', 'limit must be from 1 to 100', h);
    const f = (k: string) => q.getAll(k);
    const lq: LogQuery = {
      ...window(3_600_000),
      direction: q.get('direction') === 'forward' ? 'forward' : 'backward',
      limit: n,
      filters: {
        level: f('level'),
        type: f('type'),
        statusCode: f('statusCode'),
        method: f('method'),
        path: f('path'),
        host: f('host'),
        instance: f('instance'),
        text: f('text'),
      },
    };
    return send(200, p.logs.page(lq, { serviceId: p.serviceId, instance: (s) => p.instanceId(s) }), h);
  }
  const metric = /^\/metrics\/([a-z-]+)$/.exec(path);
  if (metric && METRICS.has(metric[1]!)) {
    const resources = [...all('resource'), ...all('service')];
    const res0 = Number(q.get('resolutionSeconds') ?? 60);
    if (!(res0 >= 30)) return error(400, 'invalid', 'resolutionSeconds must be at least 30', h);
    const w = window(3_600_000);
    const sq = { startMs: w.startUs / 1000, endMs: w.endUs / 1000 };
    const query = { ...sq, bucketMs: bucketMs(sq.startMs, sq.endMs, res0, st.s.timeScale) };
    if (resources.length && !resources.includes(p.serviceId)) return send(200, [], h);
    const ids = { serviceId: p.serviceId, instance: (s: string) => p.instanceId(s) };
    const plan = st.s.config.service.plan;
    const s = p.series;
    switch (metric[1]) {
      case 'memory':
        return send(200, s.perInstance('mb', query, ids), h);
      case 'cpu':
        return send(200, s.perInstance('cores', query, ids), h);
      case 'memory-limit':
        return send(200, s.constant(plan.memoryMb * 1024 * 1024, 'bytes', query, p.serviceId), h);
      case 'cpu-limit':
        return send(200, s.constant(plan.cpu, 'cores', query, p.serviceId), h);
      case 'instance-count':
        return send(200, s.instances(query, p.serviceId), h);
      case 'http-requests':
        return send(200, s.httpRequests(query, q.get('aggregateBy'), p.serviceId), h);
      default: {
        const qs = all('quantile').map(Number);
        if (qs.some((x) => !(x > 0 && x <= 1)))
          return error(400, 'invalid', 'quantile must be a number above 0 and at most 1', h);
        return send(200, s.httpLatency(query, qs.length ? qs : [0.95], p.serviceId), h);
      }
    }
  }
  return error(404, 'not_found', `no route GET ${path}`, h);
}
