/**
 * Reading reports written under an earlier schema version. Version 1 writers took HDR's
 * percentiles as they came (the top of a bucket, up to ~0.1 % above the slowest sample) and
 * its mean from bucket midpoints, so their summaries can put a p99 above the max or a mean
 * below the min. A version-1 report is read with every latency summary passed through the
 * one rule current writers use (load/hist.ts latencySummary), so no page shows a percentile
 * its own step contradicts; its file is left as it was.
 */
import { latencySummary, type LatencySummary } from '../load/hist';

const KEYS = ['count', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const;

function isSummary(v: Record<string, unknown>): v is Record<keyof LatencySummary, number> {
  return KEYS.every((k) => typeof v[k] === 'number');
}

/** The same value with every latency summary inside it made consistent; everything else untouched. */
export function consistentSummaries<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => consistentSummaries(v as unknown)) as T;
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (isSummary(o)) {
    const at = { 50: o.p50, 90: o.p90, 95: o.p95, 99: o.p99 } as const;
    return {
      ...o,
      ...latencySummary({ count: o.count, min: o.min, max: o.max, mean: o.mean, at: (p) => at[p] }),
    } as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = consistentSummaries(v);
  return out as T;
}
