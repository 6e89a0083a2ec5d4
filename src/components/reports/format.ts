/** Number formatting for the report pages. */
export function num(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : String(Math.round(v * 10 ** digits) / 10 ** digits);
}

export function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? 'n/a' : v >= 10_000 ? `${num(v / 1000)} s` : `${num(v)} ms`;
}

export function usd(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  return v < 1 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}

export function withUnit(v: number | null, unit: string): string {
  if (unit === 'USD') return usd(v);
  if (unit === 'ms') return ms(v);
  return `${num(v, 2)}${unit ? ` ${unit}` : ''}`;
}

export function when(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
