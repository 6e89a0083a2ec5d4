/** The cost report: the projection, the validation run if one was made, verdicts and provenance. */
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import type { LoadResult } from '../load/types';
import { runStopOf } from '../load/stop';
import { baseReport, reportTarget, type provenance } from '../report/build';
import type { CostReport, CostValidation } from '../report/cost';
import { costFailures, costSection, costVerdicts } from './analyze';

export interface CostOptions {
  users: number;
  journeysPerUserPerDay: number;
  countKnownBroken: boolean;
  /** The validation run's settings (null: projection only). */
  validate: { users: number; durationMs: number; graceMs: number } | null;
}

/** The options, with the config's projection defaults for what the flags left out. */
export function costOptions(
  config: Config,
  f: {
    users?: number | undefined;
    journeysPerDay?: number | undefined;
    countKnownBroken: boolean;
    validate: boolean;
    loadUsers: number;
    duration: number;
    grace: number;
  },
): CostOptions {
  return {
    users: f.users ?? config.costModel.projectedUsers,
    journeysPerUserPerDay: f.journeysPerDay ?? config.costModel.journeysPerUserPerDay,
    countKnownBroken: f.countKnownBroken,
    validate: f.validate ? { users: f.loadUsers, durationMs: f.duration, graceMs: f.grace } : null,
  };
}

/** Builds the report of a cost analysis (`run`: the validation, when one was made). */
export function costReport(
  config: Config,
  target: Target,
  o: CostOptions,
  run: { runId: string; startedAt: string; validation: CostValidation; result: LoadResult } | null,
  prov: ReturnType<typeof provenance>,
): CostReport {
  const section = costSection(
    config,
    o,
    run?.validation ?? null,
    run ? [] : ['Projection only (--no-validate): no load run was made to check it.'],
  );
  const verdicts = costVerdicts(section);
  const { failures, inconclusive } = costFailures(section, verdicts);
  const startedAt = run?.startedAt ?? new Date().toISOString();
  const snapshot = {
    costModel: config.costModel,
    slo: { costPerUserPerDayUsd: config.slo.costPerUserPerDayUsd },
    alerts: { dailyCostUsd: config.alerts.dailyCostUsd },
    users: o.users,
    journeysPerUserPerDay: o.journeysPerUserPerDay,
    validate: o.validate !== null,
    loadUsers: o.validate?.users ?? null,
    durationMs: o.validate?.durationMs ?? null,
    graceMs: o.validate?.graceMs ?? null,
    countKnownBroken: o.countKnownBroken,
    apiKey: target.apiKey ? 'set (not recorded)' : 'not set',
  };
  const ctx = {
    runId: run?.runId ?? `p${Date.now().toString(36)}`,
    script: 'cost',
    target: reportTarget(target),
    config: snapshot,
  };
  const flags = {
    partial: run?.result.partial ?? false,
    invalid: inconclusive.length > 0 && failures.length === 0,
    invalidReasons: inconclusive,
    sandbox: run?.result.sandbox ?? false,
    stopped: run ? runStopOf(run.result) : undefined,
  };
  return {
    ...baseReport(ctx, prov, { startedAt, endedAt: new Date().toISOString() }, flags, verdicts, failures),
    kind: 'cost',
    cost: section,
  };
}
