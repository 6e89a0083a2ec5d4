/**
 * Metric units, read from each series rather than assumed: Render's spec states no unit for
 * any metric (its one example is "GB") and a free string in `unit`. Memory is normalised to
 * MB, CPU to cores, latency to ms, counts stay counts; a unit this table does not know is
 * kept as given, with a note that says so — a figure is never converted on a guess.
 *
 * MB here is the handbook's MB (1024 × 1024 bytes, like config.service.plan.memoryMb): a
 * starter plan's "512 MB" is the "512Mi" an OOM event names. So KB/MB/GB and Ki/Mi/Gi are
 * read as powers of 1024; only Kubernetes-style bare K/M/G are decimal.
 */
import type { MetricName, Quantity } from './types';

const MIB = 1024 * 1024;

export const NORMAL_UNIT: Record<Quantity, string> = {
  memory: 'MB',
  cpu: 'cores',
  latency: 'ms',
  count: 'count',
};

export const QUANTITY_OF: Record<MetricName, Quantity> = {
  memory: 'memory',
  'memory-limit': 'memory',
  cpu: 'cpu',
  'cpu-limit': 'cpu',
  'http-latency': 'latency',
  'http-requests': 'count',
  'instance-count': 'count',
};

/** Factor from a unit (lower-cased, trimmed) to the normalised one, per quantity. */
const FACTORS: Record<Quantity, Record<string, number>> = {
  memory: {
    b: 1 / MIB,
    byte: 1 / MIB,
    bytes: 1 / MIB,
    kb: 1 / 1024,
    kib: 1 / 1024,
    ki: 1 / 1024,
    mb: 1,
    mib: 1,
    mi: 1,
    gb: 1024,
    gib: 1024,
    gi: 1024,
  },
  cpu: {
    core: 1,
    cores: 1,
    cpu: 1,
    cpus: 1,
    vcpu: 1,
    vcpus: 1,
    millicore: 1 / 1000,
    millicores: 1 / 1000,
    millicpu: 1 / 1000,
    mcpu: 1 / 1000,
    m: 1 / 1000,
  },
  latency: {
    ms: 1,
    millisecond: 1,
    milliseconds: 1,
    s: 1000,
    sec: 1000,
    second: 1000,
    seconds: 1000,
    us: 1 / 1000,
    µs: 1 / 1000,
    microseconds: 1 / 1000,
    ns: 1 / 1e6,
  },
  count: {
    '': 1,
    count: 1,
    requests: 1,
    request: 1,
    req: 1,
    instances: 1,
    instance: 1,
  },
};

/** Kubernetes' decimal suffixes (bare K/M/G), bytes. */
const DECIMAL: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9 };

export type Normaliser =
  { ok: true; unit: string; factor: number } | { ok: false; unit: string; note: string };

/** How to turn values given in `unit` into the quantity's normalised unit. */
export function normaliser(quantity: Quantity, unit: string): Normaliser {
  const u = unit.trim();
  const key = u.toLowerCase();
  const factor = FACTORS[quantity][key];
  if (factor !== undefined) return { ok: true, unit: NORMAL_UNIT[quantity], factor };
  if (quantity === 'memory' && DECIMAL[u] !== undefined)
    return { ok: true, unit: 'MB', factor: DECIMAL[u]! / MIB };
  const why =
    key === '%' || key === 'percent'
      ? `a percentage (of what, Render does not say), not ${NORMAL_UNIT[quantity]}`
      : /\/\s*s$|per ?s(ec(ond)?)?$|^rps$/.test(key)
        ? 'a rate per second, not a count per point'
        : `a unit this client does not know for ${quantity}`;
  return { ok: false, unit: u || '(none)', note: `values in "${u}" are shown as given: ${why}` };
}

/** A memory quantity as Render writes it in events ("512Mi", "0.5Gi", "512 MB", "536870912") → MB, or null. */
export function parseMemoryQuantity(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-zµ]*)\s*$/.exec(text);
  if (!m) return null;
  const value = Number(m[1]);
  const unit = m[2] ?? '';
  if (unit === '') return value / MIB;
  const n = normaliser('memory', unit);
  return n.ok ? value * n.factor : null;
}
