/**
 * A latency histogram as a percentile curve: the few points a report page draws instead of
 * the histogram itself (the site decodes at build time, so no base64 reaches a page).
 * Points are log-spaced in 1/(1−p), as HdrHistogram's own plots are: each step right adds
 * a nine. A percentile is read only when the sample count supports it, so 40 samples
 * never claim a p99.99.
 */
import { decodeHistogram, percentileMs, type Histogram } from './hist';
import { samplesForPercentile } from '../units';

/** The percentiles a curve is read at (0 is the fastest sample; 100, the slowest, is always added). */
export const CURVE_PERCENTILES = [0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999] as const;

export interface PercentilePoint {
  /** Percentile, 0–100. */
  p: number;
  /** Latency at it, ms (HDR's value: the top of the bucket, 3 significant digits, within the observed min and max). */
  ms: number;
}

export interface PercentileCurve {
  /** Samples in the histogram. */
  count: number;
  /** Ascending in p: 0, the supported percentiles of CURVE_PERCENTILES, then 100 (the slowest sample). */
  points: PercentilePoint[];
}

/**
 * Whether `count` samples support percentile `p`: at least one sample lies above it, i.e.
 * count ≥ 1/(1−p) (units' samplesForPercentile, the one rule). Below that, "the p-th
 * percentile" is only the slowest sample again.
 */
export function supportsPercentile(count: number, p: number): boolean {
  return count >= samplesForPercentile(p);
}

/** The curve of a histogram of µs values; null when it holds no sample. */
export function curveOf(h: Histogram): PercentileCurve | null {
  const count = h.totalCount;
  if (count === 0) return null;
  const ps = [...CURVE_PERCENTILES.filter((p) => p === 0 || supportsPercentile(count, p)), 100];
  // percentileMs at 0 and 100 too: one definition (HDR's value, kept within the observed
  // [min, max]) keeps the curve monotonic, starting at the fastest sample and ending at the slowest.
  return { count, points: ps.map((p) => ({ p, ms: percentileMs(h, p) })) };
}

/**
 * The curve of a report's `histogram` (compressed base64, µs). Null, never a throw, when
 * there is none to draw: an empty string (imports without histograms), text that does not
 * decode, or no sample.
 */
export function percentileCurve(b64: string | undefined): PercentileCurve | null {
  if (!b64) return null;
  let h: Histogram;
  try {
    h = decodeHistogram(b64);
  } catch {
    return null;
  }
  return curveOf(h);
}
