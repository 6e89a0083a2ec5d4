/**
 * The platform client: one service's metrics, events, logs and actions over Render's REST
 * API (render-http.ts carries the key, the 429s, the retries and the redaction). The same
 * client reads the sandbox's model of Render at /__render/v1, so every use site meets one
 * implementation on Render and on a laptop. Every read is bounded: its window
 * (config.platform.maxWindowH), its pages (maxPages) and its time (timeoutMs, logsTimeoutMs).
 */
import { RunbookError, usageError } from '../errors';
import { formatDuration } from '../units';
import { renderApi, twice, RENDER_API_DEFAULT, type RenderDeps } from './render-http';
import { toEvent } from './events';
import { memoryView, toLogLine, toPlatformDeploy, toService, toSeries } from './normalise';
import { boundWindow, query, resolutionFor, rfc3339 } from './window';
import type {
  ActionResult,
  EventQuery,
  LogLine,
  LogQuery,
  MetricName,
  MetricQuery,
  Paged,
  PlatformAction,
  PlatformClient,
  PlatformDeploy,
  PlatformEvent,
  PlatformService,
  PlatformSource,
  Series,
  TimeWindow,
} from './types';

/** The bounds of every read (config.platform). */
export interface PlatformLimits {
  /** Deadline of one call, ms. */
  timeoutMs: number;
  /** Deadline of one page of logs, ms (the slow endpoint). */
  logsTimeoutMs: number;
  /** Times a read is asked again after a 429, a 5xx or a broken connection (never after a time-out). */
  retries: number;
  /** Pages one events or logs query reads at most. */
  maxPages: number;
  /** The longest window one query asks for, h. */
  maxWindowH: number;
}

export interface PlatformOptions {
  source: PlatformSource;
  baseUrl: string;
  apiKey: string;
  serviceId: string;
  limits: PlatformLimits;
  /** Where the key and the id came from, for the messages of a refusal. */
  keyName?: string;
  keyHint?: string;
  serviceIdName?: string;
  describes?: string;
}

const UNREACHABLE = ['RB_REFUSED', 'RB_DNS', 'RB_TLS', 'RB_NETWORK', 'RB_TIMEOUT'];

/** A platform client for one service. */
export function renderPlatform(o: PlatformOptions, deps: RenderDeps = {}): PlatformClient {
  const now = deps.now ?? Date.now;
  const api = renderApi(
    {
      baseUrl: o.baseUrl,
      apiKey: o.apiKey,
      serviceId: o.serviceId,
      timeoutMs: o.limits.timeoutMs,
      readRetries: o.limits.retries,
      rateLimitAttempts: o.limits.retries + 1,
      retryTimeouts: false,
      ...(o.keyName ? { keyName: o.keyName } : {}),
      ...(o.keyHint ? { keyHint: o.keyHint } : {}),
      ...(o.serviceIdName ? { serviceIdName: o.serviceIdName } : {}),
    },
    deps,
  );
  const svc = `/services/${encodeURIComponent(o.serviceId)}`;
  const maxWindowMs = o.limits.maxWindowH * 3_600_000;
  const where =
    o.source === 'sandbox'
      ? `the sandbox's platform API at ${o.baseUrl}`
      : `Render's API${o.baseUrl === RENDER_API_DEFAULT ? '' : ` at ${o.baseUrl}`}`;

  /** Network failures and time-outs, told as the platform's (the probes' hints name the service). */
  const reword = async <T>(what: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof RunbookError) || !UNREACHABLE.includes(e.code)) throw e;
      const timedOut = e.code === 'RB_TIMEOUT';
      throw new RunbookError(
        e.code,
        timedOut
          ? `${what}: ${where} did not answer within ${formatDuration(timeoutMs)}.`
          : `${what}: ${where} could not be reached (${e.message})`,
        {
          hint:
            o.source === 'sandbox'
              ? 'Start the sandbox (npm start, or npx zx runbooks/sandbox.ts) and run it again.'
              : timedOut
                ? 'Render is slow or having an incident (status.render.com): ask for a shorter window, or run it again later. The bound is config.platform.' +
                  (what.startsWith('logs') ? 'logsTimeoutMs.' : 'timeoutMs.')
                : 'Check your network and RENDER_API_URL (unset: https://api.render.com/v1); status.render.com shows incidents.',
          cause: e,
          details: { ...e.details },
        },
      );
    }
  };

  const read = <T>(what: string, path: string, signal?: AbortSignal, timeoutMs = o.limits.timeoutMs) =>
    reword(what, timeoutMs, () => api.get<T>(path, undefined, signal, { timeoutMs }));

  let ownerId: string | undefined;
  const service = async (signal?: AbortSignal): Promise<PlatformService> => {
    const s = toService(await read('the service', svc, signal));
    if (!s)
      throw new RunbookError('RB_BAD_RESPONSE', `${where} answered GET ${svc} without a service object.`, {
        hint: 'Check RENDER_API_URL: it should be https://api.render.com/v1.',
      });
    ownerId = s.ownerId || ownerId;
    return s;
  };

  const metric = async (name: MetricName, q: MetricQuery = {}, signal?: AbortSignal): Promise<Series[]> => {
    const w = boundWindow(q.window, now(), maxWindowMs);
    const path = `/metrics/${name}${query({
      resource: o.serviceId,
      startTime: rfc3339(w.startMs),
      endTime: rfc3339(w.endMs),
      resolutionSeconds: resolutionFor(w, q.resolutionSeconds),
      ...q.params,
    })}`;
    const raw = await read<unknown>(`metric ${name}`, path, signal);
    if (!Array.isArray(raw))
      throw new RunbookError(
        'RB_BAD_RESPONSE',
        `${where} answered GET /metrics/${name} with something other than a list of series.`,
        { hint: 'Check RENDER_API_URL: it should be https://api.render.com/v1.' },
      );
    return toSeries(name, raw);
  };

  /** Cursor pages of one events query, newest first, bounded. */
  const eventPages = async (w: TimeWindow, type: string | undefined, q: EventQuery, signal?: AbortSignal) => {
    const limit = Math.min(100, Math.max(1, q.limit ?? 50));
    const maxPages = Math.max(1, q.maxPages ?? o.limits.maxPages);
    const items: PlatformEvent[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await read<unknown>(
        'events',
        `${svc}/events${query({ startTime: rfc3339(w.startMs), endTime: rfc3339(w.endMs), limit, type, cursor })}`,
        signal,
      );
      pages++;
      const list = Array.isArray(page) ? page : [];
      for (const item of list) {
        const e = toEvent(item);
        if (e) items.push(e);
      }
      const next = (list.at(-1) as { cursor?: unknown } | undefined)?.cursor;
      const more = list.length >= limit && typeof next === 'string' && next !== cursor;
      if (!more) return { items, pages, truncated: false };
      if (pages >= maxPages) return { items, pages, truncated: true };
      cursor = next as string;
    }
  };

  const events = async (q: EventQuery = {}, signal?: AbortSignal): Promise<Paged<PlatformEvent>> => {
    const window = boundWindow(q.window, now(), maxWindowMs);
    // The spec takes one type per query; several are asked one by one and merged.
    const runs = await Promise.all(
      (q.types?.length ? q.types : [undefined]).map((t) => eventPages(window, t, q, signal)),
    );
    const seen = new Set<string>();
    const items = runs
      .flatMap((r) => r.items)
      .filter((e) => !seen.has(e.id) && (seen.add(e.id), true))
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return {
      items,
      pages: runs.reduce((n, r) => n + r.pages, 0),
      truncated: runs.some((r) => r.truncated),
      window,
    };
  };

  const logs = async (q: LogQuery = {}, signal?: AbortSignal): Promise<Paged<LogLine>> => {
    const window = boundWindow(q.window, now(), maxWindowMs);
    const owner = ownerId ?? (await service(signal)).ownerId;
    const limit = Math.min(100, Math.max(1, q.limit ?? 100));
    const maxPages = Math.max(1, q.maxPages ?? o.limits.maxPages);
    const filters = {
      level: q.level,
      text: q.text,
      type: q.type,
      statusCode: q.statusCode,
      instance: q.instance,
      method: q.method,
      path: q.path,
      host: q.host,
    };
    const items: LogLine[] = [];
    // Render's next window is passed back untouched (it may carry an offset and microseconds).
    let start = rfc3339(window.startMs);
    let end = rfc3339(window.endMs);
    for (let pages = 1; ; pages++) {
      const page = await read<{
        hasMore?: unknown;
        nextStartTime?: unknown;
        nextEndTime?: unknown;
        logs?: unknown;
      }>(
        'logs',
        `/logs${query({ ownerId: owner, resource: [o.serviceId], startTime: start, endTime: end, direction: q.direction ?? 'backward', limit, ...filters })}`,
        signal,
        o.limits.logsTimeoutMs,
      );
      for (const l of Array.isArray(page?.logs) ? page.logs : []) {
        const line = toLogLine(l);
        if (line) items.push(line);
      }
      const nextStart = typeof page?.nextStartTime === 'string' ? page.nextStartTime : undefined;
      const nextEnd = typeof page?.nextEndTime === 'string' ? page.nextEndTime : undefined;
      const progress =
        nextStart !== undefined && nextEnd !== undefined && (nextStart !== start || nextEnd !== end);
      if (page?.hasMore !== true || !progress)
        return { items, pages, truncated: page?.hasMore === true, window };
      if (pages >= maxPages) return { items, pages, truncated: true, window };
      start = nextStart;
      end = nextEnd;
    }
  };

  const deploys = async (q: { limit?: number } = {}, signal?: AbortSignal): Promise<PlatformDeploy[]> => {
    const limit = Math.min(100, Math.max(1, q.limit ?? 20));
    const list = await read<unknown>('deploys', `${svc}/deploys${query({ limit })}`, signal);
    return (Array.isArray(list) ? list : []).flatMap((x) => toPlatformDeploy(x) ?? []);
  };

  const act = async (action: PlatformAction, body: unknown, signal?: AbortSignal): Promise<ActionResult> => {
    const at = new Date(now()).toISOString();
    const send = () => api.write('POST', `${svc}/${action}`, body, signal);
    // A restart is not idempotent (a second one restarts again): an uncertain answer is an error.
    const r = await reword(action, o.limits.timeoutMs, () => (action === 'restart' ? send() : twice(send)));
    return { action, status: r.status, at };
  };

  return {
    source: o.source,
    serviceId: o.serviceId,
    describes:
      o.describes ??
      (o.source === 'sandbox'
        ? `the sandbox's platform model (${o.serviceId})`
        : `Render service ${o.serviceId}`),
    service,
    metric,
    async memory(q = {}, signal) {
      const [m, l] = await Promise.all([metric('memory', q, signal), metric('memory-limit', q, signal)]);
      return memoryView(m, l);
    },
    httpRequests: (q = {}, signal) =>
      metric('http-requests', { ...q, params: { ...q.params, aggregateBy: 'statusCode' } }, signal),
    httpLatency: (q = {}, signal) =>
      metric(
        'http-latency',
        { ...q, params: { ...q.params, quantile: (q.quantiles ?? [0.5, 0.95, 0.99]).map(String) } },
        signal,
      ),
    events,
    logs,
    deploys,
    restart: (signal) => act('restart', undefined, signal),
    suspend: (signal) => act('suspend', undefined, signal),
    resume: (signal) => act('resume', undefined, signal),
    async scale(numInstances, signal) {
      if (!Number.isInteger(numInstances) || numInstances < 1 || numInstances > 100)
        throw usageError(
          `Cannot scale to ${numInstances} instances: give a whole number from 1 to 100.`,
          'To stop the service instead, suspend it.',
        );
      return act('scale', { numInstances }, signal);
    },
    rateLimit: () => api.rateLimit(),
  };
}
