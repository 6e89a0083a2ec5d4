/**
 * Figures from the platform's normalised series and request logs: requests by status code
 * and the 5xx share at Render's edge, a latency quantile, the slowest paths, and memory's
 * trend against its limit. Pure; a series whose unit was not understood is left out, never
 * guessed (normalise.ts says which).
 */
import type { LogLine, MemoryView, Series, SeriesPoint } from './types';

const ms = (iso: string) => Date.parse(iso);

/** Requests seen at the edge in a window, by status code. */
export interface EdgeRequests {
  total: number;
  /** Count per status code ("200", "502", …), most first. */
  byStatus: { status: string; count: number }[];
  serverErrors: number;
  /** 5xx share of all requests, percent (null without a request). */
  serverErrorPct: number | null;
}

/** Sums http-requests series (one per status code) over their points. */
export function edgeRequests(series: readonly Series[]): EdgeRequests {
  const counts = new Map<string, number>();
  for (const s of series) {
    if (!s.normalised) continue;
    const status = s.labels.statusCode ?? 'all';
    counts.set(status, (counts.get(status) ?? 0) + s.points.reduce((n, p) => n + p.value, 0));
  }
  const byStatus = [...counts]
    .map(([status, count]) => ({ status, count: Math.round(count) }))
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count);
  const total = byStatus.reduce((n, x) => n + x.count, 0);
  const serverErrors = byStatus.filter((x) => /^5\d\d$/.test(x.status)).reduce((n, x) => n + x.count, 0);
  return {
    total,
    byStatus,
    serverErrors,
    serverErrorPct: total ? (serverErrors / total) * 100 : null,
  };
}

/** The latest point of the series for quantile `q` (labels.quantile), ms; null when none. */
export function latestQuantile(series: readonly Series[], q: number): SeriesPoint | null {
  const s = series.find((x) => x.normalised && Number(x.labels.quantile) === q);
  return s?.points.at(-1) ?? null;
}

/** A path's variable segments (ids, numbers) replaced, so /api/user/u-81/… and /api/user/u-12/… are one path. */
export function normalisePath(path: string): string {
  return (path.split('?')[0] ?? '')
    .split('/')
    .map((seg) => (/\d/.test(seg) || seg.length > 24 ? '{id}' : seg))
    .join('/');
}

export interface PathTiming {
  /** METHOD /normalised/path */
  route: string;
  count: number;
  p95Ms: number;
  maxMs: number;
  serverErrors: number;
}

/** Render's request log line carries responseTimeMS=<n>; undefined when it does not. */
export function responseTimeMs(message: string): number | undefined {
  const m = /responseTimeMS=(\d+(?:\.\d+)?)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** Request log lines by route, the slowest (by p95) first. */
export function slowestPaths(lines: readonly LogLine[]): PathTiming[] {
  const by = new Map<string, { ms: number[]; errors: number }>();
  for (const l of lines) {
    const t = responseTimeMs(l.message);
    if (t === undefined || !l.path) continue;
    const route = `${l.method ?? '?'} ${normalisePath(l.path)}`;
    let g = by.get(route);
    if (!g) by.set(route, (g = { ms: [], errors: 0 }));
    g.ms.push(t);
    if (l.statusCode !== null && l.statusCode >= 500) g.errors++;
  }
  return [...by]
    .map(([route, g]) => {
      const sorted = g.ms.sort((a, b) => a - b);
      return {
        route,
        count: sorted.length,
        p95Ms: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!,
        maxMs: sorted.at(-1)!,
        serverErrors: g.errors,
      };
    })
    .sort((a, b) => b.p95Ms - a.p95Ms || b.count - a.count);
}

/** Memory over a window against its limit, MB. */
export interface MemoryTrend {
  /** The first reading in the window. */
  firstMb: number | null;
  latestMb: number | null;
  peakMb: number | null;
  limitMb: number | null;
  /** Instances seen in the window (more than one: restarts). */
  instances: number;
  /** The latest instance's growth, MB a minute (least squares over its points; null with fewer than 3). */
  slopeMbPerMin: number | null;
  /** At that growth, how long until the limit, ms (null when not growing or no limit). */
  toLimitMs: number | null;
}

/** The trend of a memory view: where it started, peaked and is, and how fast the latest instance grows. */
export function memoryTrend(v: MemoryView): MemoryTrend {
  const usable = v.series.filter((s) => s.normalised && s.points.length);
  const all = usable.flatMap((s) => s.points).sort((a, b) => ms(a.at) - ms(b.at));
  const latest = [...usable].sort((a, b) => ms(b.points.at(-1)!.at) - ms(a.points.at(-1)!.at))[0];
  let slope: number | null = null;
  if (latest && latest.points.length >= 3) {
    const xs = latest.points.map((p) => ms(p.at) / 60_000);
    const ys = latest.points.map((p) => p.value);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const den = xs.reduce((n, x) => n + (x - mx) ** 2, 0);
    slope = den > 0 ? xs.reduce((n, x, i) => n + (x - mx) * (ys[i]! - my), 0) / den : null;
  }
  const room = v.limitMb !== null && v.latestMb !== null ? v.limitMb - v.latestMb : null;
  return {
    firstMb: all[0]?.value ?? null,
    latestMb: v.latestMb,
    peakMb: v.peakMb,
    limitMb: v.limitMb,
    instances: usable.length,
    slopeMbPerMin: slope === null ? null : +slope.toFixed(2),
    toLimitMs: slope && slope > 0 && room !== null && room > 0 ? Math.round((room / slope) * 60_000) : null,
  };
}
