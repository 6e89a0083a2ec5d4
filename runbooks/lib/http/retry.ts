/**
 * The one retry helper (zx's `retry(n, expBackoff(), fn)`), with jitter, retrying only
 * what `shouldRetry` accepts (connection errors by default), every attempt an event.
 */
import { isRetryable } from './errors';

/** Delays in ms for attempt 1, 2, …; jitter is applied by `retry`. */
export type Backoff = (attempt: number) => number;

/** base·2^(n-1), capped at max. */
export function expBackoff(baseMs = 500, maxMs = 10_000): Backoff {
  return (attempt) => Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export type RetryEvent =
  | { type: 'attempt'; attempt: number; of: number }
  | { type: 'retry'; attempt: number; of: number; error: unknown; delayMs: number }
  | { type: 'gave-up'; attempt: number; error: unknown };

export interface RetryOptions {
  onEvent?: (e: RetryEvent) => void;
  shouldRetry?: (e: unknown) => boolean;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  signal?: AbortSignal;
  /**
   * A delay the failure itself asks for (a 429's Ratelimit-Reset), ms: used as given instead
   * of the backoff and its jitter, since waiting less than the server said only earns another
   * refusal. Undefined: the backoff applies.
   */
  delayFor?: (error: unknown, attempt: number) => number | undefined;
}

/** Sleeps, resolving early when the signal aborts (a Ctrl-C must not wait out a backoff). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs `fn` up to `retries + 1` times; delays get ±50 % jitter so probes do not stampede. */
export async function retry<T>(
  retries: number,
  backoff: Backoff,
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions = {},
): Promise<T> {
  const total = Math.max(0, Math.floor(retries)) + 1;
  const shouldRetry = opts.shouldRetry ?? isRetryable;
  const sleep = opts.sleep ?? abortableSleep;
  const random = opts.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    opts.onEvent?.({ type: 'attempt', attempt, of: total });
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt >= total || !shouldRetry(e) || opts.signal?.aborted) {
        if (attempt > 1 || total > 1) opts.onEvent?.({ type: 'gave-up', attempt, error: e });
        throw e;
      }
      const told = opts.delayFor?.(e, attempt);
      const delayMs = told ?? Math.round(backoff(attempt) * (0.5 + random()));
      opts.onEvent?.({ type: 'retry', attempt, of: total, error: e, delayMs });
      await sleep(delayMs, opts.signal);
    }
  }
}
