/**
 * The watch step: the monitor, for the deploy's watch time, against the alert thresholds
 * (consecutive breaches, measurement errors, a synthetic journey). A breach or a run of
 * measurement errors fails the deploy (and rolls it back); a watch that could not judge is
 * inconclusive: not a pass, and not a reason to roll back by itself.
 */
import type { Config } from '../config/schema';
import { createMonitor, type MonitorSummary } from '../monitor';
import { formatMonitorEvent } from '../monitor/format';
import type { WatchFlags, WatchPlan } from '../monitor/plan';
import { RunbookError } from '../errors';

export interface WatchResult {
  verdict: 'passed' | 'failed' | 'inconclusive' | 'interrupted';
  detail: string;
  summary: MonitorSummary;
  /** The synthetic journey's key was refused: as in verify, the deploy stops (exit 2) without a rollback. */
  keyRefused?: RunbookError;
}

/** deploy.ts's flags for its watch; the health and synthetic intervals come from the config. */
export const DEPLOY_WATCH_FLAGS: WatchFlags = {
  duration: '--watch',
  interval: '--watch-interval',
  healthInterval: 'healthPollIntervalS',
  syntheticInterval: 'monitor.syntheticIntervalS',
};

export function watchPlan(config: Config, durationMs: number, intervalMs: number): WatchPlan {
  return {
    durationMs,
    intervalMs,
    healthIntervalMs: config.healthPollIntervalS * 1000,
    syntheticIntervalMs: config.monitor.syntheticIntervalS * 1000,
  };
}

export async function watchDeploy(
  config: Config,
  baseUrl: string,
  apiKey: string,
  plan: WatchPlan,
  o: { signal: AbortSignal; onProgress?: (text: string) => void },
): Promise<WatchResult> {
  const monitor = createMonitor(
    config,
    { baseUrl },
    {
      durationMs: plan.durationMs,
      intervalMs: plan.intervalMs,
      healthIntervalMs: plan.healthIntervalMs,
      synthetic: { intervalMs: plan.syntheticIntervalMs!, apiKey },
    },
    { signal: o.signal },
  );
  monitor
    .on('breach', (e) => o.onProgress?.(formatMonitorEvent(e) ?? 'breach'))
    .on('error', (e) => o.onProgress?.(formatMonitorEvent(e) ?? 'measurement error'));
  const summary = await monitor.run();
  const verdict =
    summary.verdict === 'passed'
      ? 'passed'
      : summary.verdict === 'interrupted'
        ? 'interrupted'
        : summary.verdict === 'inconclusive'
          ? 'inconclusive'
          : 'failed';
  const k = summary.keyRefused;
  return {
    verdict,
    detail: summary.reason,
    summary,
    ...(k ? { keyRefused: new RunbookError('RB_AUTH', k.message, k.hint ? { hint: k.hint } : {}) } : {}),
  };
}
