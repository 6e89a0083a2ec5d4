/**
 * Render's REST API over HTTP: the one layer every caller of Render shares (the deploy
 * providers and the platform client), so a key, a rate limit or an outage is handled the
 * same everywhere. Every call sends the key as a Bearer header, has a deadline, and fails
 * as a RunbookError that says what to fix:
 * - 401/403: the key (exit 2), naming the variable it came from; 404: the service id (exit
 *   2), naming its variable, or the thing asked for;
 * - 429: waits as Ratelimit-Reset (seconds to wait, or an epoch) or Retry-After say, with
 *   jitter, and asks again: a refused request did nothing, so even a POST is safe to resend.
 *   A `Ratelimit-Remaining: 0` on any answer makes the next call wait for the reset first;
 * - 5xx and connection errors: reads are retried through the one retry helper (backoff and
 *   jitter, bounded); a write is never re-sent blindly: it fails as UncertainWrite and the
 *   caller looks before it tries again;
 * - the key never appears in a message, even when an answer echoes it.
 */
import { RunbookError, configError } from '../errors';
import { httpRequest, type RequestFn, type HttpResponse } from '../http/client';
import { parseJsonBody } from '../http/json';
import { abortableSleep, expBackoff, retry } from '../http/retry';
import { Redactor } from '../secrets/mask';
import { readRateLimit, rateLimitWaitMs, MAX_WAIT_MS } from './rate-limit';

export { rateLimitWaitMs, readRateLimit, type RateLimitState } from './rate-limit';

export const RENDER_API_DEFAULT = 'https://api.render.com/v1';

export interface RenderDeps {
  request?: RequestFn;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Told about every wait (rate limit, retry), for the output. */
  onWait?: (why: string, ms: number) => void;
}

export interface RenderApiOptions {
  baseUrl: string;
  apiKey: string;
  serviceId: string;
  /** Where the key came from, named when Render refuses it (default RENDER_API_KEY). */
  keyName?: string;
  /** What to do about a refused key (default: create one in Render's account settings). */
  keyHint?: string;
  /** Where the service id came from, named on a 404 (default RENDER_SERVICE_ID). */
  serviceIdName?: string;
  /** Deadline of one request, ms (default 30 s); a read may set its own. */
  timeoutMs?: number;
  /** Times a read is asked again after a 5xx or a broken connection (default 3). */
  readRetries?: number;
  /** Whether a read that timed out is asked again (default true; the platform's reads do not: a slow endpoint must not hold a script for retries × its deadline). */
  retryTimeouts?: boolean;
  /** Attempts of one request while Render answers 429 (default 6). */
  rateLimitAttempts?: number;
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

/** An idempotent write (cancel, a setting, suspend) may be sent twice: a second try after an uncertain first. */
export async function twice<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof UncertainWrite)) throw e;
    return fn();
  }
}

type Json = Record<string, unknown>;

export interface RenderApi {
  get<T>(path: string, notFound?: string, signal?: AbortSignal, o?: { timeoutMs?: number }): Promise<T>;
  write<T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ status: number; json: T | undefined }>;
  /** The limits Render announced on its latest answer, if it announced any. */
  rateLimit(): { limit: number | null; remaining: number | null; resetAt: number | null } | undefined;
}

/** A 429, carrying how long Render asked us to wait. */
class RateLimited extends Error {
  constructor(readonly waitMs: number) {
    super('rate limited');
  }
}

const RETRIED_READ_CODES = ['RB_REFUSED', 'RB_NETWORK', 'RB_TIMEOUT', 'RB_DNS'];

export function renderApi(o: RenderApiOptions, deps: RenderDeps = {}): RenderApi {
  const request = deps.request ?? httpRequest;
  const sleep = deps.sleep ?? abortableSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const base = o.baseUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${o.apiKey}` };
  const keyName = o.keyName ?? 'RENDER_API_KEY';
  const serviceIdName = o.serviceIdName ?? 'RENDER_SERVICE_ID';
  const redactor = new Redactor([o.apiKey]);
  const redact = (t: string) => redactor.redact(t);
  const attempts429 = Math.max(1, o.rateLimitAttempts ?? 6);
  let announced: ReturnType<RenderApi['rateLimit']>;

  const refuse = (res: HttpResponse, method: string, path: string, notFound?: string): never => {
    const body = parseJsonBody(res);
    const said = redact(
      body.ok && body.value && typeof body.value === 'object'
        ? String((body.value as Json).message ?? (body.value as Json).id ?? '')
        : res.text.slice(0, 120),
    );
    if (res.status === 401 || res.status === 403) {
      throw configError(
        `Render refused the API key (HTTP ${res.status}${said ? `: ${said}` : ''}).`,
        o.keyHint ??
          `Check ${keyName}: create a key under Account settings → API keys, for a user with access to the service.`,
      );
    }
    if (res.status === 404) {
      throw configError(
        notFound ??
          `Render has no service ${o.serviceId} that this key can see (HTTP 404 on ${method} ${path}).`,
        `Check ${serviceIdName} (srv-…, in the service’s URL in the dashboard) and that the key’s owner can see the service.`,
      );
    }
    throw new RunbookError(
      'RB_HTTP',
      `Render answered HTTP ${res.status} to ${method} ${path}${said ? `: ${said}` : ''}.`,
      { hint: 'Check the request against Render’s API reference; status.render.com shows incidents.' },
    );
  };

  /** Waits out a limit Render announced as used up (Ratelimit-Remaining: 0), bounded. */
  const pace = async (signal?: AbortSignal) => {
    const until = announced?.remaining === 0 ? announced.resetAt : null;
    const ms = until === null ? 0 : Math.min(MAX_WAIT_MS, until - now());
    if (ms <= 0) return;
    deps.onWait?.('Render’s rate limit is used up; waiting for its reset', ms);
    await sleep(ms, signal);
  };

  /** Sends once per attempt; answers 429 by waiting as told (through the retry helper); returns the response. */
  const send = async (
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body: unknown,
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<HttpResponse> => {
    await pace(signal);
    try {
      return await retry(
        attempts429 - 1,
        expBackoff(),
        async () => {
          const res = await request({
            method,
            url: `${base}${path}`,
            headers,
            ...(body !== undefined ? { body } : {}),
            timeoutMs: timeoutMs ?? o.timeoutMs ?? 30_000,
            ...(signal ? { signal } : {}),
          });
          announced = readRateLimit(res.headers, now()) ?? announced;
          if (res.status === 429) throw new RateLimited(rateLimitWaitMs(res.headers, now()));
          return res;
        },
        {
          shouldRetry: (e) => e instanceof RateLimited,
          delayFor: (e) =>
            e instanceof RateLimited ? Math.round(e.waitMs * (1 + random() * 0.2)) + 250 : undefined,
          onEvent: (e) => {
            if (e.type === 'retry') deps.onWait?.(`Render rate-limited ${method} ${path} (429)`, e.delayMs);
          },
          sleep,
          random,
          ...(signal ? { signal } : {}),
        },
      );
    } catch (e) {
      if (!(e instanceof RateLimited)) throw e;
      if (signal?.aborted)
        throw new RunbookError('RB_INTERRUPTED', 'Interrupted while waiting out Render’s rate limit.');
      throw new RunbookError(
        'RB_HTTP',
        `Render kept answering 429 (rate limited) to ${method} ${path} after ${attempts429} attempts.`,
        {
          hint: 'Render limits requests per minute (deploy triggers, suspend and resume: 10 a minute per service; other writes 30; reads 100–400); wait a minute and run it again.',
        },
      );
    }
  };

  const retriedRead = (e: unknown): boolean =>
    e instanceof RunbookError &&
    (e.details?.http5xx === true ||
      (RETRIED_READ_CODES.includes(e.code) && (o.retryTimeouts !== false || e.code !== 'RB_TIMEOUT')));

  return {
    get<T>(path: string, notFound?: string, signal?: AbortSignal, g: { timeoutMs?: number } = {}) {
      return retry(
        o.readRetries ?? 3,
        expBackoff(1000),
        async () => {
          const res = await send('GET', path, undefined, signal, g.timeoutMs);
          if (res.status >= 500)
            throw new RunbookError('RB_HTTP', `Render answered HTTP ${res.status} to GET ${path}.`, {
              hint: 'status.render.com shows incidents; run it again in a few minutes.',
              details: { http5xx: true, status: res.status },
            });
          if (res.status >= 400) refuse(res, 'GET', path, notFound);
          const j = parseJsonBody(res);
          if (!j.ok)
            throw new RunbookError('RB_BAD_RESPONSE', `Render answered GET ${path} with ${j.reason}.`, {
              hint: `Check RENDER_API_URL: it should be ${RENDER_API_DEFAULT}.`,
            });
          return j.value as T;
        },
        {
          shouldRetry: retriedRead,
          onEvent: (e) => {
            if (e.type === 'retry') deps.onWait?.(`GET ${path} failed; reading again`, e.delayMs);
          },
          sleep,
          random,
          ...(signal ? { signal } : {}),
        },
      );
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
    rateLimit: () => announced,
  };
}
