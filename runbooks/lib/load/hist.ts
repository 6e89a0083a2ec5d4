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

const ms3 = (us: number) => Math.round(us) / 1000;

/** Summarises a histogram; all zeros when it holds no sample. */
export function summarize(h: Histogram): LatencySummary {
  const count = h.totalCount;
  if (count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  return {
    count,
    min: ms3(h.minNonZeroValue),
    mean: Math.round(h.mean) / 1000,
    p50: ms3(h.getValueAtPercentile(50)),
    p90: ms3(h.getValueAtPercentile(90)),
    p95: ms3(h.getValueAtPercentile(95)),
    p99: ms3(h.getValueAtPercentile(99)),
    max: ms3(h.maxValue),
  };
}

/** A percentile in ms (0 when empty). */
export function percentileMs(h: Histogram, p: number): number {
  return h.totalCount === 0 ? 0 : ms3(h.getValueAtPercentile(p));
}

/** Compressed base64 (HdrHistogram's own format): reports keep whole histograms, which pages draw as percentile curves and which merge exactly. */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/** Decodes what encodeHistogram wrote. */
export function decodeHistogram(b64: string): Histogram {
  return hdr.decodeFromCompressedBase64(b64, 32, false);
}
