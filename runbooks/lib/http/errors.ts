/**
 * Turns what undici and Node throw into the toolkit's error codes, each a one-paragraph
 * message naming the URL, what happened and what to do. The codes pick the exit code
 * (errors.ts): network trouble is 3, a bad answer is 1.
 */
import { RunbookError, type ErrorCode } from '../errors';
import { formatDuration } from '../units';

export interface FailureContext {
  method: string;
  /** Already passed through displayUrl. */
  url: string;
  timeoutMs: number;
  /** Set when our own total deadline fired (the error undici throws is then a bare abort). */
  deadlineHit: boolean;
  /** Bytes of body read before the failure, when it happened mid-body. */
  bytesRead?: number;
  headersReceived?: boolean;
}

const TLS_CODES =
  /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|ERR_OSSL_|HOSTNAME_MISMATCH|EPROTO)/;
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const NET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ECONNABORTED',
]);

/** The first `code` found on the error or its causes. */
function codeOf(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && c !== 'UND_ERR_ABORTED' && c !== 'ABORT_ERR') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  // OpenSSL messages carry a long internal prefix; keep the human part.
  const ssl = /:([a-z][a-z0-9 _-]+):\.\.\//i.exec(m);
  return (ssl ? ssl[1]! : m.split('\n')[0]!).trim();
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Classifies a failed request; `retryable` marks connection-level errors only. */
export function classifyFailure(e: unknown, ctx: FailureContext): RunbookError {
  if (e instanceof RunbookError) return e;
  const where = `${ctx.method} ${ctx.url}`;
  const host = hostOf(ctx.url);
  const make = (
    code: ErrorCode,
    message: string,
    hint: string,
    retryable: boolean,
    extra: Record<string, unknown> = {},
  ) => new RunbookError(code, message, { hint, cause: e, details: { url: ctx.url, retryable, ...extra } });

  if (ctx.deadlineHit) {
    const phase = !ctx.headersReceived
      ? 'no response headers arrived'
      : `the body was still arriving after ${ctx.bytesRead ?? 0} bytes (a slow, trickling answer)`;
    return make(
      'RB_TIMEOUT',
      `${where} did not complete within its ${formatDuration(ctx.timeoutMs)} total deadline: ${phase}.`,
      'The service may be overloaded, cold-starting or stalled. Retry with a larger --timeout, then check its logs and the Render dashboard.',
      false,
      { phase: ctx.headersReceived ? 'body' : 'headers' },
    );
  }
  const code = codeOf(e) ?? '';
  if (code === 'ECONNREFUSED') {
    return make(
      'RB_REFUSED',
      `${where} was refused: nothing is listening at ${host}.`,
      'Start the service (npx zx runbooks/sandbox.ts for the local sandbox) or check --url/--env; on Render, check that the service is not suspended or mid-deploy.',
      true,
    );
  }
  if (DNS_CODES.has(code)) {
    return make(
      'RB_DNS',
      `${where} failed: the host name "${new URL(ctx.url).hostname}" could not be resolved (${code}).`,
      'Check the host in --url or in the environment URL variable for typos, and your network and DNS.',
      code === 'EAI_AGAIN',
    );
  }
  if (TLS_CODES.test(code)) {
    return make(
      'RB_TLS',
      `${where} failed: the TLS handshake with ${host} did not succeed (${code}: ${firstLine(e)}).`,
      'If the server speaks plain HTTP, use http:// in the URL; if its certificate is self-signed, expired or for another name, fix the certificate (the runbooks never skip verification).',
      false,
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return make(
      'RB_TIMEOUT',
      `${where} failed: connecting to ${host} timed out.`,
      'The host may be down or firewalled; check the URL and the service status, then retry.',
      true,
      { phase: 'connect' },
    );
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return make(
      'RB_TIMEOUT',
      `${where} timed out waiting for ${code === 'UND_ERR_HEADERS_TIMEOUT' ? 'response headers' : 'the body'}.`,
      'The service may be overloaded or stalled. Retry with a larger --timeout, then check its logs.',
      false,
    );
  }
  if (NET_CODES.has(code) || code.startsWith('UND_ERR')) {
    return make(
      'RB_NETWORK',
      `${where} failed: the connection to ${host} broke (${code || 'socket error'}: ${firstLine(e)}).`,
      'The service may have crashed or restarted. Retry in a moment, then check its logs.',
      true,
    );
  }
  return make(
    'RB_NETWORK',
    `${where} failed: ${firstLine(e)}${code ? ` (${code})` : ''}.`,
    'Check the URL and your network, then retry.',
    false,
  );
}

/** Whether a failure is a connection error worth retrying (refused, reset, connect timeout). */
export function isRetryable(e: unknown): boolean {
  return e instanceof RunbookError && e.details?.retryable === true;
}
