/**
 * Render's REST API (reference: render-and-slack.md). Every call sends the key as a
 * Bearer header; errors become RunbookErrors that say what to fix:
 * - 401/403: the key (exit 2); 404: the service id, or the deploy id asked for (exit 2);
 * - 429: waits as Ratelimit-Reset (epoch seconds or seconds from now) or Retry-After say,
 *   with jitter, and asks again: a refused request did nothing, so even a POST is safe;
 * - 5xx and network errors: reads are retried; a POST is never re-sent blindly. It fails
 *   as `uncertain`, and the provider lists the deploys created since before trying again.
 */
import { RunbookError, configError } from '../errors';
import { httpRequest, type RequestFn, type HttpResponse } from '../http/client';
import { parseJsonBody } from '../http/json';
import { abortableSleep } from '../http/retry';
import type { Deploy, DeployProvider, StartedSince } from './types';
import { createdSince } from './status';

export const RENDER_API_DEFAULT = 'https://api.render.com/v1';
const READ_ATTEMPTS = 4;
const RATE_LIMIT_ATTEMPTS = 6;
const MAX_WAIT_MS = 60_000;

export interface RenderDeps {
  request?: RequestFn;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Told about every wait (rate limit, retry), for the output. */
  onWait?: (why: string, ms: number) => void;
}

/** How long a 429 asks us to wait, ms: Ratelimit-Reset (epoch or relative seconds), else Retry-After, else 5 s. */
export function rateLimitWaitMs(headers: Record<string, string>, now: number): number {
  const reset = Number(headers['ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0)
    return Math.min(MAX_WAIT_MS, Math.max(0, reset > 1e9 ? reset * 1000 - now : reset * 1000));
  const after = Number(headers['retry-after']);
  if (Number.isFinite(after) && after >= 0) return Math.min(MAX_WAIT_MS, after * 1000);
  return 5_000;
}

/** A POST whose fate is unknown (5xx, dropped connection): never re-sent without looking first. */
export class UncertainWrite extends RunbookError {
  constructor(
    readonly what: string,
    readonly why: string,
  ) {
    super('RB_NETWORK', `Render did not confirm ${what}: ${why}.`, {
      hint: 'status.render.com shows incidents; look at the service’s Events in the dashboard before trying again.',
    });
  }
}

/** An idempotent write (cancel, a setting) may be sent twice: a second try after an uncertain first. */
async function twice<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof UncertainWrite)) throw e;
    return fn();
  }
}

type Json = Record<string, unknown>;

export interface RenderApi {
  get<T>(path: string, notFound?: string, signal?: AbortSignal): Promise<T>;
  write<T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ status: number; json: T | undefined }>;
}

export function renderApi(
  o: { baseUrl: string; apiKey: string; serviceId: string },
  deps: RenderDeps = {},
): RenderApi {
  const request = deps.request ?? httpRequest;
  const sleep = deps.sleep ?? abortableSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const base = o.baseUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${o.apiKey}` };

  const refuse = (res: HttpResponse, method: string, path: string, notFound?: string): never => {
    const body = parseJsonBody(res);
    const said =
      body.ok && body.value && typeof body.value === 'object'
        ? String((body.value as Json).message ?? (body.value as Json).id ?? '')
        : res.text.slice(0, 120);
    if (res.status === 401 || res.status === 403) {
      throw configError(
        `Render refused the API key (HTTP ${res.status}${said ? `: ${said}` : ''}).`,
        'Check RENDER_API_KEY: create a key under Account settings → API keys, for a user with access to the service.',
      );
    }
    if (res.status === 404) {
      throw configError(
        notFound ??
          `Render has no service ${o.serviceId} that this key can see (HTTP 404 on ${method} ${path}).`,
        'Check RENDER_SERVICE_ID (srv-…, in the service’s URL in the dashboard) and that the key’s owner can see the service.',
      );
    }
    throw new RunbookError(
      'RB_HTTP',
      `Render answered HTTP ${res.status} to ${method} ${path}${said ? `: ${said}` : ''}.`,
      { hint: 'Check the request against Render’s API reference; status.render.com shows incidents.' },
    );
  };

  /** Sends once per attempt; answers 429 by waiting; returns the response or throws. */
  const send = async (
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<HttpResponse> => {
    for (let attempt = 1; ; attempt++) {
      const res = await request({
        method,
        url: `${base}${path}`,
        headers,
        ...(body !== undefined ? { body } : {}),
        timeoutMs: 30_000,
        ...(signal ? { signal } : {}),
      });
      if (res.status !== 429) return res;
      if (attempt >= RATE_LIMIT_ATTEMPTS)
        throw new RunbookError(
          'RB_HTTP',
          `Render kept answering 429 (rate limited) to ${method} ${path} after ${attempt} attempts.`,
          { hint: 'Deploy triggers are limited to 10 a minute per service; wait a minute and run it again.' },
        );
      const ms = Math.round(rateLimitWaitMs(res.headers, now()) * (1 + random() * 0.2)) + 250;
      deps.onWait?.(`Render rate-limited ${method} ${path} (429)`, ms);
      await sleep(ms, signal);
      if (signal?.aborted)
        throw new RunbookError('RB_INTERRUPTED', 'Interrupted while waiting out Render’s rate limit.');
    }
  };

  return {
    async get<T>(path: string, notFound?: string, signal?: AbortSignal): Promise<T> {
      let last: unknown;
      for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
        try {
          const res = await send('GET', path, undefined, signal);
          if (res.status >= 500) {
            last = new RunbookError('RB_HTTP', `Render answered HTTP ${res.status} to GET ${path}.`, {
              hint: 'status.render.com shows incidents; run it again in a few minutes.',
            });
          } else {
            if (res.status >= 400) refuse(res, 'GET', path, notFound);
            const j = parseJsonBody(res);
            if (!j.ok)
              throw new RunbookError('RB_BAD_RESPONSE', `Render answered GET ${path} with ${j.reason}.`, {
                hint: 'Check RENDER_API_URL: it should be https://api.render.com/v1.',
              });
            return j.value as T;
          }
        } catch (e) {
          if (
            !(e instanceof RunbookError) ||
            !['RB_REFUSED', 'RB_NETWORK', 'RB_TIMEOUT', 'RB_DNS'].includes(e.code)
          )
            throw e;
          last = e;
        }
        if (signal?.aborted) break;
        if (attempt < READ_ATTEMPTS) {
          const ms = Math.round(1000 * 2 ** (attempt - 1) * (0.5 + random()));
          deps.onWait?.(`GET ${path} failed; reading again`, ms);
          await sleep(ms, signal);
        }
      }
      throw last;
    },
    async write<T>(method: 'POST' | 'PATCH', path: string, body: unknown, signal?: AbortSignal) {
      let res: HttpResponse;
      try {
        res = await send(method, path, body, signal);
      } catch (e) {
        if (e instanceof RunbookError && ['RB_NETWORK', 'RB_TIMEOUT'].includes(e.code))
          throw new UncertainWrite(`${method} ${path}`, e.message);
        throw e;
      }
      if (res.status >= 500)
        throw new UncertainWrite(`${method} ${path}`, `Render answered HTTP ${res.status}`);
      if (res.status >= 400) refuse(res, method, path);
      const j = parseJsonBody(res);
      return { status: res.status, json: j.ok ? (j.value as T) : undefined };
    },
  };
}

/** Render's deploy object (or the list's {cursor, deploy} item) as a Deploy. */
export function toDeploy(x: unknown): Deploy | undefined {
  const d = (x && typeof x === 'object' && 'deploy' in x ? (x as Json).deploy : x) as Json | undefined;
  if (!d || typeof d !== 'object' || typeof d.id !== 'string') return undefined;
  const c = (d.commit ?? {}) as Json;
  const s = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: d.id,
    status: s(d.status) ?? 'unknown',
    commit: { id: s(c.id), message: s(c.message) },
    trigger: s(d.trigger),
    createdAt: s(d.createdAt),
    finishedAt: s(d.finishedAt),
  };
}

/**
 * A POST that may start a deploy, made safe to repeat once: after an uncertain answer,
 * the deploys created since `since` are listed first; only when there is none is the POST
 * sent again, once. A second uncertain answer is an error naming how to look.
 */
export async function startOnce(
  post: () => Promise<Deploy | undefined>,
  list: () => Promise<Deploy[]>,
  since: StartedSince,
  what: string,
): Promise<Deploy | undefined> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      return await post();
    } catch (e) {
      if (!(e instanceof UncertainWrite)) throw e;
      const started = createdSince(await list(), since);
      if (started.length) return started[0];
      if (attempt === 2) {
        throw new RunbookError(
          'RB_NETWORK',
          `Render did not confirm the ${what} (${e.why}), twice, and no deploy was created since it was asked for.`,
          {
            hint: 'Look at the service’s Events in the dashboard, or list deploys: npx zx runbooks/rollback.ts --list --env <env>.',
          },
        );
      }
    }
  }
  return undefined;
}

export function renderApiProvider(
  o: { baseUrl: string; apiKey: string; serviceId: string },
  deps: RenderDeps = {},
): DeployProvider {
  const api = renderApi(o, deps);
  const svc = `/services/${encodeURIComponent(o.serviceId)}`;
  const list = async (limit: number, signal?: AbortSignal) =>
    (await api.get<unknown[]>(`${svc}/deploys?limit=${Math.min(100, limit)}`, undefined, signal))
      .map(toDeploy)
      .filter((d): d is Deploy => Boolean(d));
  return {
    name: 'render-api',
    describes: `Render service ${o.serviceId} via the API${o.baseUrl === RENDER_API_DEFAULT ? '' : ` at ${o.baseUrl}`}`,
    can: { read: true, rollback: true, cancel: true, autoDeploy: true, pinCommit: true },
    list,
    async get(id, signal) {
      const d = toDeploy(
        await api.get(
          `${svc}/deploys/${encodeURIComponent(id)}`,
          `Render has no deploy ${id} on service ${o.serviceId}.`,
          signal,
        ),
      );
      if (!d)
        throw new RunbookError(
          'RB_BAD_RESPONSE',
          `Render answered GET deploy ${id} without a deploy object.`,
        );
      return d;
    },
    trigger({ commit, since, known }, signal) {
      const post = async () =>
        toDeploy(
          (
            await api.write(
              'POST',
              `${svc}/deploys`,
              { clearCache: 'do_not_clear', ...(commit ? { commitId: commit } : {}) },
              signal,
            )
          ).json,
        );
      return startOnce(post, () => list(10, signal), { since, known }, 'deploy');
    },
    rollback({ to, since, known }, signal) {
      const post = async () =>
        toDeploy((await api.write('POST', `${svc}/rollback`, { deployId: to }, signal)).json);
      return startOnce(post, () => list(10, signal), { since, known }, 'rollback');
    },
    async cancel(id, signal) {
      const r = await twice(() =>
        api.write('POST', `${svc}/deploys/${encodeURIComponent(id)}/cancel`, {}, signal),
      );
      return (
        toDeploy(r.json) ?? {
          id,
          status: 'canceled',
          commit: { id: null, message: null },
          trigger: null,
          createdAt: null,
          finishedAt: null,
        }
      );
    },
    async setAutoDeploy(on, signal) {
      await twice(() => api.write('PATCH', svc, { autoDeploy: on ? 'yes' : 'no' }, signal));
    },
  };
}
