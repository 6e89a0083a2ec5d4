/**
 * Time windows and query strings for Render's read endpoints. A window is bounded before it
 * is sent: never past now, never longer than config.platform.maxWindowH (Render's own
 * default is the last hour), never empty. Times go out as RFC 3339, which matches the
 * spec's schema and examples (its prose says "Unix epoch"; the examples win).
 */
import type { TimeWindow } from './types';

/** Render's defaults: the last hour. */
export const DEFAULT_WINDOW_MS = 3_600_000;
/** Render's smallest resolution, s. */
export const MIN_RESOLUTION_S = 30;
/** About this many points per series when the caller does not choose a resolution. */
const TARGET_POINTS = 120;

/** The window to ask for: the caller's, or the last hour, clamped to [now − maxMs, now]. */
export function boundWindow(w: Partial<TimeWindow> | undefined, now: number, maxMs: number): TimeWindow {
  const endMs = Math.min(now, w?.endMs ?? now);
  let startMs = w?.startMs ?? endMs - DEFAULT_WINDOW_MS;
  startMs = Math.max(startMs, endMs - maxMs);
  if (!(startMs < endMs)) startMs = endMs - 1000;
  return { startMs, endMs };
}

/** A resolution that keeps a series near TARGET_POINTS points, at least Render's minimum. */
export function resolutionFor(w: TimeWindow, asked?: number): number {
  if (asked !== undefined) return Math.max(MIN_RESOLUTION_S, Math.ceil(asked));
  return Math.max(MIN_RESOLUTION_S, Math.ceil((w.endMs - w.startMs) / 1000 / TARGET_POINTS));
}

export const rfc3339 = (ms: number) => new Date(ms).toISOString();

/** A query string; list values become repeated keys (resource=a&resource=b), as the spec's arrays are sent. */
export function query(params: Record<string, string | number | readonly string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v as readonly string[]) q.append(k, x);
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
