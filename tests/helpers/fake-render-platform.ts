/**
 * The platform half of the fake Render API (fake-render.ts serves both, so one fake serves a
 * test that deploys and watches), following shared/reference/render-platform-signals.md:
 * GET /services/{id} (plan, instances, suspended as a string enum, ownerId), events as
 * `[{event, cursor}]` newest first with cursor pages, logs as `{hasMore, nextStartTime,
 * nextEndTime, logs}` with time-window pages whose next times carry an offset and
 * microseconds (so a client must pass them back untouched), metrics as top-level arrays of
 * `{labels, values, unit}`, and restart (200) / suspend, resume, scale (202), each of which
 * records Render's event. A test scripts it: series in any unit, events, log lines, a slow
 * logs endpoint, and reads back the actions it received.
 */
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface RawSeries {
  labels: { field: string; value: string }[];
  values: { timestamp: string; value: number }[];
  unit: string;
}

export interface RawEvent {
  id: string;
  timestamp: string;
  serviceId: string;
  type: string;
  details: Record<string, unknown>;
}

export interface RawLog {
  id: string;
  message: string;
  timestamp: string;
  labels: { name: string; value: string }[];
}

export interface PlatformScript {
  ownerId?: string;
  plan?: string;
  numInstances?: number;
  /** Series per metric name (memory, memory-limit, http-requests, …), or a function of the query. */
  metrics?: Record<string, RawSeries[] | ((q: URLSearchParams) => RawSeries[])>;
  /** Events, in any order (served newest first). */
  events?: RawEvent[];
  /** Log lines, in any order. */
  logs?: RawLog[];
  /** Every /logs page is answered after this long: a slow endpoint. */
  logsDelayMs?: number;
}

export interface FakePlatform {
  ownerId: string;
  events: RawEvent[];
  logs: RawLog[];
  suspended: boolean;
  numInstances: number;
  actions: { action: string; body: unknown }[];
  /** Query strings of the requests of one kind ('events', 'logs', 'metrics/memory', …). */
  queries: Record<string, URLSearchParams[]>;
}

const alnum = (n: number) =>
  [...randomBytes(n)].map((b) => '0123456789abcdefghijklmnopqrstuvwxyz'[b % 36]).join('');

/** A service event in Render's shape. */
export function rawEvent(
  serviceId: string,
  type: string,
  details: Record<string, unknown>,
  at: number,
): RawEvent {
  return { id: `evt-${alnum(20)}`, timestamp: new Date(at).toISOString(), serviceId, type, details };
}

/** One series of evenly spaced values ending at `endMs`. */
export function rawSeries(
  values: number[],
  o: { unit: string; stepMs?: number; endMs?: number; labels?: Record<string, string> },
): RawSeries {
  const step = o.stepMs ?? 60_000;
  const end = o.endMs ?? Date.now();
  return {
    labels: Object.entries(o.labels ?? {}).map(([field, value]) => ({ field, value })),
    values: values.map((value, i) => ({
      timestamp: new Date(end - (values.length - 1 - i) * step).toISOString(),
      value,
    })),
    unit: o.unit,
  };
}

/** A log line; labels as given (type, level, statusCode, …). */
export function rawLog(
  serviceId: string,
  at: number,
  message: string,
  labels: Record<string, string>,
): RawLog {
  return {
    id: `${at}-${alnum(8)}`,
    message,
    timestamp: new Date(at).toISOString(),
    labels: [
      { name: 'resource', value: serviceId },
      ...Object.entries(labels).map(([name, value]) => ({ name, value })),
    ],
  };
}

/** RFC 3339 with microseconds and a +02:00 offset, as the spec's example of a next time. */
function offsetTime(ms: number): string {
  const d = new Date(ms + 2 * 3_600_000);
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000+02:00');
}

const parseTime = (v: string | null, dflt: number) => {
  if (!v) return dflt;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : dflt;
};

/** The platform routes of one service; `handle` answers one request and says whether it was one of them. */
export function platformRoutes(script: PlatformScript, serviceId: string) {
  const state: FakePlatform = {
    ownerId: script.ownerId ?? 'tea-fakeowner000000000',
    events: [...(script.events ?? [])],
    logs: [...(script.logs ?? [])],
    suspended: false,
    numInstances: script.numInstances ?? 1,
    actions: [],
    queries: {},
  };
  const json = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const note = (kind: string, q: URLSearchParams) => (state.queries[kind] ??= []).push(q);
  const event = (type: string, details: Record<string, unknown>) =>
    state.events.push(rawEvent(serviceId, type, details, Date.now()));

  const service = () => ({
    id: serviceId,
    name: 'api',
    ownerId: state.ownerId,
    type: 'web_service',
    suspended: state.suspended ? 'suspended' : 'not_suspended',
    suspenders: state.suspended ? ['user'] : [],
    autoDeploy: 'yes',
    notifyOnFail: 'default',
    createdAt: '2026-01-10T12:00:00Z',
    updatedAt: new Date().toISOString(),
    dashboardUrl: `https://dashboard.render.com/web/${serviceId}`,
    slug: 'api',
    rootDir: '',
    serviceDetails: {
      plan: script.plan ?? 'starter',
      numInstances: state.numInstances,
      url: 'https://api-example.onrender.com',
      region: 'oregon',
      runtime: 'python',
      env: 'python',
      buildPlan: 'starter',
      healthCheckPath: '/api/health',
      openPorts: [{ port: 10000, protocol: 'TCP' }],
      envSpecificDetails: {},
    },
  });

  const logsPage = (q: URLSearchParams) => {
    const end = parseTime(q.get('endTime'), Date.now());
    const start = parseTime(q.get('startTime'), end - 3_600_000);
    const limit = Number(q.get('limit') ?? 20);
    const forward = q.get('direction') === 'forward';
    const want = (name: string, v: string | undefined) => {
      const values = q.getAll(name);
      if (!values.length) return true;
      return v !== undefined && values.some((x) => new RegExp(`^${x.replace(/\*/g, '.*')}$`, 'i').test(v));
    };
    const label = (l: RawLog, n: string) => l.labels.find((x) => x.name === n)?.value;
    const text = q.getAll('text');
    const all = state.logs
      .filter((l) => {
        const t = Date.parse(l.timestamp);
        return t >= start && t <= end;
      })
      .filter((l) => ['level', 'type', 'statusCode', 'instance'].every((n) => want(n, label(l, n))))
      .filter((l) => !text.length || text.some((x) => l.message.toLowerCase().includes(x.toLowerCase())))
      .sort((a, b) => (forward ? 1 : -1) * (Date.parse(a.timestamp) - Date.parse(b.timestamp)));
    const page = all.slice(0, limit);
    const hasMore = all.length > limit;
    const last = page.at(-1) ? Date.parse(page.at(-1)!.timestamp) : end;
    return {
      hasMore,
      nextStartTime: offsetTime(hasMore && forward ? last + 1 : start),
      nextEndTime: offsetTime(hasMore && !forward ? last - 1 : end),
      logs: page,
    };
  };

  /** Answers `method path` if it is a platform route (the caller has checked auth and limits). */
  async function handle(method: string, url: URL, body: unknown, res: ServerResponse): Promise<boolean> {
    const p = url.pathname;
    const q = url.searchParams;
    const svc = `/v1/services/${serviceId}`;
    if (method === 'GET' && p === svc) return (json(res, 200, service()), true);
    if (method === 'GET' && p === `${svc}/events`) {
      note('events', q);
      const limit = Number(q.get('limit') ?? 20);
      const types = q.getAll('type');
      let list = [...state.events]
        .filter((e) => !types.length || types.includes(e.type))
        .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
      const cursor = q.get('cursor');
      if (cursor) list = list.slice(list.findIndex((e) => e.id === cursor) + 1);
      json(
        res,
        200,
        list.slice(0, limit).map((event) => ({ event, cursor: event.id })),
      );
      return true;
    }
    if (method === 'GET' && p === '/v1/logs') {
      note('logs', q);
      if (q.get('ownerId') !== state.ownerId || !q.getAll('resource').includes(serviceId))
        return (json(res, 404, { id: 'not_found', message: 'owner or resource not found' }), true);
      if (script.logsDelayMs) await new Promise((r) => setTimeout(r, script.logsDelayMs));
      if (!res.destroyed) json(res, 200, logsPage(q));
      return true;
    }
    const metric = /^\/v1\/metrics\/([a-z-]+)$/.exec(p);
    if (method === 'GET' && metric) {
      note(`metrics/${metric[1]}`, q);
      const m = script.metrics?.[metric[1]!];
      json(res, 200, typeof m === 'function' ? m(q) : (m ?? []));
      return true;
    }
    const action = new RegExp(`^${svc}/(restart|suspend|resume|scale)$`).exec(p);
    if (method === 'POST' && action) {
      const a = action[1]!;
      state.actions.push({ action: a, body });
      if (a === 'restart') {
        event('server_restarted', { triggeredByUser: 'usr-fake' });
        return (json(res, 200), true);
      }
      if (a === 'scale') {
        const n = (body as { numInstances?: unknown })?.numInstances;
        if (typeof n !== 'number') return (json(res, 400, { id: 'invalid', message: 'numInstances' }), true);
        event('instance_count_changed', { fromInstances: state.numInstances, toInstances: n });
        state.numInstances = n;
      } else {
        state.suspended = a === 'suspend';
        event(a === 'suspend' ? 'service_suspended' : 'service_resumed', {});
      }
      return (json(res, 202), true);
    }
    return false;
  }

  return { state, handle };
}
