/**
 * The cost analysis as data: projection, optional validation, notes and verdicts. Pure;
 * the shell feeds it the validation run's figures.
 */
import type { Config } from '../config/schema';
import type { ThresholdVerdictJson } from '../report/common';
import type { CostSection, CostValidation } from '../report/cost';
import { costLines, costPerJourney, project, scenarios } from './model';

export interface ProjectionOptions {
  users: number;
  journeysPerUserPerDay: number;
  countKnownBroken: boolean;
}

/** The cost section of a report. */
export function costSection(
  config: Config,
  o: ProjectionOptions,
  validation: CostValidation | null,
  extraNotes: string[] = [],
): CostSection {
  const lines = costLines(config, { countKnownBroken: o.countKnownBroken });
  const perJourney = costPerJourney(lines);
  const projection = project(perJourney, o.users, o.journeysPerUserPerDay, {
    targetPerUserPerDayUsd: config.slo.costPerUserPerDayUsd,
    dailyAlertUsd: config.alerts.dailyCostUsd,
  });
  const notes = [
    "Per-call prices are the service's own flat estimates (config.costModel.perCall, the same table GET /api/admin/rate-limits reports as endpoint_costs); the service keeps no token price table.",
    'The real service tracks cost only when Redis is configured (REDIS_URL): without it cost_tracking.total_cost_today stays 0 and a validation is inconclusive, not a pass.',
    ...lines
      .filter((l) => l.costKey && !l.counted)
      .map(
        (l) =>
          `${l.step} is marked knownBroken (it fails before any model call in this release), so it is not counted; --count-known-broken counts it.`,
      ),
    ...extraNotes,
  ];
  if (validation?.source === 'sandbox-accounting')
    notes.push(
      'Validated against the sandbox, which prices calls with the same table: the check proves the counting (calls sent vs calls billed), not the prices.',
    );
  return {
    perCall: { ...config.costModel.perCall },
    lines,
    costPerJourneyUsd: perJourney,
    projection,
    scenarios: scenarios(projection.perUserPerDayUsd, o.users),
    validation,
    notes,
  };
}

const v = (
  name: string,
  metric: string,
  expression: string,
  observed: number | null,
  status: ThresholdVerdictJson['status'],
): ThresholdVerdictJson => ({
  name: `${metric}: ${expression}`,
  metric,
  expression,
  abortOnFail: false,
  source: 'slo',
  excluded: false,
  observed,
  status,
});

/** The verdict table: per-user-per-day target, daily alert, validation error. */
export function costVerdicts(s: CostSection): ThresholdVerdictJson[] {
  const p = s.projection;
  const out = [
    v(
      '',
      'cost.per_user_per_day_usd',
      `value<=${p.targetPerUserPerDayUsd}`,
      p.perUserPerDayUsd,
      p.perUserPerDayUsd <= p.targetPerUserPerDayUsd ? 'pass' : 'fail',
    ),
    v(
      '',
      'cost.daily_usd',
      `value<${p.dailyAlertUsd}`,
      p.dailyUsd,
      p.dailyUsd < p.dailyAlertUsd ? 'pass' : 'fail',
    ),
  ];
  if (s.validation) {
    const val = s.validation;
    out.push(
      v(
        '',
        'cost.validation_error_pct',
        `abs<=${val.tolerancePct}`,
        val.errorPct,
        val.status === 'inconclusive' ? 'no-data' : val.status,
      ),
    );
  }
  return out;
}

/** Failure lines for the verdict, and whether the result is inconclusive (not a pass). */
export function costFailures(
  s: CostSection,
  verdicts: readonly ThresholdVerdictJson[],
): { failures: string[]; inconclusive: string[] } {
  const failures = verdicts
    .filter((x) => x.status === 'fail')
    .map((x) => `threshold breached: ${x.name} (observed ${x.observed})`);
  const inconclusive =
    s.validation?.status === 'inconclusive' ? [`cost validation inconclusive: ${s.validation.reason}`] : [];
  return { failures, inconclusive };
}
