/** Pieces the probes share: the probe-level deps, error summaries and the sandbox marker. */
import { isRunbookError, type RunbookError, type ErrorCode } from '../errors';
import type { RequestFn, RetryEvent } from '../http';

/** Side effects of a probe, injectable (real defaults; fakes in tests). */
export interface ProbeDeps {
  request?: RequestFn;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  signal?: AbortSignal;
}

/** A failure as data: what --json prints and formatters render. */
export interface ProbeError {
  code: ErrorCode;
  message: string;
  hint: string | null;
}

export function toProbeError(e: unknown): ProbeError {
  if (isRunbookError(e)) return { code: e.code, message: e.message, hint: e.hint ?? null };
  throw e; // a bug, not a probe finding: let the shell report it as one
}

/** Network-class codes: the target could not be reached (exit 3). */
export const UNREACHABLE_CODES: ReadonlySet<ErrorCode> = new Set([
  'RB_REFUSED',
  'RB_DNS',
  'RB_TLS',
  'RB_TIMEOUT',
  'RB_NETWORK',
]);

export const isUnreachable = (e: ProbeError | RunbookError | null | undefined): boolean =>
  !!e && UNREACHABLE_CODES.has(e.code);

/** The sandbox marks every answer with this header, so no probe mistakes it for the real service. */
export { SANDBOX_HEADER } from '../checks/response-rules';

/** A retry attempt, as a probe event. */
export interface RetryNotice {
  type: 'retry';
  what: string;
  attempt: number;
  of: number;
  delayMs: number;
  error: ProbeError;
}

export function retryNotice(what: string, e: RetryEvent): RetryNotice | undefined {
  if (e.type !== 'retry') return undefined;
  return {
    type: 'retry',
    what,
    attempt: e.attempt,
    of: e.of,
    delayMs: e.delayMs,
    error: toProbeError(e.error),
  };
}
