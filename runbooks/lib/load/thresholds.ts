/**
 * Thresholds as data, k6 style: a metric name and an expression such as `p(95)<5000`.
 * The defaults come from config.slo, so the page that shows an SLO and the run that
 * enforces it read the same number. A threshold on a metric that does not exist is a
 * config error (exit 2), never a silent pass.
 */
import type { Config } from '../config/schema';
import { configError, usageError } from '../errors';
import { decodeHistogram, percentileMs } from './hist';
import type { LiveView, LoadResult } from './types';

export type MetricType = 'trend' | 'rate' | 'counter';
export type Op = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  /** e.g. `step.routine.latency`, `errors`, `journeys.success`. */
  metric: string;
  /** e.g. `p(95)<60000`, `pct<1`. */
  expression: string;
  /** Stop the run as soon as it is breached (checked every second). */
  abortOnFail: boolean;
  /** Where it came from: the config's SLOs or a --threshold flag. */
  source: 'slo' | 'cli';
  /** Reported but left out of the verdict (steps marked knownBroken). */
  excluded: boolean;
}

export interface ThresholdVerdict extends Threshold {
  /** `metric: expression`, the name printed on a breach. */
  name: string;
  observed: number | null;
  status: 'pass' | 'fail' | 'no-data' | 'excluded';
}

/** Aggregations each metric type accepts. */
export const AGGREGATIONS: Record<MetricType, string> = {
  trend: 'p(N), avg, med, min, max, count (milliseconds)',
  rate: 'rate (0–1), pct (0–100)',
  counter: 'count, per_s',
};

/** Every metric a run of these steps produces, with its type. */
export function metricCatalog(steps: readonly { id: string }[]): Map<string, MetricType> {
  const m = new Map<string, MetricType>([
    ['journeys.latency', 'trend'],
    ['journeys.send_latency', 'trend'],
    ['journeys.success', 'rate'],
    ['journeys.late', 'rate'],
    ['journeys.dropped', 'counter'],
    ['errors', 'rate'],
    ['requests', 'counter'],
  ]);
  for (const s of steps) {
    m.set(`step.${s.id}.latency`, 'trend');
    m.set(`step.${s.id}.send_latency`, 'trend');
    m.set(`step.${s.id}.errors`, 'rate');
  }
  return m;
}

interface ParsedExpr {
  agg: string;
  p?: number;
  op: Op;
  value: number;
}

const EXPR =
  /^\s*(p\((\d+(?:\.\d+)?)\)|avg|med|min|max|count|rate|pct|per_s)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

/** Parses `p(95)<5000`; undefined when it is not an expression. */
export function parseExpression(expr: string): ParsedExpr | undefined {
  const m = EXPR.exec(expr);
  if (!m) return undefined;
  const agg = m[2] !== undefined ? 'p' : m[1]!;
  return { agg, ...(m[2] !== undefined ? { p: Number(m[2]) } : {}), op: m[3] as Op, value: Number(m[4]) };
}

const AGG_OK: Record<MetricType, (a: string) => boolean> = {
  trend: (a) => ['p', 'avg', 'med', 'min', 'max', 'count'].includes(a),
  rate: (a) => a === 'rate' || a === 'pct',
  counter: (a) => a === 'count' || a === 'per_s',
};

/** Checks every threshold against the metrics that exist; throws RB_CONFIG naming the first bad one. */
export function validateThresholds(ts: readonly Threshold[], catalog: Map<string, MetricType>): void {
  for (const t of ts) {
    const type = catalog.get(t.metric);
    if (!type)
      throw configError(
        `Threshold "${t.metric}: ${t.expression}" is on a metric that does not exist: "${t.metric}".`,
        `Metrics of this run: ${[...catalog.keys()].join(', ')}.`,
      );
    const e = parseExpression(t.expression);
    if (!e)
      throw configError(
        `Threshold "${t.metric}: ${t.expression}" has an expression that cannot be read.`,
        `Write <aggregation><op><number>, e.g. p(95)<5000, pct<1; ${t.metric} takes ${AGGREGATIONS[type]}.`,
      );
    if (!AGG_OK[type](e.agg) || (e.p !== undefined && (e.p <= 0 || e.p > 100)))
      throw configError(
        `Threshold "${t.metric}: ${t.expression}": "${e.agg === 'p' ? `p(${e.p})` : e.agg}" does not apply to ${t.metric} (a ${type}).`,
        `${t.metric} takes ${AGGREGATIONS[type]}.`,
      );
  }
}

/** The thresholds config.slo implies for these steps (knownBroken steps: reported, excluded). */
/** The p95 SLO of a step (slo.perStep, else slo.p95Ms), divided by the target's time scale. */
export function stepSloMs(config: Config, stepId: string, timeScale = 1): number {
  const per = config.slo.perStep[stepId]?.p95Ms;
  return +((per ?? config.slo.p95Ms) / timeScale).toFixed(3);
}

/**
 * The config's SLOs as thresholds. `timeScale` > 1 is for a time-scaled sandbox, whose
 * latencies are modelled seconds divided by the scale: latency targets are divided the
 * same way so the verdict means what it would in real time (rates are not scaled).
 */
export function sloThresholds(
  config: Config,
  steps: readonly { id: string; knownBroken: boolean }[],
  countBroken = false,
  timeScale = 1,
): Threshold[] {
  const slo = config.slo;
  const out: Threshold[] = [];
  const t = (metric: string, expression: string, excluded = false): Threshold => ({
    metric,
    expression,
    abortOnFail: false,
    source: 'slo',
    excluded,
  });
  for (const s of steps) {
    const per = slo.perStep[s.id];
    const excl = s.knownBroken && !countBroken;
    out.push(t(`step.${s.id}.latency`, `p(95)<${stepSloMs(config, s.id, timeScale)}`, excl));
    if (per?.errorRatePct !== undefined || s.knownBroken)
      out.push(t(`step.${s.id}.errors`, `pct<${per?.errorRatePct ?? slo.errorRatePct}`, excl));
  }
  out.push(t('errors', `pct<${slo.errorRatePct}`));
  out.push(t('journeys.success', `pct>=${slo.successRatePct}`));
  return out;
}

/**
 * Parses a --threshold value: `routine:p95<1`, `step.routine.latency:p(95)<1`, `errors:pct<1`.
 * A bare step id means its latency; `p95` means `p(95)`; `journey` means journeys.latency.
 */
export function parseCliThreshold(text: string, stepIds: readonly string[]): Threshold {
  const i = text.indexOf(':');
  if (i <= 0)
    throw usageError(
      `--threshold "${text}" is not metric:expression.`,
      'Write e.g. --threshold "routine:p95<60000" or --threshold "errors:pct<1".',
    );
  let metric = text.slice(0, i).trim();
  const expression = text
    .slice(i + 1)
    .trim()
    .replace(/^p(\d+(?:\.\d+)?)(?=\s*[<>=!])/, 'p($1)');
  if (stepIds.includes(metric)) metric = `step.${metric}.latency`;
  else if (metric === 'journey' || metric === 'journeys') metric = 'journeys.latency';
  return { metric, expression, abortOnFail: false, source: 'cli', excluded: false };
}

/** SLO thresholds with CLI ones added; a CLI threshold replaces an SLO one on the same metric and aggregation. */
export function mergeThresholds(
  slo: readonly Threshold[],
  cli: readonly Threshold[],
  abortOnFail: boolean,
): Threshold[] {
  const key = (t: Threshold) =>
    `${t.metric}|${parseExpression(t.expression)?.agg ?? t.expression}|${parseExpression(t.expression)?.p ?? ''}`;
  const cliKeys = new Set(cli.map(key));
  return [...slo.filter((t) => !cliKeys.has(key(t))), ...cli].map((t) => ({
    ...t,
    abortOnFail: abortOnFail && !t.excluded,
  }));
}

/** What thresholds read: the final result or the live view. */
export interface MetricSource {
  trend(
    metric: string,
  ): { at(p: number): number; avg: number; min: number; max: number; count: number } | undefined;
  rate(metric: string): { hits: number; total: number } | undefined;
  counter(metric: string): { count: number; seconds: number } | undefined;
}

function countedErrors(
  steps: readonly { knownBroken: boolean; requests: number; errors: number }[],
  countBroken: boolean,
) {
  const xs = steps.filter((s) => countBroken || !s.knownBroken);
  return { hits: xs.reduce((a, s) => a + s.errors, 0), total: xs.reduce((a, s) => a + s.requests, 0) };
}

/** Metrics from a finished run (percentiles from its encoded histograms). */
export function sourceFromResult(r: LoadResult, countBroken = false): MetricSource {
  const trendOf = (sum: LoadResult['journey']['latency'], b64: string) => {
    let h: ReturnType<typeof decodeHistogram> | undefined;
    return {
      at: (p: number) => percentileMs((h ??= decodeHistogram(b64)), p),
      avg: sum.mean,
      min: sum.min,
      max: sum.max,
      count: sum.count,
    };
  };
  const errs = r.steps.map((s) => ({
    knownBroken: s.knownBroken,
    requests: s.requests,
    errors: s.requests - s.ok,
  }));
  return {
    trend(m) {
      if (m === 'journeys.latency') return trendOf(r.journey.latency, r.journey.histogram);
      if (m === 'journeys.send_latency') return trendOf(r.journey.sendLatency, r.journey.sendHistogram);
      const s = /^step\.(.+)\.(latency|send_latency)$/.exec(m);
      const st = s && r.steps.find((x) => x.id === s[1]);
      if (!s || !st) return undefined;
      return s[2] === 'latency'
        ? trendOf(st.latency, st.histogram)
        : trendOf(st.sendLatency, st.sendHistogram);
    },
    rate(m) {
      if (m === 'errors') return countedErrors(errs, countBroken);
      if (m === 'journeys.success') return { hits: r.journeys.succeeded, total: r.journeys.completed };
      if (m === 'journeys.late') return { hits: r.journeys.late, total: r.journeys.started };
      const s = /^step\.(.+)\.errors$/.exec(m);
      const st = s && r.steps.find((x) => x.id === s[1]);
      return st ? { hits: st.requests - st.ok, total: st.requests } : undefined;
    },
    counter(m) {
      const seconds = r.elapsedMs / 1000;
      if (m === 'requests') return { count: r.requests, seconds };
      if (m === 'journeys.dropped') return { count: r.journeys.dropped, seconds };
      return undefined;
    },
  };
}

/** Metrics from the live view, for abort-on-fail. */
export function sourceFromLive(l: LiveView, countBroken = false): MetricSource {
  return {
    trend(m) {
      if (m === 'journeys.latency' || m === 'journeys.send_latency') {
        const j = l.journeys;
        return {
          at: m === 'journeys.latency' ? j.latencyAt : j.sendLatencyAt,
          avg: j.meanMs,
          min: j.minMs,
          max: j.maxMs,
          count: j.count,
        };
      }
      const s = /^step\.(.+)\.(latency|send_latency)$/.exec(m);
      const st = s && l.steps.find((x) => x.id === s[1]);
      if (!s || !st) return undefined;
      return {
        at: s[2] === 'latency' ? st.latencyAt : st.sendLatencyAt,
        avg: st.meanMs,
        min: st.minMs,
        max: st.maxMs,
        count: st.count,
      };
    },
    rate(m) {
      if (m === 'errors') return countedErrors(l.steps, countBroken);
      if (m === 'journeys.success') return { hits: l.journeys.succeeded, total: l.journeys.completed };
      if (m === 'journeys.late') return { hits: l.journeys.late, total: l.journeys.started };
      const s = /^step\.(.+)\.errors$/.exec(m);
      const st = s && l.steps.find((x) => x.id === s[1]);
      return st ? { hits: st.errors, total: st.requests } : undefined;
    },
    counter(m) {
      if (m === 'requests') return { count: l.requests, seconds: l.elapsedMs / 1000 };
      if (m === 'journeys.dropped') return { count: l.journeys.dropped, seconds: l.elapsedMs / 1000 };
      return undefined;
    },
  };
}

const OPS: Record<Op, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** The observed value of a threshold's aggregation, or null when the metric has no data. */
export function observe(t: Threshold, src: MetricSource): number | null {
  const e = parseExpression(t.expression)!;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const tr = src.trend(t.metric);
  if (tr) {
    if (tr.count === 0) return null;
    const v =
      e.agg === 'p'
        ? tr.at(e.p!)
        : e.agg === 'med'
          ? tr.at(50)
          : e.agg === 'avg'
            ? tr.avg
            : e.agg === 'min'
              ? tr.min
              : e.agg === 'max'
                ? tr.max
                : tr.count;
    return round(v);
  }
  const ra = src.rate(t.metric);
  if (ra) return ra.total === 0 ? null : round((ra.hits / ra.total) * (e.agg === 'pct' ? 100 : 1));
  const c = src.counter(t.metric);
  if (c) return e.agg === 'count' ? c.count : c.seconds > 0 ? round(c.count / c.seconds) : null;
  return null;
}

/** Evaluates every threshold; no data is reported as such and does not fail (k6's rule). */
export function evaluateThresholds(ts: readonly Threshold[], src: MetricSource): ThresholdVerdict[] {
  return ts.map((t) => {
    const observed = observe(t, src);
    const e = parseExpression(t.expression)!;
    const ok = observed === null || OPS[e.op](observed, e.value);
    const status: ThresholdVerdict['status'] = t.excluded
      ? 'excluded'
      : observed === null
        ? 'no-data'
        : ok
          ? 'pass'
          : 'fail';
    return { ...t, name: `${t.metric}: ${t.expression}`, observed, status };
  });
}

/** For abort-on-fail: the name of the first breached abort threshold, if any. */
export function abortCheck(
  ts: readonly Threshold[],
  countBroken = false,
): (l: LiveView) => string | undefined {
  const abortable = ts.filter((t) => t.abortOnFail && !t.excluded);
  if (!abortable.length) return () => undefined;
  return (l) => {
    const failed = evaluateThresholds(abortable, sourceFromLive(l, countBroken)).find(
      (v) => v.status === 'fail',
    );
    return failed ? `threshold breached: ${failed.name} (observed ${failed.observed})` : undefined;
  };
}
