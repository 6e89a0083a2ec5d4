/**
 * One load run from start to report, shared by load.ts and stress.ts: plan, safety,
 * thresholds, engine, verdicts and the report object. It takes its side effects (output
 * sink, signal, provenance) as parameters and returns data; the shells print and exit.
 */
import type { Config } from '../config/schema';
import type { Target } from '../config/target';
import { LoadEngine } from './engine';
import { engineOptions, configSnapshot, type LoadFlags } from './plan';
import { abortCheck, evaluateThresholds, mergeThresholds, metricCatalog, parseCliThreshold, sloThresholds, sourceFromResult, validateThresholds, type Threshold } from './thresholds';
import { assertDurationCap } from './safety';
import { buildLoadReport, type provenance } from '../report/build';
import type { LoadReport } from '../report/load';
import type { EngineEvent, EngineOptions, LoadResult } from './types';
import { RunbookError } from '../errors';

export interface PreparedRun {
  opts: EngineOptions;
  thresholds: Threshold[];
  /** The target's time scale (1 = real time); SLO latency thresholds are divided by it. */
  timeScale: number;
}

/** Engine options and validated thresholds; throws usage/config errors before anything is sent. */
export function prepareRun(config: Config, target: Target, flags: LoadFlags & { threshold: readonly string[]; abortOnFail: boolean; countKnownBroken: boolean; timeScale?: number }, runId: string): PreparedRun {
  const opts = engineOptions(config, target, flags, runId);
  assertDurationCap(config, opts.durationMs);
  const stepIds = opts.steps.map((s) => s.id);
  const cli = flags.threshold.map((t) => parseCliThreshold(t, stepIds));
  const thresholds = mergeThresholds(sloThresholds(config, opts.steps, flags.countKnownBroken, flags.timeScale), cli, flags.abortOnFail);
  validateThresholds(thresholds, metricCatalog(opts.steps));
  return { opts: { ...opts, abortCheck: abortCheck(thresholds, flags.countKnownBroken) }, thresholds, timeScale: flags.timeScale ?? 1 };
}

/** Runs the engine; a stop on `signal` ends it as partial. */
export async function execute(run: PreparedRun, opts: { signal: AbortSignal; onEvent?: (e: EngineEvent) => void }): Promise<LoadResult> {
  const engine = new LoadEngine(run.opts);
  if (opts.onEvent) engine.on('tick', opts.onEvent);
  const onAbort = () => engine.stop('interrupted', 'interrupted (Ctrl-C)');
  opts.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const p = engine.run();
    if (opts.signal.aborted) onAbort();
    return await p;
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
  }
}

/** The report of a finished run. */
export function reportOf(config: Config, target: Target, run: PreparedRun, result: LoadResult, prov: ReturnType<typeof provenance>, countBroken: boolean, script = 'load'): LoadReport {
  const verdicts = evaluateThresholds(run.thresholds, sourceFromResult(result, countBroken));
  return buildLoadReport(
    {
      runId: run.opts.runId,
      script,
      target: { url: target.baseUrl, environment: target.env, loopback: target.loopback, protected: target.protected },
      config: configSnapshot(config, run.opts, run.thresholds, run.timeScale !== 1 ? { timeScale: run.timeScale } : {}),
    },
    prov,
    result,
    verdicts,
  );
}

/** The error a run ends with when no request ever connected (exit 3). */
export function unreachableError(baseUrl: string): RunbookError {
  return new RunbookError('RB_REFUSED', `No request to ${baseUrl} ever connected: every one was refused or its connection broke.`, {
    hint: 'Is the service running (npm start runs the local sandbox)? Check --url/--env. The report of the run was written all the same.',
  });
}

/** The error a run ends with when the service refused the API key (exit 2). */
export function keyRefused(config: Config, baseUrl: string, detail: string | undefined): RunbookError {
  return new RunbookError('RB_AUTH', `${baseUrl} refused the API key: ${detail ?? 'its requests were answered 401/403'}. The run stopped instead of sending more.`, {
    hint: `Export ${config.journey.apiKeyEnv} with the X-API-Key value this service accepts (it is never printed).`,
  });
}

/** True when every request failed to connect: the target is unreachable, not slow. */
export function unreachable(r: LoadResult): boolean {
  const conn = r.steps.reduce((a, s) => a + s.errors.connection, 0);
  return r.requests > 0 && conn === r.requests;
}
