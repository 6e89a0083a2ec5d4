/**
 * Number formatting for the report pages: every figure leaves with its unit, from the one
 * units module the scripts print with (runbooks/lib/units), so a page reads "3.1 s" where
 * the terminal did. `num` is for bare numbers (counts, chart ticks); a threshold's limit and
 * observation stay in the unit its expression is written in (`inLimitUnit`).
 */
import { formatMs, formatMsIn, formatUsd, formatValue } from '@holisticos/runbooks/units/index';

export function num(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return Math.abs(v) >= 1000
    ? Math.round(v).toLocaleString('en')
    : String(Math.round(v * 10 ** digits) / 10 ** digits);
}

/** A duration: 850 ms, 3.1 s, 5 min (units.formatMs). */
export const ms = (v: number | null | undefined): string => formatMs(v);

/** Dollars: $0.02, $1.50 (units.formatUsd). */
export const usd = (v: number | null | undefined): string => formatUsd(v);

/** A value in its metric's unit (units.formatValue). */
export const withUnit = (v: number | null, unit: string): string => formatValue(v, unit);

/** A threshold's observed value in the unit its limit is written in: ms stays ms, beside "p(95) < 3,000 ms". */
export function inLimitUnit(v: number | null, unit: string): string {
  if (unit !== 'ms') return formatValue(v, unit);
  return v === null ? formatMsIn(v, 'ms') : `${num(v, 3)} ms`;
}

/** A signed change with its unit: "+3.2 ms", "-1 users". */
export function delta(v: number, unit: string): string {
  const sign = v > 0 ? '+' : v < 0 ? '-' : '±';
  return `${sign}${withUnit(Math.abs(v), unit)}`;
}

/**
 * The unit of a threshold's numbers, from its metric and expression: latency percentiles
 * (`p(95)<…`) and `*_ms` are milliseconds, `pct` and `*_pct` percent, `*_mb` MB, `*_usd`
 * USD, capacity in users. Unknown metrics get no unit rather than a wrong one.
 */
export function thresholdUnit(metric: string, expression: string): string {
  if (/^p\(\d+(\.\d+)?\)/.test(expression) || /_ms$/.test(metric)) return 'ms';
  if (/^pct/.test(expression) || /_pct$/.test(metric)) return '%';
  if (/_mb$/.test(metric)) return 'MB';
  if (/_usd$/.test(metric)) return 'USD';
  if (/users/.test(metric)) return 'users';
  return '';
}

/** Whether a threshold's limit was divided by the run's time scale (latency SLOs; not counts, money or memory). */
export function isScaledLimit(metric: string, unit: string, source: string): boolean {
  return source === 'slo' && unit === 'ms' && /latency|p95/.test(metric);
}

/** `p(95)<3000` → `p(95) < 3000 ms`; the limit with its unit. */
export function expressionWithUnit(expression: string, unit: string): string {
  const m = /^(.*?)(<=|>=|<|>|==)\s*(-?\d+(?:\.\d+)?)$/.exec(expression);
  if (!m) return expression;
  const limit = Number(m[3]);
  return `${m[1]} ${m[2]} ${inLimitUnit(limit, unit)}`;
}

export function when(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
