/**
 * The stress test: one closed-model load run per step of users, stopping when success
 * falls below the floor, a step found the target unreachable, or its key was refused.
 * Emits an event per step and per tick; returns the steps and the recommendation.
 */
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import { usageError } from '../errors';
import { assertDurationCap } from '../target/safety';
import { configSnapshot } from './plan';
import { prepareLoad, runLoad } from './run';
import { runStopOf } from './stop';
import {
  endpointLimits,
  recommend,
  stressStepOf,
  type StressLimits,
  type StressRecommendation,
  type StressStep,
} from './stress';
import type { EngineEvent, WorkloadModel } from './types';

export interface StressPlan {
  users: number[];
  stepMs: number;
  thinkMs: number;
  graceMs: number;
  timeScale: number;
  countKnownBroken: boolean;
  limits: StressLimits;
  /** The capacity target the recommendation is judged against (config.slo.concurrentUsers). */
  targetUsers: number;
}

export type StressEvent =
  | { type: 'step-start'; index: number; total: number; users: number; model: WorkloadModel }
  | { type: 'tick'; users: number; event: EngineEvent }
  | { type: 'step-end'; step: StressStep };

export interface StressRun {
  runId: string;
  startedAt: string;
  endedAt: string;
  plan: StressPlan;
  steps: StressStep[];
  /** Why the run stopped before its last step; `cause` picks the exit code of refusals. */
  stoppedEarly: {
    atUsers: number;
    reason: string;
    cause: 'success-floor' | 'interrupted' | 'unreachable' | 'auth-refused';
  } | null;
  recommendation: StressRecommendation;
  partial: boolean;
  sandbox: boolean;
  /** The first step's settings, for the report (no secrets). */
  snapshot: Record<string, unknown>;
}

/** The plan from the flags and the config; throws usage errors before anything is sent. */
export function stressPlan(
  config: Config,
  f: {
    steps?: readonly string[] | undefined;
    stepDuration: number;
    think: number;
    grace: number;
    p95Limit?: number | undefined;
    timeScale: number;
    countKnownBroken: boolean;
  },
): StressPlan {
  const users = f.steps?.length ? f.steps.map(Number) : config.capacity.stressSteps;
  if (users.some((n) => !Number.isInteger(n) || n < 1))
    throw usageError(
      `--steps ${f.steps?.join(',')} must be whole numbers of users ≥ 1.`,
      'e.g. --steps 1,5,10',
    );
  assertDurationCap(config, users.length * f.stepDuration, `The stress run (${users.length} steps)`);
  const p95 = f.p95Limit ?? config.capacity.stressFailP95Ms;
  return {
    users,
    stepMs: f.stepDuration,
    thinkMs: f.think,
    graceMs: f.grace,
    timeScale: f.timeScale,
    countKnownBroken: f.countKnownBroken,
    targetUsers: config.slo.concurrentUsers,
    limits: {
      stopSuccessPct: config.capacity.stressStopSuccessPct,
      failSuccessPct: config.capacity.stressFailSuccessPct,
      failP95Ms: Math.round(p95 / f.timeScale),
      p95MsByEndpoint: endpointLimits(
        config.journey.steps.map((s) => s.id),
        p95,
        f.p95Limit ? {} : config.slo.perStep,
        f.timeScale,
      ),
      backoffUsers: config.capacity.stressBackoffUsers,
    },
  };
}

/** Runs the steps in order; a Ctrl-C ends it with what was measured (partial). */
export async function runStress(
  config: Config,
  target: Target,
  plan: StressPlan,
  o: { runId: string; signal: AbortSignal; onEvent?: (e: StressEvent) => void },
): Promise<StressRun> {
  const emit = o.onEvent ?? (() => {});
  const startedAt = new Date().toISOString();
  const steps: StressStep[] = [];
  let stoppedEarly: StressRun['stoppedEarly'] = null;
  let sandbox = false;
  let snapshot: Record<string, unknown> = {};
  for (const [i, users] of plan.users.entries()) {
    if (o.signal.aborted) break;
    const run = prepareLoad(
      config,
      target,
      {
        users,
        duration: plan.stepMs,
        think: plan.thinkMs,
        grace: plan.graceMs,
        countKnownBroken: plan.countKnownBroken,
        timeScale: plan.timeScale,
      },
      `${o.runId}s${i}`,
    );
    if (i === 0)
      snapshot = configSnapshot(config, run.opts, [], {
        stressSteps: plan.users,
        stepDurationMs: plan.stepMs,
        limits: plan.limits,
        timeScale: plan.timeScale,
      });
    emit({ type: 'step-start', index: i, total: plan.users.length, users, model: run.opts.model });
    const result = await runLoad(run, {
      signal: o.signal,
      onEvent: (event) => emit({ type: 'tick', users, event }),
    });
    sandbox ||= result.sandbox;
    const step = stressStepOf(users, result, plan.countKnownBroken);
    steps.push(step);
    emit({ type: 'step-end', step });
    const stop = runStopOf(result);
    if (result.partial)
      stoppedEarly = { atUsers: users, reason: 'interrupted (Ctrl-C)', cause: 'interrupted' };
    else if (stop) stoppedEarly = { atUsers: users, reason: stop.detail, cause: stop.cause };
    else if (step.successRatePct < plan.limits.stopSuccessPct && i < plan.users.length - 1)
      stoppedEarly = {
        atUsers: users,
        reason: `success ${step.successRatePct}% fell below ${plan.limits.stopSuccessPct}%`,
        cause: 'success-floor',
      };
    if (stoppedEarly) break;
  }
  return {
    runId: o.runId,
    startedAt,
    endedAt: new Date().toISOString(),
    plan,
    steps,
    stoppedEarly,
    recommendation: recommend(steps, plan.limits, plan.countKnownBroken),
    partial: o.signal.aborted,
    sandbox,
    snapshot,
  };
}
