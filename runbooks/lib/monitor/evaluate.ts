/**
 * Threshold evaluation with Argo Rollouts' analysis semantics: a metric FAILS after N
 * consecutive breaching measurements; measurement ERRORS are counted separately against
 * their own limit; MISSING data is inconclusive and never counts as a pass. Pure.
 */
import type { Config } from '../config/schema';
import type { ErrorCode } from '../errors';

export type MetricId = 'memory' | 'errorRate' | 'responseTime' | 'dailyCost' | 'health';
export const METRIC_IDS: readonly MetricId[] = ['memory', 'errorRate', 'responseTime', 'dailyCost', 'health'];

/** One metric's reading in one sample. */
export type Measurement =
  | { kind: 'value'; value: number; text?: string }
  | { kind: 'error'; code: ErrorCode; reason: string }
  | { kind: 'missing'; reason: string }
  /** Not measured this sample by design (health is polled less often than the rest). */
  | { kind: 'not-due' };

export interface Criterion {
  id: MetricId;
  label: string;
  unit: string;
  /** A value strictly above this breaches. */
  max: number;
  /** Where the number comes from (config path), for reports and pages. */
  source: string;
}

/** The alert thresholds of the config as criteria. */
export function criteriaFrom(config: Config): Criterion[] {
  const a = config.alerts;
  return [
    { id: 'memory', label: 'memory', unit: 'MB', max: a.memoryMb, source: 'alerts.memoryMb' },
    { id: 'errorRate', label: 'error rate', unit: '%', max: a.errorRatePct, source: 'alerts.errorRatePct' },
    { id: 'responseTime', label: 'response time', unit: 'ms', max: a.responseTimeMs, source: 'alerts.responseTimeMs' },
    { id: 'dailyCost', label: 'daily cost', unit: 'USD', max: a.dailyCostUsd, source: 'alerts.dailyCostUsd' },
    // 0 healthy, 1 degraded, 2 critical: only critical breaches (degraded is a warning).
    { id: 'health', label: 'health', unit: '', max: 1, source: 'health body (critical)' },
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
  lastValue: number | null;
  maxValue: number | null;
  lastError: { code: ErrorCode; reason: string } | null;
  lastMissing: string | null;
}

export const initialState = (id: MetricId): MetricState => ({
  id, status: 'running', consecutiveBreaches: 0, consecutiveErrors: 0, breaches: 0, errors: 0, measured: 0, missing: 0,
  lastValue: null, maxValue: null, lastError: null, lastMissing: null,
});

export interface Limits {
  /** Consecutive breaches that fail the metric (alerts.consecutiveBreaches). */
  breaches: number;
  /** Consecutive measurement errors that error the metric (alerts.consecutiveErrors). */
  errors: number;
}

export type Transition = 'ok' | 'breach' | 'failed' | 'error' | 'errored' | 'missing' | 'not-due';

/** Folds one measurement into a metric's state. A failed or errored metric stays so. */
export function evaluate(state: MetricState, c: Criterion, m: Measurement, limits: Limits): { state: MetricState; transition: Transition } {
  const s = { ...state };
  switch (m.kind) {
    case 'not-due':
      return { state: s, transition: 'not-due' };
    case 'missing':
      // Missing data neither resets nor extends a breach streak: it proves nothing.
      s.missing++;
      s.lastMissing = m.reason;
      return { state: s, transition: 'missing' };
    case 'error':
      s.errors++;
      s.consecutiveErrors++;
      s.lastError = { code: m.code, reason: m.reason };
      if (s.status === 'running' && s.consecutiveErrors >= limits.errors) s.status = 'errored';
      return { state: s, transition: s.status === 'errored' && state.status !== 'errored' ? 'errored' : 'error' };
    case 'value': {
      s.measured++;
      s.consecutiveErrors = 0;
      s.lastValue = m.value;
      s.maxValue = s.maxValue === null ? m.value : Math.max(s.maxValue, m.value);
      if (m.value > c.max) {
        s.breaches++;
        s.consecutiveBreaches++;
        if (s.status === 'running' && s.consecutiveBreaches >= limits.breaches) s.status = 'failed';
        return { state: s, transition: s.status === 'failed' && state.status !== 'failed' ? 'failed' : 'breach' };
      }
      s.consecutiveBreaches = 0;
      return { state: s, transition: 'ok' };
    }
  }
}

export type MetricVerdict = 'passed' | 'failed' | 'errored' | 'inconclusive';

/** A metric's verdict at the end: no successful measurement at all is inconclusive, never a pass. */
export function metricVerdict(s: MetricState): MetricVerdict {
  if (s.status !== 'running') return s.status;
  return s.measured > 0 ? 'passed' : 'inconclusive';
}
