/**
 * Latency histograms. HDR histograms keep fixed memory whatever the number of samples and
 * merge exactly (autocannon's histUtil is the model), so a run keeps no per-request array.
 * Values are recorded in microseconds; summaries are reported in milliseconds.
 */
import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

/** One hour in µs: a response slower than this is clamped (timeouts end far sooner). */
const HIGHEST_US = 3_600_000_000;

/** A fixed-memory histogram of µs values with 3 significant digits. */
export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records a duration given in milliseconds (a float from performance.now()). */
export function recordMs(h: Histogram, ms: number): void {
  let us = Math.round(ms * 1000);
  if (us < 1) us = 1;
  else if (us > HIGHEST_US) us = HIGHEST_US;
  h.recordValue(us);
}

/** The summary every report carries per step, per journey and per window (ms). */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** The percentiles a summary carries. */
export const SUMMARY_PERCENTILES = [50, 90, 95, 99] as const;

const EMPTY: LatencySummary = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };

/** Milliseconds to three decimals (whole µs): the one rounding every latency figure gets. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * The one place a latency summary is made, from figures in unrounded ms: whatever produced
 * them (an HDR histogram, whose percentiles are the top of a bucket and whose mean uses
 * bucket midpoints; an imported engine's own summary), no percentile lies outside the
 * observed [min, max], the percentiles never decrease, the mean lies in [min, max], and each
 * figure is rounded once, here. With one sample every figure is that sample.
 */
export function latencySummary(raw: {
  count: number;
  min: number;
  max: number;
  mean: number;
  at: (p: (typeof SUMMARY_PERCENTILES)[number]) => number;
}): LatencySummary {
  if (!(raw.count > 0)) return { ...EMPTY };
  const min = Math.min(raw.min, raw.max);
  const max = Math.max(raw.min, raw.max);
  const clamp = (v: number) => roundMs(Math.min(max, Math.max(min, Number.isFinite(v) ? v : max)));
  let floor = roundMs(min);
  const p = SUMMARY_PERCENTILES.map((q) => (floor = Math.max(floor, clamp(raw.at(q)))));
  return {
    count: raw.count,
    min: roundMs(min),
    mean: clamp(raw.mean),
    p50: p[0]!,
    p90: p[1]!,
    p95: p[2]!,
    p99: p[3]!,
    max: roundMs(max),
  };
}

/** A percentile of a histogram of µs values, in unrounded ms, within its observed [min, max]. */
function valueAtMs(h: Histogram, p: number): number {
  const us = Math.min(h.maxValue, Math.max(h.minNonZeroValue, h.getValueAtPercentile(p)));
  return us / 1000;
}

/** Summarises a histogram; all zeros when it holds no sample. */
export function summarize(h: Histogram): LatencySummary {
  return latencySummary({
    count: h.totalCount,
    min: h.minNonZeroValue / 1000,
    max: h.maxValue / 1000,
    mean: h.mean / 1000,
    at: (p) => valueAtMs(h, p),
  });
}

/** A percentile in ms within the observed [min, max] (0 when empty); the live view and thresholds read it. */
export function percentileMs(h: Histogram, p: number): number {
  return h.totalCount === 0 ? 0 : roundMs(valueAtMs(h, p));
}

/** Compressed base64 (HdrHistogram's own format): reports keep whole histograms, which pages draw as percentile curves and which merge exactly. */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/** Decodes what encodeHistogram wrote. */
export function decodeHistogram(b64: string): Histogram {
  return hdr.decodeFromCompressedBase64(b64, 32, false);
}
