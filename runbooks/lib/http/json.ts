/**
 * Reading a JSON answer. A proxy's HTML error page (Render's 502, a login wall) must not
 * surface as "Unexpected token <": name it for what it is.
 */
import { RunbookError } from '../errors';
import { explainStatus } from '../checks/response-rules';
import type { HttpResponse } from './client';

export type JsonBody =
  { ok: true; value: unknown } | { ok: false; kind: 'html' | 'empty' | 'invalid'; reason: string };

function htmlTitle(text: string): string | undefined {
  const m = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text);
  return m ? m[1]!.trim().replace(/\s+/g, ' ') : undefined;
}

/** Parses a body as JSON without throwing; says what it was when it was not JSON. */
export function parseJsonBody(res: Pick<HttpResponse, 'text' | 'headers'>): JsonBody {
  const text = res.text;
  const ct = res.headers['content-type'] ?? '';
  if (!text.trim()) return { ok: false, kind: 'empty', reason: 'an empty body' };
  if (/html/i.test(ct) || /^\s*</.test(text)) {
    const title = htmlTitle(text);
    return { ok: false, kind: 'html', reason: `an HTML page${title ? ` ("${title}")` : ''}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return {
      ok: false,
      kind: 'invalid',
      reason: `text that is not JSON (starts "${text.slice(0, 40).replace(/\s+/g, ' ')}")`,
    };
  }
}

/** The body as JSON, or an RB_BAD_RESPONSE error naming the URL and what came instead. */
export function expectJson(res: HttpResponse): unknown {
  const parsed = parseJsonBody(res);
  if (parsed.ok) return parsed.value;
  const hint =
    parsed.kind === 'html'
      ? 'A proxy or error page is answering instead of the service (on Render: the service is down, restarting or mid-deploy). Check the Render dashboard and the service logs; check --url.'
      : 'Check that --url points at the HolisticOS API, then look at the service logs.';
  throw new RunbookError(
    'RB_BAD_RESPONSE',
    `${res.method} ${res.url} answered HTTP ${res.status} with ${parsed.reason} instead of JSON.`,
    { hint, details: { url: res.url, status: res.status, kind: parsed.kind } },
  );
}

/**
 * The body as JSON for a 2xx answer; an RB_HTTP error for any other status, explained
 * the way the real service means it (401 names the key variable, 429 the duplicate rule).
 */
export function expectOkJson(res: HttpResponse, apiKeyEnv = 'HOLISTICOS_API_KEY'): unknown {
  if (res.status >= 200 && res.status < 300) return expectJson(res);
  const parsed = parseJsonBody(res);
  const why = explainStatus(res.status, parsed.ok ? parsed.value : undefined, apiKeyEnv);
  const hint =
    res.status === 401
      ? `Export ${apiKeyEnv} with the service's X-API-Key value (it is never printed).`
      : res.status === 429
        ? 'Another call for the same user and archetype was still running (or ended on a path that keeps its key up to 60 s); the probes use a fresh user id per run, so look for a second client using it.'
        : res.status >= 500
          ? 'The service failed; check its logs (Render dashboard → Logs) and retry.'
          : 'Check the URL and the request.';
  throw new RunbookError(
    'RB_HTTP',
    `${res.method} ${res.url} answered ${why}${parsed.ok ? '' : ` (body: ${parsed.reason})`}.`,
    { hint, details: { url: res.url, status: res.status } },
  );
}
