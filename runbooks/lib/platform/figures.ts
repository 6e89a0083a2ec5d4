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
  /** The latest instance's growth, MB a minute (the median of its points' pairwise slopes; null with fewer than 3). */
  slopeMbPerMin: number | null;
  /** At that growth, how long until the limit, ms (null when not growing or no limit). */
  toLimitMs: number | null;
}

/** The latest points a growth is read from (at Render's 30 s apart, an hour). */
const SLOPE_POINTS = 120;

/**
 * The growth of a series, MB a minute: the median of the slopes between every two points
 * (Theil–Sen). A least-squares line bends to a jump, and memory moves in jumps (a burst of
 * generate calls, a drill's leak switched on): an instance at 110 MB that jumped to 405 MB and
 * then grew 28 MB a minute read 74.7 MB a minute and "the limit in about 20 s" (it was 53 s).
 * The median keeps the rate most of the points share.
 */
function medianSlope(points: readonly { at: string; value: number }[]): number | null {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const dx = (ms(points[j]!.at) - ms(points[i]!.at)) / 60_000;
      if (dx > 0) slopes.push((points[j]!.value - points[i]!.value) / dx);
    }
  if (!slopes.length) return null;
  slopes.sort((a, b) => a - b);
  const m = slopes.length >> 1;
  return slopes.length % 2 ? slopes[m]! : (slopes[m - 1]! + slopes[m]!) / 2;
}

/** The trend of a memory view: where it started, peaked and is, and how fast the latest instance grows. */
export function memoryTrend(v: MemoryView): MemoryTrend {
  const usable = v.series.filter((s) => s.normalised && s.points.length);
  const all = usable.flatMap((s) => s.points).sort((a, b) => ms(a.at) - ms(b.at));
  const latest = [...usable].sort((a, b) => ms(b.points.at(-1)!.at) - ms(a.points.at(-1)!.at))[0];
  const slope = latest && latest.points.length >= 3 ? medianSlope(latest.points.slice(-SLOPE_POINTS)) : null;
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
