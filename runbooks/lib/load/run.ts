/**
 * One load run: plan (engine options, validated thresholds), then the engine under the
 * run's signal. load, stress, benchmark and cost all run load through here; what to do
 * with the result (report, verdict, exit code) is the run pipeline's (runbooks/lib/run).
 */
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import { assertDurationCap } from '../target/safety';
import { LoadEngine } from './engine';
import { engineOptions, type LoadFlags } from './plan';
import {
  abortCheck,
  mergeThresholds,
  metricCatalog,
  parseCliThreshold,
  sloThresholds,
  validateThresholds,
  type Threshold,
} from './thresholds';
import type { EngineEvent, EngineOptions, LoadResult } from './types';

export interface PreparedLoad {
  opts: EngineOptions;
  thresholds: Threshold[];
  /** The target's time scale (1 = real time); SLO latency thresholds are divided by it. */
  timeScale: number;
  countKnownBroken: boolean;
}

export interface LoadPlanFlags extends LoadFlags {
  threshold?: readonly string[];
  abortOnFail?: boolean;
  countKnownBroken?: boolean;
  timeScale?: number;
}

/** Engine options and validated thresholds; throws usage/config errors before anything is sent. */
export function prepareLoad(
  config: Config,
  target: Target,
  flags: LoadPlanFlags,
  runId: string,
): PreparedLoad {
  const opts = engineOptions(config, target, flags, runId);
  assertDurationCap(config, opts.durationMs);
  const stepIds = opts.steps.map((s) => s.id);
  const countKnownBroken = flags.countKnownBroken ?? false;
  const cli = (flags.threshold ?? []).map((t) => parseCliThreshold(t, stepIds));
  const thresholds = mergeThresholds(
    sloThresholds(config, opts.steps, countKnownBroken, flags.timeScale),
    cli,
    flags.abortOnFail ?? false,
  );
  validateThresholds(thresholds, metricCatalog(opts.steps));
  return {
    opts: { ...opts, abortCheck: abortCheck(thresholds, countKnownBroken) },
    thresholds,
    timeScale: flags.timeScale ?? 1,
    countKnownBroken,
  };
}

/** Runs the prepared load to its end; an abort of `signal` (Ctrl-C) ends it as partial. Never rejects for target trouble. */
export async function runLoad(
  run: PreparedLoad,
  opts: { signal: AbortSignal; onEvent?: (e: EngineEvent) => void },
): Promise<LoadResult> {
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
