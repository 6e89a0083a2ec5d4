/**
 * The run's thresholds (the same list load.ts derives from config.slo and --threshold) as
 * Artillery `ensure` checks. Artillery evaluates them once, at the end of the run, over its
 * aggregate metrics (filtrex expressions; a metric that never got a value makes its check
 * fail, so rates are written over counters that always exist). Whatever cannot be written
 * is returned in `notCarried`: the import judges every threshold again from the report.
 */
import { MIN_RATE_RATIO } from '../load/models';
import { arrivalsBy } from '../load/stages';
import { parseExpression, type Threshold } from '../load/thresholds';
import type { ScalePlan } from './plan';
import type { YamlValue } from './yaml';

export interface EnsureMapping {
  thresholds: YamlValue[];
  conditions: YamlValue[];
  /** `threshold → check`, one per exported check. */
  lines: string[];
  /** Thresholds of known-broken steps: reported, not judged, so not exported. */
  excluded: string[];
  notCarried: string[];
}

/** Artillery's summary fields for the handbook's trend aggregations. */
const PERCENTILE: Record<string, string> = {
  '50': 'p50',
  '75': 'p75',
  '90': 'p90',
  '95': 'p95',
  '99': 'p99',
  '99.9': 'p999',
};

function trendMetric(metric: string): string | undefined {
  const s = /^step\.(.+)\.(latency|send_latency)$/.exec(metric);
  if (s) return `plugins.metrics-by-endpoint.response_time.${s[1]}`;
  if (metric === 'journeys.latency' || metric === 'journeys.send_latency') return 'vusers.session_length';
  return undefined;
}

const name = (t: Threshold) => `${t.metric}: ${t.expression}`;

/** The ensure checks of a plan. */
export function ensureFor(plan: ScalePlan): EnsureMapping {
  const m: EnsureMapping = { thresholds: [], conditions: [], lines: [], excluded: [], notCarried: [] };
  const condition = (t: Threshold | string, expression: string) => {
    m.conditions.push({ expression, strict: true });
    m.lines.push(`${typeof t === 'string' ? t : name(t)}  →  ${expression}`);
  };
  // Known-broken steps make one request per finished journey at the end of it (insights is last).
  const broken = plan.countKnownBroken ? 0 : plan.steps.filter((s) => s.knownBroken).length;
  for (const t of plan.thresholds) {
    if (t.excluded) {
      m.excluded.push(`${name(t)} (known broken: measured and reported, not judged)`);
      continue;
    }
    const e = parseExpression(t.expression)!;
    const agg =
      e.agg === 'p'
        ? PERCENTILE[String(e.p)]
        : ({ med: 'median', avg: 'mean', min: 'min', max: 'max', count: 'count' } as Record<string, string>)[
            e.agg
          ];
    const trend = trendMetric(t.metric);
    const scale = e.agg === 'pct' ? ' * 100' : '';
    if (trend && agg) {
      if (e.op === '<') {
        m.thresholds.push({ [`${trend}.${agg}`]: e.value });
        m.lines.push(
          `${name(t)}  →  ${trend}.${agg} < ${e.value}${/send_latency/.test(t.metric) ? ' (Artillery times from the send)' : ''}`,
        );
      } else condition(t, `${trend}.${agg} ${e.op} ${e.value}`);
    } else if (t.metric === 'errors') {
      // A failed judged request fails its journey there and then: one failed VU per failed request.
      condition(
        t,
        `vusers.failed / ${broken ? `(http.requests - ${broken} * vusers.completed)` : 'http.requests'}${scale} ${e.op} ${e.value}`,
      );
    } else if (t.metric === 'journeys.success') {
      condition(t, `vusers.completed / vusers.created${scale} ${e.op} ${e.value}`);
    } else if (t.metric === 'requests' && e.agg === 'count') {
      condition(t, `http.requests ${e.op} ${e.value}`);
    } else if (
      t.metric === 'journeys.dropped' &&
      e.agg === 'count' &&
      plan.model.type === 'open' &&
      (e.op === '<' || e.op === '<=')
    ) {
      // vusers.skipped exists only once an arrival was skipped: "not ≥" reads a missing counter as 0.
      condition(t, `not (vusers.skipped ${e.op === '<' ? '>=' : '>'} ${e.value})`);
    } else {
      m.notCarried.push(
        `${name(t)}: ${trend ? `Artillery reports p50, p75, p90, p95, p99 and p999, not ${e.agg === 'p' ? `p(${e.p})` : e.agg}` : 'no Artillery metric to write it on that exists in every run (per-step error counters appear only once an error happened, and a check on a missing metric fails)'}.`,
      );
    }
    if (t.abortOnFail)
      m.notCarried.push(
        `${name(t)} [abort-on-fail]: Artillery checks ensure only when the run has ended; it cannot stop a run early.`,
      );
  }
  if (plan.model.type === 'open') {
    const target = Math.floor(
      plan.model.stages?.length
        ? arrivalsBy(plan.model.stages, plan.durationMs)
        : (plan.model.rate * plan.durationMs) / 1000,
    );
    condition(
      `rate check: at least ${MIN_RATE_RATIO * 100} % of the ${target} scheduled journeys start`,
      `vusers.created >= ${Math.ceil(MIN_RATE_RATIO * target)}`,
    );
  }
  return m;
}
