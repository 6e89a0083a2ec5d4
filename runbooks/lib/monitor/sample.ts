/**
 * One sample of the target: /metrics every time; the health body (via monitoring stats,
 * which runs the same full check, falling back to /api/health) only when due, because
 * each real health check stalls the service ~2 s; admin rate-limits for the daily cost.
 */
import type { Config } from '../config/schema';
import { readHealth, BASIC_CHECK_ONLY, type HealthReading } from '../checks/response-rules';
import { expectOkJson, joinUrl, type RequestFn } from '../http';
import { parsePrometheus, valueOf, errorRateDelta, meanDurationDelta, type Exposition } from '../metrics';
import { toProbeError, isUnreachable, type ProbeError } from '../probes/common';
import { RunbookError } from '../errors';
import { formatMb, formatPct } from '../units';
import type { Measurement, MetricId } from './evaluate';

const MIB = 1024 * 1024;
const HEALTH_VALUE = { healthy: 0, degraded: 1, critical: 2 } as const;

export interface RawSample {
  metrics: Exposition | ProbeError;
  health: { reading: HealthReading; uptimeS: number | null } | ProbeError | 'not-due';
  cost: { usd: number; real: boolean } | ProbeError;
}

const isErr = (x: unknown): x is ProbeError =>
  typeof x === 'object' && x !== null && 'code' in x && 'message' in x;
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Fetches what one sample needs; every failure becomes data, never an exception. */
export async function fetchSample(
  config: Config,
  baseUrl: string,
  request: RequestFn,
  healthDue: boolean,
  signal?: AbortSignal,
): Promise<RawSample> {
  const get = async (path: string, timeoutMs: number) =>
    request({ url: joinUrl(baseUrl, path), timeoutMs, signal });
  const guard = async <T>(f: () => Promise<T>): Promise<T | ProbeError> => {
    try {
      return await f();
    } catch (e) {
      return toProbeError(e);
    }
  };
  const metrics = guard(async () => {
    const res = await get('/metrics', config.timeouts.metrics);
    if (res.status !== 200) expectOkJson(res, config.journey.apiKeyEnv);
    return parsePrometheus(res.text);
  });
  const cost = guard(async () => {
    const b = obj(expectOkJson(await get('/api/admin/rate-limits', config.timeouts.metrics)));
    const ct = obj(b.cost_tracking);
    const usd = typeof ct.total_cost_today === 'number' ? ct.total_cost_today : NaN;
    // Cost tracking lives in Redis: without it the service reports 0, which proves nothing.
    return { usd, real: obj(b.rate_limiting).redis_available !== false };
  });
  const health = healthDue
    ? guard(async () => {
        try {
          const stats = obj(expectOkJson(await get('/api/monitoring/stats', config.timeouts.stats)));
          const reading = readHealth(stats.health);
          const up = obj(stats.metrics).uptime_seconds;
          if (reading) return { reading, uptimeS: typeof up === 'number' ? up : null };
        } catch (e) {
          // Unreachable is unreachable; only a missing or odd stats endpoint falls back.
          if (signal?.aborted || isUnreachable(toProbeError(e))) throw e;
        }
        const res = await get('/api/health', config.timeouts.health);
        const reading = readHealth(expectOkJson(res, config.journey.apiKeyEnv));
        if (!reading)
          throw new RunbookError(
            'RB_BAD_RESPONSE',
            `GET ${res.url} answered JSON with neither "overall_status" nor "status".`,
          );
        return { reading, uptimeS: null };
      })
    : Promise.resolve('not-due' as const);
  return { metrics: await metrics, health: await health, cost: await cost };
}

export interface Derived {
  measurements: Record<Exclude<MetricId, 'syntheticErrorRate'>, Measurement>;
  /** The exposition to diff the next sample against (the last good one). */
  baseline: Exposition | undefined;
  /** What this sample says about a restart (restarts.ts decides whether it is a new one). */
  restart: { countersReset: boolean; startedAtMs: number | undefined; uptimeS: number | undefined };
}

const errM = (e: ProbeError): Measurement => ({ kind: 'error', code: e.code, reason: e.message });

/** Turns a raw sample into one measurement per metric, diffing counters against the baseline. */
export function deriveMeasurements(raw: RawSample, baseline: Exposition | undefined): Derived {
  const m = {} as Derived['measurements'];
  const h = raw.health;
  let countersReset = false;
  let startedAtMs: number | undefined;

  if (isErr(raw.metrics)) {
    m.errorRate = errM(raw.metrics);
    m.responseTime = errM(raw.metrics);
    const mem = h !== 'not-due' && !isErr(h) ? h.reading.processMemoryMb : null;
    m.memory =
      mem !== null ? { kind: 'value', value: mem, text: `${formatMb(mem)} (health)` } : errM(raw.metrics);
  } else {
    const exp = raw.metrics;
    const bytes =
      valueOf(exp, 'holisticos_memory_usage_bytes') ?? valueOf(exp, 'process_resident_memory_bytes');
    m.memory =
      bytes !== undefined
        ? { kind: 'value', value: bytes / MIB }
        : { kind: 'missing', reason: '/metrics has no holisticos_memory_usage_bytes' };
    const start = valueOf(exp, 'process_start_time_seconds');
    startedAtMs = start === undefined ? undefined : start * 1000;
    if (!baseline) {
      m.errorRate = { kind: 'missing', reason: 'first scrape: no baseline yet' };
      m.responseTime = { kind: 'missing', reason: 'first scrape: no baseline yet' };
    } else {
      const er = errorRateDelta(baseline, exp);
      const rt = meanDurationDelta(baseline, exp);
      countersReset = er.reset || rt.reset;
      m.errorRate =
        er.ratePct !== undefined
          ? { kind: 'value', value: er.ratePct, text: `${formatPct(er.ratePct)} of ${er.requests}` }
          : { kind: 'missing', reason: 'no requests counted in the window' };
      m.responseTime =
        rt.meanMs !== undefined
          ? { kind: 'value', value: rt.meanMs }
          : { kind: 'missing', reason: 'no generate requests in the window' };
    }
  }

  let uptimeS: number | undefined;
  if (h === 'not-due') m.health = { kind: 'not-due' };
  else if (isErr(h)) m.health = errM(h);
  else {
    const r = h.reading;
    // The basic body checks neither the database nor OpenAI: a warning, like degraded.
    const value = r.shape === 'fallback' && r.status === 'healthy' ? 1 : HEALTH_VALUE[r.status];
    const text =
      r.shape === 'fallback'
        ? `${r.status} (${BASIC_CHECK_ONLY})`
        : r.status + (r.causes.length ? ` (${r.causes[0]})` : '');
    m.health = { kind: 'value', value, text };
    uptimeS = h.uptimeS ?? undefined;
  }

  if (isErr(raw.cost)) m.dailyCost = errM(raw.cost);
  else if (!raw.cost.real)
    m.dailyCost = {
      kind: 'unavailable',
      reason: 'the service tracks cost only with Redis (redis_available is false)',
    };
  else if (Number.isNaN(raw.cost.usd))
    m.dailyCost = { kind: 'missing', reason: 'no cost_tracking.total_cost_today' };
  else m.dailyCost = { kind: 'value', value: raw.cost.usd };

  return {
    measurements: m,
    baseline: isErr(raw.metrics) ? baseline : raw.metrics,
    restart: { countersReset, startedAtMs, uptimeS },
  };
}
