/**
 * One HTTP exchange on an undici Client, through the `dispatch` layer with a legacy-style
 * handler object: no promise, no stream and no header object per request. That is what
 * brings undici to autocannon's requests per CPU-second (bench/load-engine.ts measures it);
 * `request()` costs about 30 % more CPU per call here.
 */
import { Client } from 'undici';

export interface PreparedRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Flat [name, value, …] list; undici takes it without building an object. */
  headers: string[];
  body: string | undefined;
  timeoutMs: number;
  /** Keep the body (to read the service's 200-but-failing answers); otherwise it is drained. */
  needBody: boolean;
  /** Lower-case header name to look for (the sandbox marker), or undefined. */
  watchHeader: string | undefined;
}

/** Why undici ended a request we cut on purpose (stop after the grace period). */
export class InterruptedError extends Error {
  readonly code = 'RB_INTERRUPTED';
}

/** undici's dispatch options for a prepared request (per-request timeouts). */
export function dispatchOptions(req: PreparedRequest): Parameters<Client['dispatch']>[0] {
  return {
    path: req.path,
    method: req.method,
    headers: req.headers,
    body: req.body,
    headersTimeout: req.timeoutMs,
    bodyTimeout: req.timeoutMs,
  };
}

/** Whether raw response headers carry `name: 1` (the sandbox marker). */
export function hasFlagHeader(raw: Buffer[], name: string): boolean {
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i]!;
    if (
      n.length === name.length &&
      n.toString('latin1').toLowerCase() === name &&
      raw[i + 1]!.toString('latin1').trim() === '1'
    )
      return true;
  }
  return false;
}

/**
 * The handler shape undici's core calls natively (v7 unwraps the newer
 * onRequestStart/onResponse* shape into this one per request, at a cost).
 */
export interface RawHandler {
  onConnect(abort: (err: Error) => void): void;
  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: Buffer[] | null): void;
  onError(err: Error): void;
}

/** Sends on `client` with `handler` as undici's dispatch handler. */
export function dispatch(client: Client, opts: Parameters<Client['dispatch']>[0], handler: RawHandler): void {
  client.dispatch(opts, handler as unknown as Parameters<Client['dispatch']>[1]);
}

/** A keep-alive connection to the target; one per user (closed) or per journey in flight (open). */
export function createClient(origin: string): Client {
  return new Client(origin, {
    pipelining: 1,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: { timeout: 10_000 },
  });
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

/** Sorts a transport error into timeout / connection / interrupted. */
export function classifyError(err: Error): 'timeout' | 'connection' | 'interrupted' {
  if (err instanceof InterruptedError) return 'interrupted';
  const code = (err as { code?: string }).code ?? '';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  return 'connection';
}
