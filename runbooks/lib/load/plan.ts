/**
 * Turns a script's flags and the config into engine options and a config snapshot
 * without secrets. Pure: the scripts call it, tests call it.
 */
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import { usageError } from '../errors';
import { journeySteps } from './journey';
import { parseStages, stagesDuration } from './stages';
import type { EngineOptions, WorkloadModel } from './types';
import type { Threshold } from './thresholds';

export interface LoadFlags {
  users?: number | undefined;
  rate?: number | undefined;
  maxInFlight?: number | undefined;
  stages?: string | undefined;
  duration: number;
  think: number;
  grace: number;
  only?: readonly string[];
}

/** The workload model the flags ask for; `--rate` selects the open model. */
export function modelFromFlags(f: LoadFlags): { model: WorkloadModel; durationMs: number } {
  if (f.users !== undefined && f.rate !== undefined)
    throw usageError(
      '--users and --rate cannot be combined.',
      '--users N runs the closed model (N users back to back); --rate R the open model (R journeys per second).',
    );
  const stages = f.stages ? parseStages(f.stages) : undefined;
  const durationMs = stages ? stagesDuration(stages) : f.duration;
  if (f.rate !== undefined) {
    if (!(f.rate > 0))
      throw usageError(`--rate ${f.rate} must be above 0.`, 'Give journeys per second, e.g. --rate 2.');
    const maxInFlight = f.maxInFlight ?? Math.max(10, Math.ceil(f.rate * 30));
    if (!(maxInFlight >= 1)) throw usageError('--max-in-flight must be at least 1.');
    return {
      model: {
        type: 'open',
        rate: f.rate,
        maxInFlight: Math.floor(maxInFlight),
        ...(stages ? { stages } : {}),
      },
      durationMs,
    };
  }
  const users = f.users ?? (stages ? 0 : 1);
  if (!Number.isInteger(users) || users < 0 || (!stages && users < 1))
    throw usageError(`--users ${users} must be a whole number of at least 1.`, 'e.g. --users 20');
  if (f.think < 0) throw usageError('--think must not be negative.');
  return { model: { type: 'closed', users, thinkMs: f.think, ...(stages ? { stages } : {}) }, durationMs };
}

/** Engine options for a run of the config's journey against `target`. */
export function engineOptions(config: Config, target: Target, f: LoadFlags, runId: string): EngineOptions {
  const { model, durationMs } = modelFromFlags(f);
  const steps = journeySteps(config, target.apiKey, f.only);
  if (!steps.length)
    throw usageError(
      `--only ${f.only?.join(',')} matches no journey step.`,
      `Steps: ${config.journey.steps.map((s) => s.id).join(', ')}.`,
    );
  return {
    baseUrl: target.baseUrl,
    steps,
    model,
    durationMs,
    maxRequests: config.capacity.maxRequests,
    graceMs: f.grace,
    userIdPrefix: config.journey.userIdPrefix,
    runId,
    archetypes: config.journey.archetypes,
  };
}

/** The run's settings for the report: no header values, only whether a key was set. */
export function configSnapshot(
  config: Config,
  opts: EngineOptions,
  thresholds: readonly Threshold[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    model: opts.model,
    durationMs: opts.durationMs,
    graceMs: opts.graceMs,
    maxRequests: opts.maxRequests,
    maxDurationS: config.capacity.maxDurationS,
    apiKey: opts.steps.some((s) => Object.keys(s.headers).length > 0) ? 'set (not recorded)' : 'not set',
    journey: {
      userIdPrefix: config.journey.userIdPrefix,
      archetypes: config.journey.archetypes,
      steps: opts.steps.map((s) => ({
        id: s.id,
        method: s.method,
        path: s.path,
        body: s.body ?? null,
        auth: Object.keys(s.headers).length > 0,
        timeoutMs: s.timeoutMs,
        expect: s.expect,
        knownBroken: s.knownBroken,
      })),
    },
    slo: config.slo,
    thresholds: thresholds.map((t) => ({
      metric: t.metric,
      expression: t.expression,
      source: t.source,
      excluded: t.excluded,
      abortOnFail: t.abortOnFail,
    })),
    ...extra,
  };
}

/** --grace, or the config's graceful stop (a real journey takes about a minute). */
export function graceMsOf(config: Config, flag: number | undefined): number {
  return flag ?? config.capacity.gracefulStopS * 1000;
}

/** A short random run id: user ids stay unique across runs against the same process. */
export function newRunId(now = Date.now(), rand = Math.random): string {
  return `${now.toString(36)}${Math.floor(rand() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
}
