/**
 * Threshold evaluation with Argo Rollouts' analysis semantics: a metric FAILS after N
 * consecutive breaching measurements; measurement ERRORS are counted separately against
 * their own limit; MISSING data is inconclusive and never counts as a pass. Pure.
 */
import type { Config } from '../config/schema';
import type { ErrorCode } from '../errors';
import type { SectionId } from '../sections/index';

/** What the service says of itself (app), what the monitor's own journey saw (synthetic). */
export type AppMetricId =
  'memory' | 'errorRate' | 'syntheticErrorRate' | 'responseTime' | 'dailyCost' | 'health';
/** What the platform (Render, or the sandbox's model of it) saw: judged only where one is configured. */
export type PlatformMetricId = 'platformMemory' | 'edgeErrorRate' | 'edgeP95';
export type MetricId = AppMetricId | PlatformMetricId;
export const METRIC_IDS: readonly AppMetricId[] = [
  'memory',
  'errorRate',
  'syntheticErrorRate',
  'responseTime',
  'dailyCost',
  'health',
];
export const PLATFORM_METRIC_IDS: readonly PlatformMetricId[] = [
  'platformMemory',
  'edgeErrorRate',
  'edgeP95',
];

/** Where a figure comes from: the service's own signals, the platform that runs it, or the monitor's journey. */
export type Origin = 'app' | 'platform' | 'synthetic';

/** One metric's reading in one sample. */
export type Measurement =
  | { kind: 'value'; value: number; text?: string }
  | { kind: 'error'; code: ErrorCode; reason: string }
  | { kind: 'missing'; reason: string }
  /** The target does not track this signal at all (cost without Redis): reported, never judged. */
  | { kind: 'unavailable'; reason: string }
  /** Not measured this sample by design (health and the synthetic journey run less often than the rest). */
  | { kind: 'not-due' };

export interface Criterion {
  id: MetricId;
  label: string;
  unit: string;
  /** A value strictly above this breaches. */
  max: number;
  /** Where the limit comes from (config path), for reports and pages. */
  source: string;
  /** Where the measured figure comes from on the target, shown beside it. */
  signal: string;
  /** The page section that handles a breach (pages/sections.ts); breach events and the summary name it. */
  section: SectionId;
  /** Whose figure it is (app, platform or synthetic). */
  origin: Origin;
}

/** The alert thresholds of the config as criteria. */
export function criteriaFrom(config: Config): Criterion[] {
  const a = config.alerts;
  return [
    {
      id: 'memory',
      label: 'memory',
      unit: 'MB',
      max: a.memoryMb,
      source: 'alerts.memoryMb',
      signal: '/metrics holisticos_memory_usage_bytes (else the health body)',
      section: 'memory',
      origin: 'app',
    },
    {
      id: 'errorRate',
      label: 'error rate',
      unit: '%',
      max: a.errorRatePct,
      source: 'alerts.errorRatePct',
      signal:
        "/metrics holisticos_requests_total (the service's own count: a 200 with a fallback plan is a success there)",
      section: 'errors',
      origin: 'app',
    },
    {
      id: 'syntheticErrorRate',
      label: 'error rate (synthetic)',
      unit: '%',
      max: a.errorRatePct,
      source: 'alerts.errorRatePct',
      signal:
        'the smoke journey (routine, nutrition) run by the monitor, bodies read: fallback plans and status "error" fail',
      section: 'fallback',
      origin: 'synthetic',
    },
    {
      id: 'responseTime',
      label: 'generate time',
      unit: 'ms',
      max: a.generateResponseTimeMs,
      source: 'alerts.generateResponseTimeMs',
      signal:
        '/metrics holisticos_request_duration_seconds, mean over the window (fed only by the generate handlers)',
      section: 'slow',
      origin: 'app',
    },
    {
      id: 'dailyCost',
      label: 'daily cost',
      unit: 'USD',
      max: a.dailyCostUsd,
      source: 'alerts.dailyCostUsd',
      signal: '/api/admin/rate-limits cost_tracking.total_cost_today (Redis only)',
      section: 'cost',
      origin: 'app',
    },
    // 0 healthy, 1 degraded or basic, 2 critical: only critical breaches (the rest warn).
    {
      id: 'health',
      label: 'health',
      unit: '',
      max: 1,
      source: 'health body (critical)',
      signal: '/api/monitoring/stats (else /api/health), read from the body',
      section: 'health',
      origin: 'app',
    },
  ];
}

/**
 * The platform's figures as criteria, beside the app's: the instance's memory as the platform
 * measured it (the figure the OOM kill follows), and the 5xx share and p95 latency at
 * Render's edge, which include the 502/503s the app never saw. `describes` names the
 * platform ("Render service srv-…", "the sandbox's platform model …").
 */
export function platformCriteria(config: Config, describes: string): Criterion[] {
  const a = config.alerts;
  return [
    {
      id: 'platformMemory',
      label: 'memory (platform)',
      unit: 'MB',
      max: a.memoryMb,
      source: 'alerts.memoryMb',
      signal: `${describes}: /metrics/memory against /metrics/memory-limit (the instance, as the platform kills it)`,
      section: 'memory',
      origin: 'platform',
    },
    {
      id: 'edgeErrorRate',
      label: '5xx at the edge',
      unit: '%',
      max: a.errorRatePct,
      source: 'alerts.errorRatePct',
      signal: `${describes}: /metrics/http-requests by status code, 5xx share (the 502/503s the app never saw included)`,
      section: 'errors',
      origin: 'platform',
    },
    {
      id: 'edgeP95',
      label: 'p95 at the edge',
      unit: 'ms',
      max: a.generateResponseTimeMs,
      source: 'alerts.generateResponseTimeMs',
      signal: `${describes}: /metrics/http-latency quantile 0.95, its latest point (every request, generate calls included)`,
      section: 'slow',
      origin: 'platform',
    },
  ];
}

export type MetricStatus = 'running' | 'failed' | 'errored';

export interface MetricState {
  id: MetricId;
  status: MetricStatus;
  consecutiveBreaches: number;
  consecutiveErrors: number;
  breaches: number;
  errors: number;
  measured: number;
  missing: number;
  unavailable: number;
  lastValue: number | null;
  maxValue: number | null;
  lastError: { code: ErrorCode; reason: string } | null;
  lastMissing: string | null;
}

export const initialState = (id: MetricId): MetricState => ({
  id,
  status: 'running',
  consecutiveBreaches: 0,
  consecutiveErrors: 0,
  breaches: 0,
  errors: 0,
  measured: 0,
  missing: 0,
  unavailable: 0,
  lastValue: null,
  maxValue: null,
  lastError: null,
  lastMissing: null,
});

export interface Limits {
  /** Consecutive breaches that fail the metric (alerts.consecutiveBreaches). */
  breaches: number;
  /** Consecutive measurement errors that error the metric (alerts.consecutiveErrors). */
  errors: number;
}

export type Transition =
  'ok' | 'breach' | 'failed' | 'error' | 'errored' | 'missing' | 'unavailable' | 'not-due';

/** Folds one measurement into a metric's state. A failed or errored metric stays so. */
export function evaluate(
  state: MetricState,
  c: Criterion,
  m: Measurement,
  limits: Limits,
): { state: MetricState; transition: Transition } {
  const s = { ...state };
  switch (m.kind) {
    case 'not-due':
      return { state: s, transition: 'not-due' };
    case 'missing':
      // Missing data neither resets nor extends a breach streak: it proves nothing.
      s.missing++;
      s.lastMissing = m.reason;
      return { state: s, transition: 'missing' };
    case 'unavailable':
      s.unavailable++;
      s.lastMissing = m.reason;
      return { state: s, transition: 'unavailable' };
    case 'error':
      s.errors++;
      s.consecutiveErrors++;
      s.lastError = { code: m.code, reason: m.reason };
      if (s.status === 'running' && s.consecutiveErrors >= limits.errors) s.status = 'errored';
      return {
        state: s,
        transition: s.status === 'errored' && state.status !== 'errored' ? 'errored' : 'error',
      };
    case 'value': {
      s.measured++;
      s.consecutiveErrors = 0;
      s.lastValue = m.value;
      s.maxValue = s.maxValue === null ? m.value : Math.max(s.maxValue, m.value);
      if (m.value > c.max) {
        s.breaches++;
        s.consecutiveBreaches++;
        if (s.status === 'running' && s.consecutiveBreaches >= limits.breaches) s.status = 'failed';
        return {
          state: s,
          transition: s.status === 'failed' && state.status !== 'failed' ? 'failed' : 'breach',
        };
      }
      s.consecutiveBreaches = 0;
      return { state: s, transition: 'ok' };
    }
  }
}

/** `not-tracked`: the target never provides this signal (cost without Redis); shown, not judged. */
export type MetricVerdict = 'passed' | 'failed' | 'errored' | 'inconclusive' | 'not-tracked';

/**
 * A metric's verdict at the end. No successful measurement at all is inconclusive, never a
 * pass, and so is a watch that ended inside a breach streak: the rule could not conclude.
 */
export function metricVerdict(s: MetricState): MetricVerdict {
  if (s.status !== 'running') return s.status;
  if (s.measured === 0)
    return s.unavailable > 0 && s.missing === 0 && s.errors === 0 ? 'not-tracked' : 'inconclusive';
  return s.consecutiveBreaches > 0 ? 'inconclusive' : 'passed';
}

/** Why a metric is inconclusive, in a few words. */
export function inconclusiveReason(s: MetricState): string {
  if (s.measured > 0 && s.consecutiveBreaches > 0)
    return `the watch ended ${s.consecutiveBreaches} breach(es) into a streak`;
  return s.lastMissing ?? s.lastError?.reason ?? 'never measured';
}
