/**
 * The promises published test reports answer: capacity (load, stress, benchmark), p95
 * latency (load), cost per user and cost accuracy (cost), baselines (benchmark). Each is a
 * list of candidates for judgeRow: one per report, newest first, each saying whether it
 * decides the promise and how.
 */
import { formatMs, formatPct, formatUsd } from '../units';
import type { Report } from '../report/schema';
import type { PromiseRow } from '../report/scorecard';
import { judgeRow, reportFacts, type Candidate } from './evidence';
import type { PublishedReport, ScorecardInputs } from './types';

type Of<K extends Report['kind']> = PublishedReport & { report: Extract<Report, { kind: K }> };
const ofKind = <K extends Report['kind']>(inputs: ScorecardInputs, kind: K): Of<K>[] =>
  inputs.reports.filter((p): p is Of<K> => p.report.kind === kind);
const ctxOf = (i: ScorecardInputs) => ({
  environment: i.environment,
  asOf: i.asOf,
  maxAgeDays: i.config.scorecard.evidenceMaxAgeDays,
});
const users = (n: number) => ({ value: n, unit: 'users', text: `${n} users` });

/** Capacity: a passing closed-model load run of at least `min` users, or a stress or benchmark capacity at or above it. */
export function capacityRow(
  inputs: ScorecardInputs,
  spec: { id: PromiseRow['id']; promise: string; min: number; source: string },
): PromiseRow {
  const { min } = spec;
  const candidates: Candidate[] = [
    ...ofKind(inputs, 'load').map((p): Candidate => {
      const m = p.report.load.model;
      const n = m.type === 'closed' ? m.users : null;
      return {
        facts: reportFacts(p, `load test${n ? `, ${n} users` : ', open model'}`),
        judge: () => {
          if (n === null) return { decides: false, why: 'an open-model run (a rate, not users)' };
          if (n < min) return { decides: false, why: `ran ${n} users, fewer than ${min}` };
          const pass = p.report.verdict.status === 'pass';
          return {
            decides: true,
            verdict: pass ? 'kept' : 'missed',
            measured: users(n),
            reason: pass
              ? `A load test of ${n} users met every SLO.`
              : `A load test of ${n} users failed: ${p.report.verdict.failures[0] ?? 'a threshold was breached'}.`,
          };
        },
      };
    }),
    ...ofKind(inputs, 'stress').map((p): Candidate => ({
      facts: reportFacts(p, `stress test, recommended ${p.report.stress.recommendation.maxUsers} users`),
      judge: () => {
        const s = p.report.stress;
        const max = s.recommendation.maxUsers;
        const reached = Math.max(0, ...s.steps.map((x) => x.users));
        if (max < min && s.recommendation.byRule.firstFailingUsers === null && reached < min)
          return { decides: false, why: `its steps stopped at ${reached} users, below ${min}` };
        return {
          decides: true,
          verdict: max >= min ? 'kept' : 'missed',
          measured: users(max),
          reason: `The stress test recommends at most ${max} users (${s.recommendation.byRule.reason}).`,
        };
      },
    })),
    ...ofKind(inputs, 'benchmark')
      .filter((p) => p.report.benchmark.capacity)
      .map((p): Candidate => ({
        facts: reportFacts(p, `benchmark, ${p.report.benchmark.capacity!.maxUsersAtSlo} users at SLO`),
        judge: () => {
          const c = p.report.benchmark.capacity!;
          const reached = Math.max(0, ...c.steps.map((x) => x.users));
          if (c.maxUsersAtSlo < min && c.firstFailingUsers === null)
            return { decides: false, why: `its capacity steps stopped at ${reached} users, below ${min}` };
          return {
            decides: true,
            verdict: c.maxUsersAtSlo >= min ? 'kept' : 'missed',
            measured: users(c.maxUsersAtSlo),
            reason: `The benchmark held the SLOs up to ${c.maxUsersAtSlo} users${c.firstFailingUsers ? ` and failed at ${c.firstFailingUsers}` : ''}.`,
          };
        },
      })),
  ];
  return judgeRow(
    {
      id: spec.id,
      promise: spec.promise,
      target: { value: min, unit: 'users', text: `at least ${min} concurrent users`, source: spec.source },
      none: 'Not measured: no published load, stress or benchmark report.',
    },
    candidates,
    ctxOf(inputs),
  );
}

/** p95: every latency SLO of the newest load run held (limits as the run judged them, per step and time scale). */
export function p95Row(inputs: ScorecardInputs): PromiseRow {
  const target = inputs.config.slo.p95Ms;
  const candidates = ofKind(inputs, 'load').map((p): Candidate => ({
    facts: reportFacts(p, 'load test'),
    judge: () => {
      const t = p.report.verdict.thresholds.filter(
        (x) => x.source === 'slo' && !x.excluded && /\.latency$/.test(x.metric) && x.observed !== null,
      );
      if (!t.length) return { decides: false, why: 'it judged no p95 latency SLO' };
      const limit = (x: (typeof t)[number]) => Number(/<\s*([\d.]+)/.exec(x.expression)?.[1] ?? NaN);
      const worst = [...t].sort((a, b) => b.observed! / limit(b) - a.observed! / limit(a))[0]!;
      const failed = t.filter((x) => x.status === 'fail');
      const step = worst.metric.replace(/^step\.|\.latency$/g, '');
      return {
        decides: true,
        verdict: failed.length ? 'missed' : 'kept',
        measured: {
          value: worst.observed,
          unit: 'ms',
          text: `${step} p95 ${formatMs(worst.observed)} against ${formatMs(limit(worst))}`,
        },
        reason: failed.length
          ? `p95 above its limit at ${failed.map((x) => x.metric.replace(/^step\.|\.latency$/g, '')).join(', ')}.`
          : `Every step's p95 held its SLO (${t.length} steps; the generate steps have their own limits in slo.perStep).`,
      };
    },
  }));
  return judgeRow(
    {
      id: 'p95-latency',
      promise: `p95 response time under ${formatMs(target)}`,
      target: { value: target, unit: 'ms', text: `p95 under ${formatMs(target)}`, source: 'slo.p95Ms' },
      none: 'Not measured: no published load report.',
    },
    candidates,
    ctxOf(inputs),
  );
}

/** Cost per user per day: the accounted cost of the newest validation run, per journey × journeys per user per day. */
export function costPerUserRow(inputs: ScorecardInputs): PromiseRow {
  const target = inputs.config.slo.costPerUserPerDayUsd;
  const perDay = inputs.config.costModel.journeysPerUserPerDay;
  const candidates = ofKind(inputs, 'cost').map((p): Candidate => ({
    facts: reportFacts(p, 'cost analysis'),
    judge: () => {
      const v = p.report.cost.validation;
      if (!v || v.accountedUsd === null || v.run.journeysCompleted === 0)
        return {
          decides: false,
          why: 'it has no accounted cost (a projection from the config is not a measurement)',
        };
      const measured = (v.accountedUsd / v.run.journeysCompleted) * perDay;
      return {
        decides: true,
        verdict: measured <= target ? 'kept' : 'missed',
        measured: { value: measured, unit: 'USD', text: `${formatUsd(measured)} per user per day` },
        reason: `The target accounted ${formatUsd(v.accountedUsd)} for ${v.run.journeysCompleted} journeys; at ${perDay} journey(s) per user per day that is ${formatUsd(measured)}.`,
      };
    },
  }));
  return judgeRow(
    {
      id: 'cost-per-user',
      promise: `${formatUsd(target)} per user per day`,
      target: {
        value: target,
        unit: 'USD',
        text: `at most ${formatUsd(target)} per user per day`,
        source: 'slo.costPerUserPerDayUsd',
      },
      none: 'Not measured: no published cost report.',
    },
    candidates,
    ctxOf(inputs),
  );
}

/** Cost accuracy: the newest validation's projection error within the tolerance. */
export function costAccuracyRow(inputs: ScorecardInputs): PromiseRow {
  const tolerance = inputs.config.costModel.validationTolerancePct;
  const candidates = ofKind(inputs, 'cost').map((p): Candidate => ({
    facts: reportFacts(p, 'cost analysis'),
    judge: () => {
      const v = p.report.cost.validation;
      if (!v || v.errorPct === null)
        return {
          decides: false,
          why: v ? `its validation was inconclusive (${v.reason})` : 'no validation run',
        };
      const ok = Math.abs(v.errorPct) <= tolerance;
      return {
        decides: true,
        verdict: ok ? 'kept' : 'missed',
        measured: { value: v.errorPct, unit: '%', text: `projection off by ${formatPct(v.errorPct)}` },
        reason: `Projected ${formatUsd(v.projectedUsd)} against ${formatUsd(v.accountedUsd)} accounted by the target (${v.source}).`,
      };
    },
  }));
  return judgeRow(
    {
      id: 'cost-accuracy',
      promise: `Cost projections accurate within ${formatPct(tolerance)}`,
      target: {
        value: tolerance,
        unit: '%',
        text: `within ±${formatPct(tolerance)}`,
        source: 'costModel.validationTolerancePct',
      },
      none: 'Not measured: no published cost report.',
    },
    candidates,
    ctxOf(inputs),
  );
}

/** Baselines: the newest benchmark recorded a latency baseline (and says what else it recorded). */
export function baselinesRow(inputs: ScorecardInputs): PromiseRow {
  const candidates = ofKind(inputs, 'benchmark').map((p): Candidate => ({
    facts: reportFacts(p, 'benchmark'),
    judge: () => {
      const b = p.report.benchmark;
      const parts = [
        b.latency ? 'latency' : null,
        b.memory?.summary.peakMb != null ? 'memory' : null,
        b.coldStart?.firstHealthyMs != null ? 'cold start' : null,
        b.capacity ? 'capacity' : null,
      ].filter((x): x is string => x !== null);
      if (!b.latency)
        return { decides: false, why: 'it recorded no latency baseline (the section was skipped)' };
      const counted = b.latency.steps.filter((s) => !s.knownBroken && s.latency.count > 0);
      const worst = counted.length ? Math.max(...counted.map((s) => s.latency.p95)) : null;
      return {
        decides: true,
        verdict: 'kept',
        measured: { value: parts.length, unit: 'baselines', text: `${parts.join(', ')} recorded` },
        reason: `The benchmark recorded baselines for ${parts.join(', ')} (worst step p95 ${formatMs(worst)}).`,
      };
    },
  }));
  const maxAge = inputs.config.scorecard.evidenceMaxAgeDays;
  return judgeRow(
    {
      id: 'baselines',
      promise: 'Performance benchmarks establish baselines',
      target: {
        value: maxAge,
        unit: 'days',
        text: `a benchmark with baselines within ${maxAge} days`,
        source: 'scorecard.evidenceMaxAgeDays',
      },
      none: 'Not measured: no published benchmark report.',
    },
    candidates,
    ctxOf(inputs),
  );
}
