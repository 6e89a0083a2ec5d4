/**
 * A tiny configurable HolisticOS look-alike for probe tests, on 127.0.0.1 port 0. Routes
 * answer with recorded bodies (tests/fixtures/recorded, copied from the real gateway) or
 * with a misbehaviour: stall, trickle, HTML, a huge body, echoed headers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

const FIXTURES = fileURLToPath(new URL('../fixtures/recorded/', import.meta.url));

interface Recorded {
  name: string;
  response: { status: number; content_type: string; body: unknown };
}
const recordedCache = new Map<string, Recorded[]>();

function fromFile(file: string, name: string): { status: number; body: unknown } {
  if (!recordedCache.has(file))
    recordedCache.set(
      file,
      (JSON.parse(readFileSync(FIXTURES + file, 'utf8')) as { responses: Recorded[] }).responses,
    );
  const r = recordedCache.get(file)!.find((x) => x.name === name);
  if (!r) throw new Error(`no recorded response "${name}" in ${file}`);
  return { status: r.response.status, body: structuredClone(r.response.body) };
}

/** A recorded real response by name (root, health, stats, ratelimits, routine_nokey, …). */
export function recorded(name: string): { status: number; body: unknown } {
  return fromFile('gateway-responses.json', name);
}

/** A response of the second recording (health_database_checked, routine_first_of_pair, routine_concurrent_duplicate, routine_repeat_after_first_finished, health_fallback_shape). */
export function recorded2(name: string): { status: number; body: unknown } {
  return fromFile('gateway-responses-2.json', name);
}

/** The recorded Prometheus text of the real gateway. */
export function recordedMetrics(): string {
  return readFileSync(FIXTURES + 'gateway-metrics.txt', 'utf8');
}

export type Behaviour =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'text'; status?: number; body: string; contentType?: string; headers?: Record<string, string> }
  | { kind: 'html'; status?: number; title?: string }
  | { kind: 'stall' }
  | { kind: 'trickle'; everyMs: number; chunks: number }
  | { kind: 'huge'; bytes: number }
  | { kind: 'echo-headers' }
  | { kind: 'destroy' };

export interface Hit {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
export type Route = Behaviour | ((hit: Hit) => Behaviour);

export interface FakeService {
  url: string;
  port: number;
  hits: Hit[];
  /** Replaces or adds routes while running (a fault switched on mid-test). */
  set(routes: Record<string, Route>): void;
  close(): Promise<void>;
}

function matcher(key: string): (method: string, path: string) => boolean {
  const [m, p] = key.split(' ') as [string, string];
  const re = new RegExp('^' + p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+') + '$');
  return (method, path) => method === m && re.test(path);
}

function answer(res: ServerResponse, b: Behaviour, hit: Hit): void {
  switch (b.kind) {
    case 'json': {
      const send = () => {
        res.writeHead(b.status ?? 200, { 'content-type': 'application/json', ...b.headers });
        res.end(JSON.stringify(b.body));
      };
      if (b.delayMs) setTimeout(send, b.delayMs).unref();
      else send();
      return;
    }
    case 'text':
      res.writeHead(b.status ?? 200, {
        'content-type': b.contentType ?? 'text/plain; version=0.0.4',
        ...b.headers,
      });
      res.end(b.body);
      return;
    case 'html':
      res.writeHead(b.status ?? 502, { 'content-type': 'text/html' });
      res.end(
        `<!DOCTYPE html><html><head><title>${b.title ?? '502 Bad Gateway'}</title></head><body><h1>Bad Gateway</h1></body></html>`,
      );
      return;
    case 'stall':
      return; // never answers; close() destroys the socket
    case 'trickle': {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"overall_status":"healthy","pad":"');
      let n = 0;
      const t = setInterval(() => {
        if (res.destroyed || ++n > b.chunks) {
          clearInterval(t);
          if (!res.destroyed) res.end('"}');
          return;
        }
        res.write('x');
      }, b.everyMs);
      t.unref();
      res.on('close', () => clearInterval(t));
      return;
    }
    case 'huge': {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(b.bytes) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < b.bytes && !res.destroyed) {
          const n = Math.min(chunk.length, b.bytes - sent);
          sent += n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n)))
            return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      res.on('error', () => {});
      pump();
      return;
    }
    case 'echo-headers':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          echoed_headers: hit.headers,
          detail: `headers: ${JSON.stringify(hit.headers)}`,
        }),
      );
      return;
    case 'destroy':
      res.socket?.destroy();
      return;
  }
}

/** Starts a fake service with the given routes ("GET /api/health", "* matches one segment"). */
export async function startFakeService(routes: Record<string, Route>): Promise<FakeService> {
  let table = Object.entries(routes).map(([k, r]) => ({ key: k, match: matcher(k), route: r }));
  const hits: Hit[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const hit: Hit = { method: req.method ?? 'GET', path, headers: req.headers, body };
      hits.push(hit);
      const found = table.find((t) => t.match(hit.method, path));
      if (!found) return answer(res, { kind: 'json', status: 404, body: { detail: 'Not Found' } }, hit);
      answer(res, typeof found.route === 'function' ? found.route(hit) : found.route, hit);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    set(more) {
      const keys = new Set(Object.keys(more));
      table = [
        ...Object.entries(more).map(([k, r]) => ({ key: k, match: matcher(k), route: r })),
        ...table.filter((t) => !keys.has(t.key)),
      ];
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A healthy health body (the recorded one, with openai healthy). */
export function healthyBody(memoryMb = 110.7): Record<string, unknown> {
  const b = recorded('health').body as Record<string, any>;
  b.overall_status = 'healthy';
  b.services.openai = {
    status: 'healthy',
    response_time_ms: 320,
    message: 'OpenAI API accessible',
    details: { api_key_configured: true },
  };
  b.services.system.details.process_memory_mb = memoryMb;
  b.summary = {
    critical_issues: [],
    warnings: [],
    healthy_services: ['database', 'openai', 'system', 'agents'],
  };
  return b;
}

export function routineSuccess(userId: string, archetype: string): Record<string, unknown> {
  const content = JSON.stringify({
    time_blocks: [
      {
        block_name: 'Morning',
        start_time: '07:00',
        end_time: '08:00',
        zone_type: 'maintenance',
        purpose: 'wake',
        tasks: [],
      },
    ],
  });
  return {
    status: 'success',
    user_id: userId,
    routine_plan: {
      date: '2026-11-28',
      archetype,
      content,
      model_used: 'gpt-4o',
      plan_type: 'comprehensive_routine',
      system: 'HolisticOS',
    },
    generation_metadata: { archetype_used: archetype, generation_time: 1.2 },
    cached: false,
  };
}

export function nutritionSuccess(userId: string, archetype: string): Record<string, unknown> {
  return {
    status: 'success',
    user_id: userId,
    nutrition_plan: {
      date: '2026-11-28',
      archetype,
      content: '# Plan',
      model_used: 'gpt-4o',
      plan_type: 'comprehensive_nutrition',
    },
    generation_metadata: {},
    cached: false,
  };
}

function archetypeOf(hit: Hit): unknown {
  try {
    return (JSON.parse(hit.body || 'null') as { archetype?: unknown } | null)?.archetype;
  } catch {
    return undefined;
  }
}

/** The routes of a healthy service that honours the real contract (key check, 422, 60 s duplicates). */
export function healthyRoutes(
  apiKey: string,
  opts: { memoryMb?: number; sandbox?: boolean } = {},
): Record<string, Route> {
  const seen = new Set<string>();
  const extra = opts.sandbox ? { 'x-holisticos-sandbox': '1' } : undefined;
  const generate =
    (kind: 'routine' | 'nutrition') =>
    (hit: Hit): Behaviour => {
      const a = archetypeOf(hit);
      if (a !== undefined && typeof a !== 'string')
        return { kind: 'json', status: 422, body: recorded('routine_badtype').body };
      if (kind === 'routine' && hit.headers['x-api-key'] !== apiKey)
        return { kind: 'json', status: 401, body: { detail: 'User not authenticated' } };
      const user = hit.path.split('/')[3]!;
      const key = `${kind}|${user}|${String(a)}`;
      if (seen.has(key)) return { kind: 'json', status: 429, body: recorded('routine_key_again').body };
      seen.add(key);
      return {
        kind: 'json',
        body: kind === 'routine' ? routineSuccess(user, String(a)) : nutritionSuccess(user, String(a)),
      };
    };
  return {
    'GET /': { kind: 'json', body: recorded('root').body, headers: extra },
    'GET /api/health': { kind: 'json', body: healthyBody(opts.memoryMb), headers: extra },
    'GET /metrics': { kind: 'text', body: recordedMetrics() },
    'GET /api/monitoring/stats': {
      kind: 'json',
      body: { ...(recorded('stats').body as object), health: healthyBody(opts.memoryMb) },
    },
    'GET /api/admin/rate-limits': { kind: 'json', body: recorded('ratelimits').body },
    'POST /api/user/*/routine/generate': generate('routine'),
    'POST /api/user/*/nutrition/generate': generate('nutrition'),
    'POST /api/user/*/behavior/analyze': (hit) => ({
      kind: 'json',
      body: { status: 'success', user_id: hit.path.split('/')[3], analysis: { archetype: archetypeOf(hit) } },
    }),
    'POST /api/user/*/insights/generate': { kind: 'json', status: 500, body: recorded('insights').body },
  };
}
