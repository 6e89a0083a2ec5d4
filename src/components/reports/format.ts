/** Number formatting for the report pages: every figure leaves with its unit. */
export function num(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return Math.abs(v) >= 1000
    ? Math.round(v).toLocaleString('en')
    : String(Math.round(v * 10 ** digits) / 10 ** digits);
}

export function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? 'n/a' : v >= 10_000 ? `${num(v / 1000)} s` : `${num(v)} ms`;
}

export function usd(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  return v < 1 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}

export function withUnit(v: number | null, unit: string, digits = 2): string {
  if (unit === 'USD') return usd(v);
  if (unit === 'ms') return ms(v);
  if (v === null) return 'n/a';
  return `${num(v, digits)}${unit === '%' ? ' %' : unit ? ` ${unit}` : ''}`;
}

/** A signed change with its unit: "+3.2 ms", "-1 users". */
export function delta(v: number, unit: string): string {
  const sign = v > 0 ? '+' : v < 0 ? '-' : '±';
  const abs = Math.abs(v);
  return `${sign}${unit === 'USD' ? usd(abs) : withUnit(abs, unit, 3)}`;
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
  return `${m[1]} ${m[2]} ${unit === 'USD' ? usd(limit) : unit === 'ms' ? `${num(limit, 3)} ms` : withUnit(limit, unit, 3)}`;
}

export function when(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
