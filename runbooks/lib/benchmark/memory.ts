/**
 * Server memory, read from the TARGET's own signals: `holisticos_memory_usage_bytes` on
 * /metrics (RSS, set on scrape) and the health body's services.system.details.
 * process_memory_mb. Never this process's memory: the generator's RSS says nothing about
 * the service. The sampler is a bounded loop with an injectable clock and request.
 */
import type { RequestFn } from '../http/client';
import { parseJsonBody } from '../http/json';
import { parsePrometheus, valueOf } from '../metrics/index';
import { readHealth } from '../checks/response-rules';
import type { MemorySample } from '../report/benchmark';

const MB = 1024 * 1024;
const r1 = (n: number) => Math.round(n * 10) / 10;

/** One reading of the target's memory; a signal the target does not expose is null. */
export async function readTargetMemory(
  request: RequestFn,
  baseUrl: string,
  o: { health: boolean; metricsTimeoutMs: number; healthTimeoutMs: number; signal?: AbortSignal },
): Promise<{ metricsMb: number | null; healthMb: number | null }> {
  let metricsMb: number | null = null;
  let healthMb: number | null = null;
  try {
    const res = await request({
      url: `${baseUrl}/metrics`,
      timeoutMs: o.metricsTimeoutMs,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (res.status === 200) {
      const v = valueOf(parsePrometheus(res.text), 'holisticos_memory_usage_bytes');
      if (v !== undefined && Number.isFinite(v)) metricsMb = r1(v / MB);
    }
  } catch {
    /* an unreadable scrape is a gap in the series, not a failure of the benchmark */
  }
  if (o.health) {
    try {
      const res = await request({
        url: `${baseUrl}/api/health`,
        timeoutMs: o.healthTimeoutMs,
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const b = parseJsonBody(res);
      const h = b.ok ? readHealth(b.value) : undefined;
      if (h?.processMemoryMb !== null && h?.processMemoryMb !== undefined) healthMb = r1(h.processMemoryMb);
    } catch {
      /* as above */
    }
  }
  return { metricsMb, healthMb };
}

export interface SamplerOptions {
  baseUrl: string;
  intervalMs: number;
  /** Read health every Nth sample (health is slow and stalls the real service's loop). */
  healthEvery: number;
  metricsTimeoutMs: number;
  healthTimeoutMs: number;
  /** Hard cap on samples, whatever happens. */
  maxSamples: number;
}

/** Samples the target's memory until stopped; phases are switched by the caller. */
export class MemorySampler {
  readonly samples: MemorySample[] = [];
  phase: MemorySample['phase'] = 'before';
  private stopped = false;
  private loop: Promise<void> | undefined;
  private t0 = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly o: SamplerOptions,
    private readonly request: RequestFn,
    private readonly now: () => number = Date.now,
    private readonly onSample: (s: MemorySample) => void = () => {},
  ) {}

  /** Takes one sample now. */
  async sampleOnce(): Promise<MemorySample> {
    const n = this.samples.length;
    const m = await readTargetMemory(this.request, this.o.baseUrl, {
      health: n % Math.max(1, this.o.healthEvery) === 0,
      metricsTimeoutMs: this.o.metricsTimeoutMs,
      healthTimeoutMs: this.o.healthTimeoutMs,
    });
    const s: MemorySample = { t: Math.round((this.now() - this.t0) / 100) / 10, phase: this.phase, ...m };
    this.samples.push(s);
    this.onSample(s);
    return s;
  }

  start(): void {
    this.t0 = this.now();
    this.loop = (async () => {
      while (!this.stopped && this.samples.length < this.o.maxSamples) {
        const began = this.now();
        await this.sampleOnce();
        const wait = Math.max(0, this.o.intervalMs - (this.now() - began));
        if (this.stopped) break;
        await new Promise<void>((r) => {
          const t = setTimeout(r, wait);
          this.wake = () => (clearTimeout(t), r());
        });
      }
    })();
  }

  /** Waits `ms` while sampling (the before / after phases). */
  async hold(ms: number, signal?: AbortSignal): Promise<void> {
    await new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      signal?.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
    });
  }

  async stop(): Promise<MemorySample[]> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    return this.samples;
  }
}

/** The best reading of a sample: the metric when present, health otherwise. */
export const readingOf = (s: MemorySample): number | null => s.metricsMb ?? s.healthMb;

/** Per-phase figures: the last `before` reading, the peak during, the last after, overall peak. */
export function summarizeMemory(samples: readonly MemorySample[]): {
  beforeMb: number | null;
  duringPeakMb: number | null;
  afterMb: number | null;
  peakMb: number | null;
  growthMb: number | null;
} {
  const of = (p: MemorySample['phase']) =>
    samples
      .filter((s) => s.phase === p)
      .map(readingOf)
      .filter((v): v is number => v !== null);
  const before = of('before');
  const during = of('during');
  const after = of('after');
  const all = [...before, ...during, ...after];
  const beforeMb = before.length ? before[before.length - 1]! : null;
  const peakMb = all.length ? Math.max(...all) : null;
  return {
    beforeMb,
    duringPeakMb: during.length ? Math.max(...during) : null,
    afterMb: after.length ? after[after.length - 1]! : null,
    peakMb,
    growthMb: beforeMb !== null && peakMb !== null ? r1(peakMb - beforeMb) : null,
  };
}

/** Which signals gave at least one number. */
export function memorySources(samples: readonly MemorySample[]): ('metrics' | 'health')[] {
  const out: ('metrics' | 'health')[] = [];
  if (samples.some((s) => s.metricsMb !== null)) out.push('metrics');
  if (samples.some((s) => s.healthMb !== null)) out.push('health');
  return out;
}
