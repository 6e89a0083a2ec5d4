/**
 * The platform's metrics of the sandbox, as Render serves them: top-level arrays of
 * `{labels, values, unit}`. Two rings feed them (each keeping at least its last N, up to a
 * quarter more between trims): instance samples (memory, CPU, instance count), one every 5
 * modelled seconds, the last 1,440 (two modelled hours); and the last 20,000 requests as
 * the edge saw them — including the 503s of a restart or a
 * suspension and the 502s of requests cut by a restart, which the app never saw. A point is
 * `resolutionSeconds` of MODELLED time (divided by the time scale, as every modelled delay);
 * timestamps are wall time. Memory is served in bytes and latency in ms: the client reads
 * the unit, it does not assume it.
 */

type Json = Record<string, unknown>;

export const SAMPLE_RING = 1_440;
export const REQUEST_RING = 20_000;
/** Modelled ms between two samples. */
export const SAMPLE_EVERY_MODELLED_MS = 5_000;
/** At most this many points per series (a longer window gets coarser points). */
const MAX_POINTS = 1_440;

export interface Sample {
  at: number;
  /** The instance's 5-character suffix; absent while suspended (no instance). */
  instance?: string;
  mb?: number;
  cores?: number;
  instances: number;
}

export interface EdgeRequest {
  at: number;
  status: number;
  /** Modelled ms, as a client at the edge would have waited. */
  ms: number;
  host: string;
}

export interface SeriesQuery {
  startMs: number;
  endMs: number;
  /** Wall ms per point. */
  bucketMs: number;
}

/** Appends; trims back to `max` once a quarter over it, so a busy edge does not shift the array on every request. */
const push = <T>(ring: T[], item: T, max: number) => {
  ring.push(item);
  if (ring.length > max + (max >> 2)) ring.splice(0, ring.length - max);
};

const label = (field: string, value: string) => ({ field, value });

/** Bucket width in wall ms for a resolution in modelled seconds, coarsened to at most MAX_POINTS points. */
export function bucketMs(startMs: number, endMs: number, resolutionS: number, timeScale: number): number {
  const w = Math.max(1, (resolutionS * 1000) / timeScale);
  return Math.max(w, Math.ceil((endMs - startMs) / MAX_POINTS));
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export class SeriesStore {
  private readonly samples: Sample[] = [];
  private readonly requests: EdgeRequest[] = [];

  constructor(private readonly startedAt: number) {}

  sample(s: Sample): void {
    push(this.samples, s, SAMPLE_RING);
  }

  request(r: EdgeRequest): void {
    push(this.requests, r, REQUEST_RING);
  }

  private buckets<T extends { at: number }>(items: T[], q: SeriesQuery): Map<number, T[]> {
    const out = new Map<number, T[]>();
    for (const it of items) {
      if (it.at < q.startMs || it.at > q.endMs) continue;
      const b = q.startMs + Math.floor((it.at - q.startMs) / q.bucketMs) * q.bucketMs;
      let list = out.get(b);
      if (!list) out.set(b, (list = []));
      list.push(it);
    }
    return out;
  }

  private static values(points: Map<number, number>): Json[] {
    return [...points]
      .sort((a, b) => a[0] - b[0])
      .map(([at, value]) => ({ timestamp: new Date(at).toISOString(), value }));
  }

  /** Memory or CPU: one series per instance, the largest sample of each point (a peak before an OOM kill shows). */
  perInstance(
    what: 'mb' | 'cores',
    q: SeriesQuery,
    ids: { serviceId: string; instance: (suffix: string) => string },
  ): Json[] {
    const byInstance = new Map<string, Sample[]>();
    for (const s of this.samples)
      if (s.instance && s[what] !== undefined) {
        let list = byInstance.get(s.instance);
        if (!list) byInstance.set(s.instance, (list = []));
        list.push(s);
      }
    const out: Json[] = [];
    for (const [suffix, list] of byInstance) {
      const points = new Map<number, number>();
      for (const [b, xs] of this.buckets(list, q)) {
        const v = Math.max(...xs.map((x) => x[what]!));
        points.set(b, what === 'mb' ? Math.round(v * 1024 * 1024) : +v.toFixed(4));
      }
      if (!points.size) continue;
      out.push({
        labels: [label('resource', ids.serviceId), label('instance', ids.instance(suffix))],
        values: SeriesStore.values(points),
        unit: what === 'mb' ? 'bytes' : 'cores',
      });
    }
    return out;
  }

  /** A constant (a limit) at every point where the instance was sampled. */
  constant(value: number, unit: string, q: SeriesQuery, serviceId: string): Json[] {
    const points = new Map<number, number>();
    for (const b of this.buckets(this.samples, q).keys()) points.set(b, value);
    return points.size
      ? [{ labels: [label('resource', serviceId)], values: SeriesStore.values(points), unit }]
      : [];
  }

  /** The instance count of each point (0 while suspended). */
  instances(q: SeriesQuery, serviceId: string): Json[] {
    const points = new Map<number, number>();
    for (const [b, xs] of this.buckets(this.samples, q))
      points.set(b, Math.max(...xs.map((x) => x.instances)));
    return points.size
      ? [{ labels: [label('resource', serviceId)], values: SeriesStore.values(points), unit: 'count' }]
      : [];
  }

  /** Every point since the sandbox started, zero when nothing came, so a quiet minute reads as quiet. */
  private zeroed(q: SeriesQuery): Map<number, number> {
    const m = new Map<number, number>();
    const first = q.startMs + Math.max(0, Math.floor((this.startedAt - q.startMs) / q.bucketMs)) * q.bucketMs;
    for (let b = first; b <= q.endMs && m.size < MAX_POINTS; b += q.bucketMs) m.set(b, 0);
    return m;
  }

  /** Requests per point as the edge saw them: one series in all, or one per status code or host. */
  httpRequests(q: SeriesQuery, aggregateBy: string | null, serviceId: string): Json[] {
    const key = (r: EdgeRequest) =>
      aggregateBy === 'statusCode' ? String(r.status) : aggregateBy === 'host' ? r.host : '';
    const groups = new Map<string, Map<number, number>>();
    for (const [b, xs] of this.buckets(this.requests, q))
      for (const r of xs) {
        let g = groups.get(key(r));
        if (!g) groups.set(key(r), (g = this.zeroed(q)));
        g.set(b, (g.get(b) ?? 0) + 1);
      }
    if (!groups.size && !aggregateBy) groups.set('', this.zeroed(q));
    return [...groups].map(([k, points]) => ({
      labels: [
        label('resource', serviceId),
        ...(aggregateBy === 'statusCode' || aggregateBy === 'host' ? [label(aggregateBy, k)] : []),
      ],
      values: SeriesStore.values(points),
      unit: 'count',
    }));
  }

  /** Latency quantiles per point as the edge measured them, modelled ms; points with no request are absent. */
  httpLatency(q: SeriesQuery, quantiles: number[], serviceId: string): Json[] {
    const per = [...this.buckets(this.requests, q)].map(
      ([b, xs]) => [b, xs.map((x) => x.ms).sort((a, z) => a - z)] as const,
    );
    return quantiles.map((qu) => ({
      labels: [label('resource', serviceId), label('quantile', String(qu))],
      values: SeriesStore.values(new Map(per.map(([b, sorted]) => [b, Math.round(quantile(sorted, qu))]))),
      unit: 'ms',
    }));
  }
}
