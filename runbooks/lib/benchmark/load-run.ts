/** One bounded closed-model load run for the benchmark and the cost validation (no thresholds of its own). */
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import { prepareLoad, runLoad } from '../load/run';
import type { EngineEvent, LoadResult } from '../load/types';

export interface BoundedRun {
  users: number;
  durationMs: number;
  graceMs: number;
  runId: string;
  only?: readonly string[];
  signal: AbortSignal;
  onTick?: (e: EngineEvent) => void;
}

/** Runs `users` users back to back for `durationMs`; Ctrl-C ends it as partial. */
export function boundedLoad(config: Config, target: Target, r: BoundedRun): Promise<LoadResult> {
  const run = prepareLoad(
    config,
    target,
    {
      users: r.users,
      duration: r.durationMs,
      think: 0,
      grace: r.graceMs,
      ...(r.only ? { only: r.only } : {}),
    },
    r.runId,
  );
  return runLoad(run, { signal: r.signal, ...(r.onTick ? { onEvent: r.onTick } : {}) });
}
