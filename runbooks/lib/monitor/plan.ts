/**
 * How short a watch may be. The consecutive-breach rule needs N readings of a metric in a
 * row; a watch that cannot take N of the slowest one cannot fail on it, so it could only
 * pass what it never judged. Such a watch is refused before it starts.
 */
import type { Config } from '../config/schema';
import { formatDuration } from '../units';
import { usageError } from '../errors';

export interface WatchPlan {
  durationMs: number;
  intervalMs: number;
  healthIntervalMs: number;
  /** Undefined when synthetic checks are off. */
  syntheticIntervalMs: number | undefined;
}

/** Sampling every `intervalMs`, health is polled every this many ms (monitor.ts's due rule). */
export function effectiveHealthMs(p: Pick<WatchPlan, 'intervalMs' | 'healthIntervalMs'>): number {
  return Math.max(1, Math.ceil(p.healthIntervalMs / p.intervalMs - 0.5)) * p.intervalMs;
}

/** The shortest watch that applies the rule to every metric, and which metric sets it. */
export function minimumWatch(
  config: Config,
  p: Omit<WatchPlan, 'durationMs'>,
): { ms: number; because: string } {
  const n = config.alerts.consecutiveBreaches;
  const needs = [
    // The rates are deltas: the first scrape is only their baseline.
    {
      ms: n * p.intervalMs,
      because: `${n} error-rate readings after the first scrape, one every ${formatDuration(p.intervalMs)}`,
    },
    {
      ms: (n - 1) * effectiveHealthMs(p),
      because: `${n} health polls, one every ${formatDuration(effectiveHealthMs(p))}`,
    },
  ];
  if (p.syntheticIntervalMs !== undefined)
    needs.push({
      ms: (n - 1) * p.syntheticIntervalMs + p.intervalMs,
      because: `${n} synthetic journeys, one every ${formatDuration(p.syntheticIntervalMs)}`,
    });
  return needs.reduce((a, b) => (b.ms > a.ms ? b : a));
}

/**
 * How the caller sets each part of a watch, so an error names what the user typed: monitor's
 * own flags, or deploy's (`--watch`, `--watch-interval`; its health and synthetic intervals
 * come from the config). A part the caller has no flag for names its config key.
 */
export interface WatchFlags {
  duration: string;
  interval: string;
  healthInterval: string;
  syntheticInterval: string;
}

/** monitor.ts's flags. */
export const MONITOR_WATCH_FLAGS: WatchFlags = {
  duration: '--duration',
  interval: '--interval',
  healthInterval: '--health-interval',
  syntheticInterval: '--synthetic-interval',
};

const isFlag = (s: string) => s.startsWith('--');

/** Throws a usage error (exit 2) naming the minimum when the watch is too short, or longer than the cap; its hints name the caller's own flags. */
export function assertWatchPlan(config: Config, p: WatchPlan, flags: WatchFlags = MONITOR_WATCH_FLAGS): void {
  const maxMs = config.capacity.maxDurationS * 1000;
  if (p.durationMs > maxMs)
    throw usageError(
      `A watch of ${formatDuration(p.durationMs)} is over the cap of ${formatDuration(maxMs)} (capacity.maxDurationS).`,
      `Use e.g. ${flags.duration} 10m.`,
    );
  if (p.intervalMs < 1000)
    throw usageError(
      `A sample interval of ${formatDuration(p.intervalMs)} is below 1s.`,
      `Use e.g. ${flags.interval} 10s.`,
    );
  if (p.healthIntervalMs < 1000)
    throw usageError(
      `A health interval of ${formatDuration(p.healthIntervalMs)} is below 1s.`,
      `The default is ${config.healthPollIntervalS}s; each real health check stalls the service ~2 s.`,
    );
  const minSynthetic = config.monitor.syntheticMinIntervalS * 1000;
  if (p.syntheticIntervalMs !== undefined && p.syntheticIntervalMs < minSynthetic) {
    throw usageError(
      `A synthetic interval of ${formatDuration(p.syntheticIntervalMs)}${isFlag(flags.syntheticInterval) ? '' : ` (${flags.syntheticInterval})`} is below the config's minimum of ${formatDuration(minSynthetic)} (monitor.syntheticMinIntervalS).`,
      'Each synthetic journey makes real generate calls: keep it light.',
    );
  }
  const min = minimumWatch(config, p);
  if (p.durationMs < min.ms) {
    throw usageError(
      `A watch of ${formatDuration(p.durationMs)} is too short to apply the rule of ${config.alerts.consecutiveBreaches} consecutive breaches: it needs at least ${formatDuration(min.ms)} (${min.because}).`,
      `Use ${flags.duration} ${formatDuration(min.ms)} or more, or shorten ${shortenable(flags)}.`,
    );
  }
}

/** The intervals a user can shorten, by the caller's flags or, without one, the config key. */
function shortenable(f: WatchFlags): string {
  const all = [f.interval, f.healthInterval, f.syntheticInterval];
  const flags = all.filter(isFlag);
  const keys = all.filter((x) => !isFlag(x));
  return [...flags, ...(keys.length ? [`in the config ${keys.join(', ')}`] : [])].join(', or ');
}
