/**
 * Counting restarts of the target once each. Three signals see a restart, at different
 * times: counters that went down at a scrape (/metrics, every sample), a new
 * process_start_time_seconds, and the uptime of monitoring stats (polled with health, less
 * often). Each gives a window in which the process started; a window that overlaps one
 * already counted is the same restart seen again.
 */
export interface RestartEvidence {
  /** Sample time, epoch ms. */
  at: number;
  /** The previous sample's time (a counter reset happened between the two). */
  previousAt: number | undefined;
  countersReset: boolean;
  /** process_start_time_seconds × 1000, when /metrics has it. */
  startedAtMs: number | undefined;
  /** Uptime from monitoring stats, when polled this sample. */
  uptimeS: number | undefined;
}

export class RestartTracker {
  private readonly counted: [number, number][] = [];
  private knownStart: number | undefined;

  /** `slackMs` absorbs request latency and rounding in the estimates. */
  constructor(private readonly slackMs: number) {}

  /** Folds one sample's evidence in; true when it shows a restart not counted before. */
  observe(e: RestartEvidence): boolean {
    const windows: [number, number][] = [];
    if (e.countersReset) windows.push([e.previousAt ?? e.at - this.slackMs, e.at]);
    for (const start of [e.startedAtMs, e.uptimeS === undefined ? undefined : e.at - e.uptimeS * 1000]) {
      if (start === undefined) continue;
      if (this.knownStart !== undefined && start > this.knownStart + this.slackMs)
        windows.push([start - this.slackMs, start + this.slackMs]);
      if (this.knownStart === undefined || start > this.knownStart + this.slackMs) this.knownStart = start;
    }
    const fresh = windows.filter(([lo, hi]) => !this.counted.some(([a, b]) => lo <= b && hi >= a));
    if (!fresh.length) return false;
    // Several signals in one sample are one restart: count their union once.
    this.counted.push([Math.min(...windows.map((w) => w[0])), Math.max(...windows.map((w) => w[1]))]);
    return true;
  }
}
