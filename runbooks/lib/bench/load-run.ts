/** One bounded closed-model load run for the benchmark and the cost validation, stoppable by a signal. */
import type { Config } from '../config/schema';
import type { Target } from '../config/target';
import { LoadEngine } from '../load/engine';
import { engineOptions } from '../load/plan';
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
export async function boundedLoad(config: Config, target: Target, r: BoundedRun): Promise<LoadResult> {
  const opts = engineOptions(config, target, { users: r.users, duration: r.durationMs, think: 0, grace: r.graceMs, ...(r.only ? { only: r.only } : {}) }, r.runId);
  const engine = new LoadEngine({ ...opts, maxRequests: config.capacity.maxRequests });
  if (r.onTick) engine.on('tick', r.onTick);
  const onAbort = () => engine.stop('interrupted', 'interrupted (Ctrl-C)');
  r.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const p = engine.run();
    if (r.signal.aborted) onAbort();
    return await p;
  } finally {
    r.signal.removeEventListener('abort', onAbort);
  }
}
