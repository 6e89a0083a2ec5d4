/**
 * Units, in one place, for every output: scripts, reports and pages. Pure and dependency
 * free, so the site's browser bundle imports it too. Numbers carry their unit after a
 * space (12.3 ms, 450 MB, 5%), trailing zeros are trimmed, and an absent value is "–".
 * `formatDuration` is the other thing: a duration in the flags' own syntax (1m30s), for
 * messages that tell an operator what to type.
 */

const trim = (n: number, digits: number): string => String(+n.toFixed(digits));
const absent = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || !Number.isFinite(v);

/** Parses "500ms", "20s", "5m", "1h", "1m30s" or a bare number of seconds; returns ms or undefined. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    matched = re.lastIndex;
  }
  if (matched !== s.length || matched === 0) return undefined;
  return Math.round(total);
}

/** A duration in flag syntax: 1500 → "1.5s", 90000 → "1m30s", 3600000 → "1h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${trim(ms / 1000, ms < 10_000 ? 2 : 1)}s`;
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m}m${s}s` : `${m}m`;
}

/** Milliseconds for reading: 0.8 ms, 12.3 ms, 120 ms, 1.52 s, 12.3 s, 90 s, 5 min, 1 h. */
export function formatMs(ms: number | null | undefined): string {
  if (absent(ms)) return '–';
  if (ms < 0) return 'n/a';
  if (ms < 100) return `${trim(ms, 1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${trim(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${trim(ms / 60_000, 1)} min`;
}

/** Megabytes: 450 MB, 460.5 MB, 12,000 MB. */
export function formatMb(mb: number | null | undefined): string {
  return absent(mb) ? '–' : `${formatCount(+mb.toFixed(1))} MB`;
}

/** Dollars: $50, $1.50, $0.02, $0.005. */
export function formatUsd(usd: number | null | undefined): string {
  if (absent(usd)) return '–';
  if (usd >= 1 && Number.isInteger(usd)) return `$${usd}`;
  const decimals = Math.min(6, Math.max(2, (String(+usd.toFixed(6)).split('.')[1] ?? '').length));
  return `$${usd.toFixed(decimals)}`;
}

/** A percentage: 5%, 0.5%, 99.9%. */
export function formatPct(pct: number | null | undefined, digits = 1): string {
  return absent(pct) ? '–' : `${trim(pct, digits)}%`;
}

/** A count: 950, 12,000 (grouped from ten thousand). */
export function formatCount(n: number | null | undefined): string {
  if (absent(n)) return '–';
  return Math.abs(n) >= 10_000 ? n.toLocaleString('en-US') : String(n);
}

/** Bytes: 512 B, 1.5 kB, 1 MB. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${trim(n / (1024 * 1024), 1)} MB`;
  if (n >= 1024) return `${trim(n / 1024, 1)} kB`;
  return `${n} B`;
}

/** A value of a metric in its unit (ms, MB, USD, %, or none). */
export function formatValue(v: number | null | undefined, unit: string): string {
  switch (unit) {
    case 'ms':
      return formatMs(v);
    case 'MB':
      return formatMb(v);
    case 'USD':
      return formatUsd(v);
    case '%':
      return formatPct(v);
    default:
      return absent(v) ? '–' : `${formatCount(+v.toFixed(2))}${unit ? ` ${unit}` : ''}`;
  }
}

/**
 * Samples a percentile needs before it says more than "the slowest sample": p50 2, p90 10,
 * p95 20, p99 100 (count ≥ 1/(1−p)). Every report, page and terminal reads percentiles by it.
 */
export function samplesForPercentile(p: number): number {
  // 1e-9: 100 / (100 − 99.95) is 2000.0000000001 in floating point.
  return p >= 100 ? Infinity : Math.ceil(100 / (100 - p) - 1e-9);
}

/** A latency percentile `p` of `count` samples as read: "–" without samples, "·" with too few to read it (see samplesForPercentile), else in ms. */
export function formatPercentile(count: number, p: number, ms: number): string {
  if (!(count > 0)) return '–';
  return count < samplesForPercentile(p) ? '·' : formatMs(ms);
}

/** What "·" means, for the line under a table that printed one. */
export const PERCENTILE_LEGEND = `· too few samples to read that percentile (p50 needs ${samplesForPercentile(50)}, p90 ${samplesForPercentile(90)}, p95 ${samplesForPercentile(95)}, p99 ${samplesForPercentile(99)}); max is the slowest sample`;

/**
 * A latency summary in a few words, naming what each figure is: "no samples", "13.5 s (one
 * sample)", "p50 1.2 s, max 1.7 s (9 samples: too few for a p95)", "p50 1.2 s, p95 1.6 s (40 samples)".
 */
export function formatLatencyBrief(s: { count: number; p50: number; p95: number; max: number }): string {
  if (!(s.count > 0)) return 'no samples';
  if (s.count === 1) return `${formatMs(s.max)} (one sample)`;
  if (s.count < samplesForPercentile(95))
    return `p50 ${formatMs(s.p50)}, max ${formatMs(s.max)} (${s.count} samples: too few for a p95)`;
  return `p50 ${formatMs(s.p50)}, p95 ${formatMs(s.p95)} (${formatCount(s.count)} samples)`;
}

/** The one unit a column of durations is shown in. */
export type DurationUnit = 'ms' | 's' | 'min';

/** The unit a set of durations (ms) reads best in, chosen by the largest: ms under a second, s under two minutes, else min. */
export function durationUnitFor(values: readonly (number | null | undefined)[]): DurationUnit {
  const xs = values.filter((v): v is number => !absent(v) && v >= 0);
  const max = xs.length ? Math.max(...xs) : 0;
  return max < 1000 ? 'ms' : max < 120_000 ? 's' : 'min';
}

/** Milliseconds in a given unit, for a column whose rows share one: 850 in s → "0.85 s", 3101 in s → "3.1 s". */
export function formatMsIn(ms: number | null | undefined, unit: DurationUnit): string {
  if (absent(ms)) return '–';
  if (ms < 0) return 'n/a';
  if (unit === 'ms') return `${formatCount(+ms.toFixed(ms < 100 ? 1 : 0))} ms`;
  if (unit === 's') return `${trim(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
  return `${trim(ms / 60_000, 1)} min`;
}

/**
 * A column of values of one metric, each in the same unit: durations in the unit their
 * largest needs (a table never shows "3,101 ms" beside "15.6 s"), others as formatValue.
 */
export function formatColumn(values: readonly (number | null | undefined)[], unit: string): string[] {
  if (unit !== 'ms') return values.map((v) => formatValue(v, unit));
  const u = durationUnitFor(values);
  return values.map((v) => formatMsIn(v, u));
}
