/**
 * Ramp stages in k6's notation: `30s:5,2m:15,30s:0` means ramp linearly to 5 over 30 s,
 * to 15 over the next 2 min, then down to 0. The unit of the target is users (closed
 * model) or journeys per second (open model).
 */
import { parseDuration, formatDuration } from '../units';
import { usageError } from '../errors';

export interface Stage {
  durationMs: number;
  target: number;
}

/** Parses `--stages`; throws a usage error naming the bad item. */
export function parseStages(text: string): Stage[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length)
    throw usageError(
      '--stages is empty.',
      'Give stages like 30s:5,2m:15,30s:0 (duration:target, comma-separated).',
    );
  return items.map((item) => {
    const m = /^([^:]+):(\d+(?:\.\d+)?)$/.exec(item);
    const d = m ? parseDuration(m[1]!) : undefined;
    if (!m || d === undefined || d <= 0)
      throw usageError(
        `--stages item "${item}" is not duration:target.`,
        'Give stages like 30s:5,2m:15,30s:0 (e.g. 2m:15 = ramp to 15 over two minutes).',
      );
    return { durationMs: d, target: Number(m[2]) };
  });
}

/** Total duration of the stages, ms. */
export function stagesDuration(stages: readonly Stage[]): number {
  return stages.reduce((a, s) => a + s.durationMs, 0);
}

/** The target at `t` ms after start, ramping linearly from `start` (the value before stage 1). */
export function targetAt(stages: readonly Stage[], t: number, start = 0): number {
  let from = start;
  let t0 = 0;
  for (const s of stages) {
    if (t < t0 + s.durationMs) return from + ((s.target - from) * (t - t0)) / s.durationMs;
    from = s.target;
    t0 += s.durationMs;
  }
  return from;
}

/**
 * Number of arrivals due in [0, t) for a rate that ramps through `stages` (journeys/s):
 * the integral of the rate. The open model schedules the k-th journey where this reaches k.
 */
export function arrivalsBy(stages: readonly Stage[], t: number, start = 0): number {
  let from = start;
  let t0 = 0;
  let n = 0;
  for (const s of stages) {
    const span = Math.min(s.durationMs, Math.max(0, t - t0));
    const endRate = from + ((s.target - from) * span) / s.durationMs;
    n += (((from + endRate) / 2) * span) / 1000;
    if (t < t0 + s.durationMs) return n;
    from = s.target;
    t0 += s.durationMs;
  }
  return n;
}

/** `30s:5, 2m:15, 30s:0` for messages. */
export function formatStages(stages: readonly Stage[]): string {
  return stages.map((s) => `${formatDuration(s.durationMs)}:${s.target}`).join(', ');
}
