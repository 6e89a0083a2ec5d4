/**
 * The watch step: the monitor, for the deploy's watch time, against the alert thresholds
 * (consecutive breaches, measurement errors, a synthetic journey). A breach or a run of
 * measurement errors fails the deploy (and rolls it back); a watch that could not judge is
 * inconclusive: not a pass, and not a reason to roll back by itself.
 *
 * Where a platform is configured (Render, or the sandbox's model of it) the watch reads it
 * too: the service's events since the deploy went live, its memory against the limit, 5xx
 * and p95 at the edge. Any `server_failed` in that time (an OOM kill, a crash) fails the
 * watch with the event in the detail, so the deploy rolls back as for any failed watch.
 */
import type { Config } from '../config/schema';
import { createMonitor, type MonitorSummary } from '../monitor';
import { formatMonitorEvent } from '../monitor/format';
import type { WatchFlags, WatchPlan } from '../monitor/plan';
import type { PlatformClient } from '../platform/types';
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
  o: {
    signal: AbortSignal;
    onProgress?: (text: string) => void;
    /** The platform of the deployed environment; `sinceMs`: when the deploy went live. */
    platform?: { client: PlatformClient; sinceMs: number } | undefined;
  },
): Promise<WatchResult> {
  const monitor = createMonitor(
    config,
    { baseUrl },
    {
      durationMs: plan.durationMs,
      intervalMs: plan.intervalMs,
      healthIntervalMs: plan.healthIntervalMs,
      synthetic: { intervalMs: plan.syntheticIntervalMs!, apiKey },
      ...(o.platform
        ? {
            platform: {
              ...o.platform,
              // Events count from when the deploy went live; the edge's figures from now, after verification.
              edgeSinceMs: Date.now(),
              everyMs: config.platform.readEveryS * 1000,
              memoryTargetMb: config.alerts.memoryTargetMb,
            },
          }
        : {}),
    },
    { signal: o.signal },
  );
  monitor
    .on('breach', (e) => o.onProgress?.(formatMonitorEvent(e) ?? 'breach'))
    .on('error', (e) => o.onProgress?.(formatMonitorEvent(e) ?? 'measurement error'))
    .on('platform', (e) => o.onProgress?.(formatMonitorEvent(e) ?? e.text));
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
