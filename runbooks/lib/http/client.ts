/**
 * The probes' HTTP client, on undici. Two guarantees the probes rely on:
 * - a TOTAL deadline per request (connect + headers + body): undici's own timeouts are
 *   idle timeouts, which a server trickling one byte a second never trips;
 * - a capped body read: a runaway or wrong endpoint cannot make a probe buffer 50 MB.
 */
import { request as undiciRequest, type Dispatcher } from 'undici';
import { RunbookError } from '../errors';
import { classifyFailure } from './errors';
import { displayUrl } from './url';
import { formatBytes } from '../units';

export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH';
  url: string | URL;
  headers?: Record<string, string>;
  /** JSON-serialised when an object; sent as is when a string. */
  body?: unknown;
  /** Total deadline for the whole exchange, ms. */
  timeoutMs: number;
  /** Cap on the body read, bytes (default 1 MB). */
  maxBytes?: number;
  /** The run's abort signal (Ctrl-C): aborts the request as RB_INTERRUPTED. */
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

export interface HttpResponse {
  url: string;
  method: string;
  status: number;
  headers: Record<string, string>;
  text: string;
  bytes: number;
  elapsedMs: number;
}

/** The injectable request function every probe takes (tests pass fakes). */
export type RequestFn = (req: HttpRequest) => Promise<HttpResponse>;

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Sends one request under a total deadline and reads at most `maxBytes` of the body. */
export const httpRequest: RequestFn = async (req) => {
  const method = req.method ?? 'GET';
  const url = displayUrl(req.url);
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  const controller = new AbortController();
  let deadlineHit = false;
  const timer = setTimeout(() => {
    deadlineHit = true;
    controller.abort(new Error('deadline'));
  }, req.timeoutMs);
  const onOuterAbort = () => controller.abort(new Error('interrupted'));
  if (req.signal?.aborted) onOuterAbort();
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const started = performance.now();
  let headersReceived = false;
  let bytesRead = 0;
  try {
    const headers: Record<string, string> = {
      accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
      'user-agent': 'holisticos-runbooks',
      ...req.headers,
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await undiciRequest(req.url, {
      method,
      headers,
      body,
      signal: controller.signal,
      dispatcher: req.dispatcher,
    });
    headersReceived = true;
    const chunks: Buffer[] = [];
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      if (bytesRead > maxBytes) {
        res.body.destroy();
        throw new RunbookError(
          'RB_BAD_RESPONSE',
          `${method} ${url} sent more than ${formatBytes(maxBytes)} (HTTP ${res.statusCode}); the read was cut off there instead of buffering it.`,
          {
            hint: 'This endpoint should answer a small JSON document: check that --url points at the HolisticOS API and not at a file server or proxy.',
            details: { url, status: res.statusCode, cappedAt: maxBytes },
          },
        );
      }
      chunks.push(chunk);
    }
    return {
      url,
      method,
      status: res.statusCode,
      headers: flatHeaders(res.headers),
      text: Buffer.concat(chunks).toString('utf8'),
      bytes: bytesRead,
      elapsedMs: performance.now() - started,
    };
  } catch (e) {
    if (req.signal?.aborted && !deadlineHit) {
      throw new RunbookError('RB_INTERRUPTED', `${method} ${url} was interrupted.`, { cause: e });
    }
    throw classifyFailure(e, {
      method,
      url,
      timeoutMs: req.timeoutMs,
      deadlineHit,
      bytesRead,
      headersReceived,
    });
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
};
