/**
 * Synthetic checks: the monitor runs the smoke test's body-reading journey (routine, then
 * nutrition, a fresh user each time) on its own interval, beside the sampling. The
 * service's counters call a 200 carrying a fallback plan a success; this journey reads the
 * body and calls it a failure, so the monitor's synthetic error rate sees what users get.
 * One journey at a time and never more often than the config's minimum interval, so the
 * check itself does not load the service.
 */
import type { Config } from '../config/schema';
import { runSmoke, smokeKeyRefused } from '../probes/smoke';
import type { RunbookError } from '../errors';
import type { ProbeDeps } from '../probes/common';
import { abortableSleep } from '../http';
import type { Measurement } from './evaluate';
import { formatPct } from '../units';

export const SYNTHETIC_STEPS = ['routine', 'nutrition'] as const;

/** One synthetic journey's outcome. */
export interface SyntheticResult {
  at: number;
  calls: number;
  failed: number;
  /** `step: why`, one per failed call. */
  reasons: string[];
}

export interface Synthetic {
  /** The journeys that finished since the last call, as this sample's measurement. */
  measurement(): Measurement;
  /** Stops scheduling, cuts a journey in flight, and waits for it. */
  stop(): Promise<void>;
  /** Set once the service refused the key: the journeys stop, and so does the watch (exit 2). */
  keyRefused(): RunbookError | undefined;
}

export interface SyntheticOptions {
  intervalMs: number;
  apiKey: string;
  /** The watch's length: at most one journey per interval of it (bounded in count). */
  durationMs: number;
}

/** Starts the synthetic journeys at once and every `intervalMs` after. */
export function startSynthetic(
  config: Config,
  baseUrl: string,
  o: SyntheticOptions,
  deps: ProbeDeps = {},
): Synthetic {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? abortableSleep;
  const stopper = new AbortController();
  const signal = deps.signal ? AbortSignal.any([deps.signal, stopper.signal]) : stopper.signal;
  const done: SyntheticResult[] = [];
  const maxRuns = Math.floor(o.durationMs / o.intervalMs) + 1;
  let refused: RunbookError | undefined;
  const loop = (async () => {
    const t0 = now();
    for (let k = 0; k < maxRuns && !signal.aborted; k++) {
      await sleep(Math.max(0, t0 + k * o.intervalMs - now()), signal);
      if (signal.aborted) break;
      const r = await runSmoke(
        config,
        baseUrl,
        { only: [...SYNTHETIC_STEPS], apiKey: o.apiKey },
        { ...deps, signal },
      );
      if (signal.aborted) break; // a journey cut short measured nothing
      // A refused key fails every journey the same way: it measures the key, not the service.
      refused = smokeKeyRefused(r);
      if (refused) break;
      const ran = r.steps.filter((s) => s.verdict !== 'skipped');
      done.push({
        at: now(),
        calls: ran.length,
        failed: r.failed.length,
        reasons: r.failed.map((s) => `${s.id}: ${s.detail}`),
      });
    }
  })();
  return {
    measurement() {
      const batch = done.splice(0);
      const calls = batch.reduce((a, b) => a + b.calls, 0);
      if (!calls) return { kind: 'not-due' };
      const failed = batch.reduce((a, b) => a + b.failed, 0);
      const pct = (failed / calls) * 100;
      const why = batch.flatMap((b) => b.reasons)[0];
      return {
        kind: 'value',
        value: pct,
        text: `${formatPct(pct, 0)} (${failed} of ${calls} synthetic call(s) failed${why ? `: ${why.slice(0, 80)}` : ''})`,
      };
    },
    async stop() {
      stopper.abort();
      await loop;
    },
    keyRefused: () => refused,
  };
}
