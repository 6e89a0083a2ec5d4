/** The load and stress reports of finished runs: verdicts by the run's thresholds, the config snapshot, provenance. */
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import type { PreparedLoad } from '../load/run';
import type { StressRun } from '../load/stress-run';
import { configSnapshot } from '../load/plan';
import { evaluateThresholds, sourceFromResult, type ThresholdVerdict } from '../load/thresholds';
import { stressFailures } from '../load/stress';
import type { LoadResult } from '../load/types';
import { baseReport, buildLoadReport, reportTarget, type provenance } from './build';
import type { LoadReport } from './load';
import type { StressReport } from './stress';
import type { SandboxConditions } from '../sandbox-client/conditions';

/** The report of a finished load run; `conditions`: the sandbox's, when the target is one. */
export function loadReport(
  config: Config,
  target: Target,
  run: PreparedLoad,
  result: LoadResult,
  prov: ReturnType<typeof provenance>,
  script = 'load',
  conditions?: SandboxConditions,
): LoadReport {
  const verdicts = evaluateThresholds(run.thresholds, sourceFromResult(result, run.countKnownBroken));
  const config_ = configSnapshot(config, run.opts, run.thresholds, {
    ...(run.timeScale !== 1 ? { timeScale: run.timeScale } : {}),
    ...conditions,
  });
  return buildLoadReport(
    { runId: run.opts.runId, script, target: reportTarget(target), config: config_ },
    prov,
    result,
    verdicts,
  );
}

/** The report of a finished stress run; `conditions`: the sandbox's, when the target is one. */
export function stressReport(
  target: Target,
  run: StressRun,
  prov: ReturnType<typeof provenance>,
  conditions?: SandboxConditions,
): StressReport {
  const invalidReasons = run.steps
    .filter((s) => s.invalid)
    .map((s) => `the generator was the bottleneck during the ${s.users}-user step`);
  const ctx = {
    runId: run.runId,
    script: 'stress',
    target: reportTarget(target),
    config: { ...run.snapshot, ...conditions },
  };
  const cause = run.stoppedEarly?.cause;
  const flags = {
    partial: run.partial,
    invalid: invalidReasons.length > 0,
    invalidReasons,
    sandbox: run.sandbox,
    stopped:
      (cause === 'unreachable' || cause === 'auth-refused') && run.stoppedEarly
        ? { cause, detail: run.stoppedEarly.reason }
        : undefined,
  };
  const rec = run.recommendation;
  const targetUsers = run.plan.targetUsers;
  const threshold: ThresholdVerdict = {
    metric: 'stress.recommended_max_users',
    expression: `value>=${targetUsers}`,
    name: `stress.recommended_max_users: value>=${targetUsers}`,
    abortOnFail: false,
    source: 'slo',
    excluded: false,
    observed: run.steps.length ? rec.maxUsers : null,
    status: !run.steps.length ? 'no-data' : rec.maxUsers >= targetUsers ? 'pass' : 'fail',
  };
  const failures = stressFailures(run.steps, rec, run.plan.limits, targetUsers, run.plan.countKnownBroken);
  const section = {
    stepDurationMs: run.plan.stepMs,
    plannedSteps: run.plan.users,
    targetUsers,
    steps: run.steps,
    stoppedEarly: run.stoppedEarly,
    recommendation: run.recommendation,
    limits: run.plan.limits,
  };
  return { ...baseReport(ctx, prov, run, flags, [threshold], failures), kind: 'stress', stress: section };
}
