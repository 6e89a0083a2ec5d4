/**
 * The run's thresholds (as load.ts derives them) as k6 thresholds. k6 expresses nearly all
 * of them: requests are tagged with their step, and the script records the handbook's own
 * error rate and journey success as custom metrics.
 */
import { MIN_RATE_RATIO } from '../load/models';
import { arrivalsBy } from '../load/stages';
import { parseExpression, type Threshold } from '../load/thresholds';
import type { ScalePlan } from './plan';

export interface K6Thresholds {
  /** k6 metric (with tags) → its threshold expressions. */
  map: Record<string, (string | { threshold: string; abortOnFail: true })[]>;
  lines: string[];
  excluded: string[];
  notCarried: string[];
}

const num = (x: number) => String(+x.toFixed(6));

/** The k6 metric and expression of a threshold, or why there is none. */
function k6Of(t: Threshold): { metric: string; expr: string } | string {
  const e = parseExpression(t.expression)!;
  const rate = () => `rate${e.op}${num(e.agg === 'pct' ? e.value / 100 : e.value)}`;
  const trendAgg =
    e.agg === 'p' ? `p(${e.p})` : ['avg', 'med', 'min', 'max'].includes(e.agg) ? e.agg : undefined;
  const step = /^step\.(.+)\.(latency|send_latency|errors)$/.exec(t.metric);
  if (step && step[2] !== 'errors')
    return trendAgg
      ? { metric: `http_req_duration{step:${step[1]}}`, expr: `${trendAgg}${e.op}${num(e.value)}` }
      : `k6 trends take avg, med, min, max and p(N), not ${e.agg}`;
  if (step) return { metric: `handbook_errors{step:${step[1]}}`, expr: rate() };
  if (t.metric === 'errors') return { metric: 'handbook_errors{judged:true}', expr: rate() };
  if (t.metric === 'journeys.success') return { metric: 'handbook_journey_success', expr: rate() };
  if (t.metric === 'journeys.latency' || t.metric === 'journeys.send_latency')
    return trendAgg
      ? { metric: 'handbook_journey_duration', expr: `${trendAgg}${e.op}${num(e.value)}` }
      : `k6 trends take avg, med, min, max and p(N), not ${e.agg}`;
  if (t.metric === 'journeys.dropped')
    return {
      metric: 'dropped_iterations',
      expr: `${e.agg === 'per_s' ? 'rate' : 'count'}${e.op}${num(e.value)}`,
    };
  if (t.metric === 'requests')
    return { metric: 'http_reqs', expr: `${e.agg === 'per_s' ? 'rate' : 'count'}${e.op}${num(e.value)}` };
  return 'k6 does not measure late starts (an arrival-rate executor drops what it cannot start: dropped_iterations)';
}

/** The k6 thresholds of a plan. */
export function k6Thresholds(plan: ScalePlan): K6Thresholds {
  const out: K6Thresholds = { map: {}, lines: [], excluded: [], notCarried: [] };
  const add = (metric: string, expr: string, abort: boolean, label: string) => {
    (out.map[metric] ??= []).push(abort ? { threshold: expr, abortOnFail: true } : expr);
    out.lines.push(`${label}  →  '${metric}': ${expr}${abort ? ' (abortOnFail)' : ''}`);
  };
  for (const t of plan.thresholds) {
    const name = `${t.metric}: ${t.expression}`;
    if (t.excluded) {
      out.excluded.push(`${name} (known broken: measured and reported, not judged)`);
      continue;
    }
    const k = k6Of(t);
    if (typeof k === 'string') out.notCarried.push(`${name}: ${k}.`);
    else add(k.metric, k.expr, t.abortOnFail, name);
  }
  if (plan.model.type === 'open') {
    const target = Math.floor(
      plan.model.stages?.length
        ? arrivalsBy(plan.model.stages, plan.durationMs)
        : (plan.model.rate * plan.durationMs) / 1000,
    );
    add(
      'dropped_iterations',
      `count<=${Math.floor((1 - MIN_RATE_RATIO) * target)}`,
      false,
      `rate check: at least ${MIN_RATE_RATIO * 100} % of the ${target} scheduled journeys start`,
    );
  }
  return out;
}
