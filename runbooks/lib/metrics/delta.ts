/**
 * Deltas between two scrapes of monotonic counters. The gateway keeps its counters in
 * process memory, so a restart (deploy, crash, OOM) resets them: a series that went DOWN
 * has restarted, and its delta is its new value (Prometheus's rate() does the same).
 */
import { select, type Exposition, type Sample } from './parse';

export const seriesKey = (s: Sample): string =>
  `${s.name}{${Object.entries(s.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}}`;

export interface CounterDelta {
  /** Per series key → increase since the previous scrape. */
  byKey: Map<string, { labels: Record<string, string>; delta: number }>;
  /** Whether any series went backwards (the process restarted between scrapes). */
  reset: boolean;
}

/** Increase of every series of a counter between two scrapes, reset-aware. */
export function counterDelta(prev: Exposition, cur: Exposition, name: string): CounterDelta {
  const before = new Map(select(prev, name).map((s) => [seriesKey(s), s.value]));
  const byKey = new Map<string, { labels: Record<string, string>; delta: number }>();
  let reset = false;
  for (const s of select(cur, name)) {
    const k = seriesKey(s);
    const p = before.get(k);
    let d: number;
    if (p === undefined) d = s.value;
    else if (s.value < p) {
      reset = true;
      d = s.value;
    } else d = s.value - p;
    byKey.set(k, { labels: s.labels, delta: d });
  }
  // A series that vanished also means a restart (fresh process, not yet counted).
  if ([...before.keys()].some((k) => !byKey.has(k))) reset = true;
  return { byKey, reset };
}

export interface ErrorRate {
  requests: number;
  errors: number;
  /** Percent, or undefined when no request was counted in the window. */
  ratePct: number | undefined;
  reset: boolean;
}

/**
 * Error rate from holisticos_requests_total by status. The gateway counts every raised
 * error (401 and 429 too) as status "500", so "not 2xx" is the honest definition here.
 */
export function errorRateDelta(
  prev: Exposition,
  cur: Exposition,
  name = 'holisticos_requests_total',
): ErrorRate {
  const d = counterDelta(prev, cur, name);
  let requests = 0;
  let errors = 0;
  for (const { labels, delta } of d.byKey.values()) {
    requests += delta;
    if (!/^2\d\d$/.test(labels.status ?? '')) errors += delta;
  }
  return { requests, errors, ratePct: requests > 0 ? (errors / requests) * 100 : undefined, reset: d.reset };
}

/** Mean request duration (ms) over the window from a histogram's _sum/_count deltas. */
export function meanDurationDelta(
  prev: Exposition,
  cur: Exposition,
  base = 'holisticos_request_duration_seconds',
): { count: number; meanMs: number | undefined; reset: boolean } {
  const sum = counterDelta(prev, cur, `${base}_sum`);
  const count = counterDelta(prev, cur, `${base}_count`);
  const total = (m: CounterDelta) => [...m.byKey.values()].reduce((a, b) => a + b.delta, 0);
  const n = total(count);
  return { count: n, meanMs: n > 0 ? (total(sum) / n) * 1000 : undefined, reset: sum.reset || count.reset };
}
