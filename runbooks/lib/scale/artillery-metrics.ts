/**
 * The handbook's per-step counts and latencies read from one Artillery period (the
 * aggregate or a 10-second intermediate). Names come from the exported script: each
 * request is named after its step, so metrics-by-endpoint reports
 * `plugins.metrics-by-endpoint.<step>.codes.<status>`, `….<step>.errors.<code>` and the
 * histogram `plugins.metrics-by-endpoint.response_time.<step>`; a judged step that broke
 * the response rules adds one `errors.Failed expectations for request <step>`.
 */
import { explainStatus } from '../checks/response-rules';
import { createHistogram, encodeHistogram, latencySummary, roundMs, type LatencySummary } from '../load/hist';
import type { ErrorCounts } from '../load/types';
import { OK_CODES } from './artillery-rules';
import type { ArtilleryPeriod, ArtillerySummary } from './artillery-report';

export const PREFIX = 'plugins.metrics-by-endpoint';

export interface StepCounts {
  requests: number;
  ok: number;
  errors: ErrorCounts;
  latency: LatencySummary;
  /** Artillery's own summary (for interpolating other percentiles), when the step had responses. */
  summary: ArtillerySummary | undefined;
  reasons: { kind: keyof Omit<ErrorCounts, 'byStatus'>; reason: string; count: number }[];
}

/** Known percentiles of a summary as (quantile, ms) knots, ascending. */
function knots(s: ArtillerySummary): [number, number][] {
  const pts: [number, number | undefined][] = [
    [0, s.min],
    [0.5, s.p50 ?? s.median],
    [0.75, s.p75],
    [0.9, s.p90],
    [0.95, s.p95],
    [0.99, s.p99],
    [0.999, s.p999],
    [1, s.max],
  ];
  const out: [number, number][] = [];
  for (const [q, v] of pts) if (v !== undefined) out.push([q, Math.max(v, out.at(-1)?.[1] ?? 0)]);
  return out;
}

/** The p-th percentile (0–100) in unrounded ms, linear between Artillery's known percentiles. */
function interpolate(s: ArtillerySummary, p: number): number {
  const k = knots(s);
  const q = p / 100;
  for (let i = 1; i < k.length; i++) {
    const [q0, v0] = k[i - 1]!;
    const [q1, v1] = k[i]!;
    if (q <= q1) return q1 === q0 ? v1 : v0 + ((v1 - v0) * (q - q0)) / (q1 - q0);
  }
  return s.max;
}

/** The p-th percentile (0–100) for thresholds, in ms: as in the summary, within Artillery's min and max. */
export function percentileOf(s: ArtillerySummary, p: number): number {
  return roundMs(Math.min(s.max, Math.max(s.min, interpolate(s, p))));
}

/** The handbook's latency summary of an Artillery summary: made where every summary is (load/hist.ts). */
export function toLatency(s: ArtillerySummary | undefined): LatencySummary {
  if (!s || s.count === 0) return latencySummary({ count: 0, min: 0, max: 0, mean: 0, at: () => 0 });
  return latencySummary({
    count: Math.round(s.count),
    min: s.min,
    max: s.max,
    mean: s.mean,
    at: (p) => interpolate(s, p),
  });
}

/**
 * An HDR histogram rebuilt from the summary (Artillery's report keeps no raw histogram):
 * `count` samples spread between the known percentiles, so merging and re-reading it give
 * the same percentiles the report shows. Bounded: at most 8 × 50 distinct values.
 */
export function synthHistogram(s: ArtillerySummary | undefined): string {
  const h = createHistogram();
  if (s && s.count > 0) {
    const k = knots(s);
    const n = Math.round(s.count);
    let placed = 0;
    for (let i = 1; i < k.length; i++) {
      const [, v0] = k[i - 1]!;
      const [q1, v1] = k[i]!;
      const share = i === k.length - 1 ? n - placed : Math.round(n * q1) - placed;
      const parts = Math.min(50, Math.max(1, share));
      for (let j = 0; j < parts; j++) {
        const c = Math.round((share * (j + 1)) / parts) - Math.round((share * j) / parts);
        const us = Math.max(1, Math.round((v0 + ((v1 - v0) * (j + 0.5)) / parts) * 1000));
        if (c > 0) h.recordValueWithCount(us, c);
      }
      placed += share;
    }
  }
  return encodeHistogram(h);
}

const TIMEOUT = /TIMEDOUT|TIMEOUT/i;

/** Counts of one step in one period; `judged` = it carried expectations. */
export function stepCounts(p: ArtilleryPeriod, id: string, judged: boolean): StepCounts {
  const errors: ErrorCounts = {
    http: 0,
    'soft-failure': 0,
    'bad-body': 0,
    timeout: 0,
    connection: 0,
    byStatus: {},
  };
  const reasons: StepCounts['reasons'] = [];
  let responses = 0;
  let notOk = 0;
  const codes = `${PREFIX}.${id}.codes.`;
  const errs = `${PREFIX}.${id}.errors.`;
  for (const [k, v] of Object.entries(p.counters)) {
    if (!v) continue;
    if (k.startsWith(codes)) {
      const code = Number(k.slice(codes.length));
      responses += v;
      if (!OK_CODES.includes(code)) notOk += v;
      if (code < 200 || code >= 300) {
        errors.http += v;
        errors.byStatus[String(code)] = (errors.byStatus[String(code)] ?? 0) + v;
        reasons.push({ kind: 'http', reason: explainStatus(code, undefined), count: v });
      }
    } else if (k.startsWith(errs)) {
      const code = k.slice(errs.length);
      const kind = TIMEOUT.test(code) ? 'timeout' : 'connection';
      errors[kind] += v;
      reasons.push({ kind, reason: `${code} (no response)`, count: v });
    }
  }
  // One failed expectation per failed response: those that were not already a bad status broke the body rules.
  const failed = judged ? (p.counters[`errors.Failed expectations for request ${id}`] ?? 0) : 0;
  const soft = Math.max(0, failed - notOk);
  if (soft) {
    errors['soft-failure'] = soft;
    reasons.push({
      kind: 'soft-failure',
      reason:
        'a 2xx whose body broke the response rules (fallback plan, status not "success", critical health, or an unreadable body)',
      count: soft,
    });
  }
  const requests = responses + errors.timeout + errors.connection;
  const summary = p.summaries[`${PREFIX}.response_time.${id}`];
  return {
    requests,
    ok: requests - errors.http - soft - errors.timeout - errors.connection,
    errors,
    latency: toLatency(summary),
    summary,
    reasons,
  };
}
