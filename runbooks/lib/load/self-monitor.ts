/**
 * The generator watches itself: event-loop delay (monitorEventLoopDelay) and CPU
 * (process.cpuUsage). When it, not the target, was the bottleneck — a lagging loop
 * starts requests late and stamps responses late — the run is marked invalid instead of
 * publishing the generator's own delay as the service's latency.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { GeneratorHealth } from './types';

/** Loop-delay p99 over the whole run above this invalidates it, ms. */
export const INVALID_LOOP_P99_MS = 100;
/** Seconds at ≥ 90 % of a core above this share invalidate the run, percent. */
export const INVALID_SATURATED_PCT = 25;
/** Open model: journeys started late through the generator's fault above this share invalidate it, percent. */
export const INVALID_LATE_PCT = 1;

export class SelfMonitor {
  private readonly tickLoop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly runLoop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private lastCpu = process.cpuUsage();
  private lastWall = performance.now();
  private cpuSum = 0;
  private cpuMax = 0;
  private seconds = 0;
  private saturated = 0;
  private readonly rssStart = process.memoryUsage.rss();

  start(): void {
    this.tickLoop.enable();
    this.runLoop.enable();
    this.lastCpu = process.cpuUsage();
    this.lastWall = performance.now();
  }

  /** One sample per tick: CPU share of one core and loop-delay p99 since the last sample. */
  sample(): { cpuPct: number; loopDelayP99Ms: number } {
    const cpu = process.cpuUsage(this.lastCpu);
    const wall = performance.now();
    const cpuPct =
      Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, wall - this.lastWall)) * 1000) / 10;
    this.lastCpu = process.cpuUsage();
    this.lastWall = wall;
    const loopDelayP99Ms = this.tickLoop.count ? Math.round(this.tickLoop.percentile(99) / 1e4) / 100 : 0;
    this.tickLoop.reset();
    this.seconds++;
    this.cpuSum += cpuPct;
    this.cpuMax = Math.max(this.cpuMax, cpuPct);
    if (cpuPct >= 90) this.saturated++;
    return { cpuPct, loopDelayP99Ms };
  }

  stop(): GeneratorHealth {
    this.tickLoop.disable();
    this.runLoop.disable();
    const has = this.runLoop.count > 0;
    return {
      cpuPctMean: this.seconds ? Math.round((this.cpuSum / this.seconds) * 10) / 10 : 0,
      cpuPctMax: this.cpuMax,
      saturatedSecondsPct: this.seconds ? Math.round((this.saturated / this.seconds) * 1000) / 10 : 0,
      loopDelayP99Ms: has ? Math.round(this.runLoop.percentile(99) / 1e4) / 100 : 0,
      loopDelayMaxMs: has ? Math.round(this.runLoop.max / 1e4) / 100 : 0,
      rssStartMb: Math.round(this.rssStart / 1048576),
      rssEndMb: Math.round(process.memoryUsage.rss() / 1048576),
    };
  }
}

/** Why a run is invalid, from the generator's own health (empty = valid). */
export function invalidReasons(
  g: GeneratorHealth,
  late: { lateByGenerator: number; started: number },
): string[] {
  const out: string[] = [];
  if (g.loopDelayP99Ms > INVALID_LOOP_P99_MS)
    out.push(
      `the generator's event loop lagged (p99 ${g.loopDelayP99Ms} ms > ${INVALID_LOOP_P99_MS} ms): its sends and timestamps were late`,
    );
  if (g.saturatedSecondsPct > INVALID_SATURATED_PCT)
    out.push(`the generator's CPU was saturated (≥ 90 % of a core in ${g.saturatedSecondsPct} % of seconds)`);
  if (late.lateByGenerator > Math.max(5, (late.started * INVALID_LATE_PCT) / 100))
    out.push(
      `${late.lateByGenerator} of ${late.started} journeys started late while below the in-flight cap: the generator could not keep the schedule`,
    );
  return out;
}
