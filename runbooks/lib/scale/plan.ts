/**
 * What an export or an import takes from the flags and the config: the journey, the
 * workload model and the thresholds, derived by the very functions a local run uses
 * (lib/load: modelFromFlags, journeySteps, sloThresholds, mergeThresholds), so a run on
 * Artillery or k6 is planned and judged by the same numbers as a run of load.ts.
 */
import type { Config, JourneyStep } from '../config/schema';
import { usageError } from '../errors';
import { journeySteps } from '../load/journey';
import { modelFromFlags, type LoadFlags } from '../load/plan';
import { assertDurationCap } from '../target/safety';
import {
  mergeThresholds,
  metricCatalog,
  parseCliThreshold,
  sloThresholds,
  validateThresholds,
  type Threshold,
} from '../load/thresholds';
import type { EngineStep, WorkloadModel } from '../load/types';

export interface ScaleFlags extends LoadFlags {
  threshold: readonly string[];
  abortOnFail: boolean;
  countKnownBroken: boolean;
  timeScale: number;
}

/** A journey step as another engine needs it: no key value, only whether it is sent. */
export type ScaleStep = Omit<EngineStep, 'expect'> & { expect: JourneyStep['expect']; auth: boolean };

export interface ScalePlan {
  steps: ScaleStep[];
  model: WorkloadModel;
  durationMs: number;
  graceMs: number;
  thresholds: Threshold[];
  countKnownBroken: boolean;
  timeScale: number;
  abortOnFail: boolean;
  /** The journey's identity and auth, from config.journey. */
  userIdPrefix: string;
  archetypes: readonly string[];
  apiKeyHeader: string;
  apiKeyEnv: string;
}

/** The plan of a run of the config's journey under these flags; throws usage/config errors like load.ts. */
export function scalePlan(config: Config, f: ScaleFlags): ScalePlan {
  if (!(f.timeScale > 0) || !Number.isFinite(f.timeScale))
    throw usageError(
      `--time-scale ${f.timeScale} must be a positive number.`,
      'Use the --time-scale the sandbox was started with, or 1 for a real service.',
    );
  const { model, durationMs } = modelFromFlags(f);
  assertDurationCap(config, durationMs);
  // No key: the exported file reads it from the environment when it runs.
  const auth = new Map(config.journey.steps.map((s) => [s.id, s.auth]));
  const steps: ScaleStep[] = journeySteps(config, undefined, f.only).map((s) => ({
    ...s,
    expect: s.expect as JourneyStep['expect'],
    auth: auth.get(s.id) ?? false,
  }));
  if (!steps.length)
    throw usageError(
      `--only ${f.only?.join(',')} matches no journey step.`,
      `Steps: ${config.journey.steps.map((s) => s.id).join(', ')}.`,
    );
  const ids = steps.map((s) => s.id);
  const cli = f.threshold.map((t) => parseCliThreshold(t, ids));
  const thresholds = mergeThresholds(
    sloThresholds(config, steps, f.countKnownBroken, f.timeScale),
    cli,
    f.abortOnFail,
  );
  validateThresholds(thresholds, metricCatalog(steps));
  const j = config.journey;
  return {
    steps,
    model,
    durationMs,
    graceMs: f.grace,
    thresholds,
    countKnownBroken: f.countKnownBroken,
    timeScale: f.timeScale,
    abortOnFail: f.abortOnFail,
    userIdPrefix: j.userIdPrefix,
    archetypes: j.archetypes,
    apiKeyHeader: j.apiKeyHeader,
    apiKeyEnv: j.apiKeyEnv,
  };
}

/** Steps judged by the verdict: all of them, less the known-broken ones unless they are counted. */
export function judgedSteps(plan: Pick<ScalePlan, 'steps' | 'countKnownBroken'>): ScaleStep[] {
  return plan.steps.filter((s) => plan.countKnownBroken || !s.knownBroken);
}

/** 20000 → 20 (seconds), 1500 → "1500ms": Artillery reads whole seconds or a duration string. */
export function artilleryDuration(ms: number): number | string {
  return ms % 1000 === 0 ? ms / 1000 : `${Math.round(ms)}ms`;
}
