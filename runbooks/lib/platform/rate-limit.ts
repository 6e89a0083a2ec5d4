/**
 * Render's rate-limit headers, read defensively. Render's docs name them
 * `Ratelimit-Limit`, `Ratelimit-Remaining` and `Ratelimit-Reset` (one table says
 * `Rate-Limit`), call Reset an epoch time and show `45` as its example, so: names are
 * matched case-insensitively, and Reset is read by size — a small number is seconds to
 * wait, a large one an epoch (seconds, or milliseconds when larger still).
 */

/** Longest a 429 or a used-up limit makes one call wait, ms. */
export const MAX_WAIT_MS = 60_000;

/** Reset values at or above this are epoch seconds (2001-09-09), below it seconds to wait. */
const EPOCH_S = 1e9;
/** … and at or above this, epoch milliseconds. */
const EPOCH_MS = 1e11;

export interface RateLimitState {
  limit: number | null;
  remaining: number | null;
  /** When the window resets, epoch ms (null when not announced). */
  resetAt: number | null;
}

/** The header's value, whatever the case of its name. */
function header(headers: Record<string, string>, ...names: string[]): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (names.includes(k.toLowerCase())) return v;
  return undefined;
}

const num = (v: string | undefined): number | null => {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v.split(',')[0]);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** A Reset value as an epoch ms time: seconds to wait, epoch seconds or epoch ms, by size. */
export function resetToEpochMs(reset: number, now: number): number {
  if (reset >= EPOCH_MS) return reset;
  if (reset >= EPOCH_S) return reset * 1000;
  return now + reset * 1000;
}

/** What the Ratelimit-* headers of an answer say; undefined when it carries none. */
export function readRateLimit(headers: Record<string, string>, now: number): RateLimitState | undefined {
  const limit = num(header(headers, 'ratelimit-limit', 'rate-limit'));
  const remaining = num(header(headers, 'ratelimit-remaining'));
  const reset = num(header(headers, 'ratelimit-reset'));
  if (limit === null && remaining === null && reset === null) return undefined;
  return { limit, remaining, resetAt: reset === null ? null : resetToEpochMs(reset, now) };
}

/** How long a 429 asks us to wait, ms: Ratelimit-Reset (by size, see above), else Retry-After, else 5 s; at most a minute. */
export function rateLimitWaitMs(headers: Record<string, string>, now: number): number {
  const reset = num(header(headers, 'ratelimit-reset'));
  if (reset !== null && reset > 0)
    return Math.min(MAX_WAIT_MS, Math.max(0, resetToEpochMs(reset, now) - now));
  const after = num(header(headers, 'retry-after'));
  if (after !== null) return Math.min(MAX_WAIT_MS, after * 1000);
  return 5_000;
}
