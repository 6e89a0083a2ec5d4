/**
 * The health probe: liveness (GET /) and the health body (GET /api/health), which is
 * ALWAYS HTTP 200 on the real service — the verdict lives in the body, in one of two
 * shapes. Returns a typed result; never prints, never exits.
 */
import type { Config } from '../config/schema';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { exitCodeFor } from '../errors';
import { readHealth, BASIC_CHECK_ONLY, type HealthReading } from '../checks/response-rules';
import { formatMb } from '../units';
import type { Finding } from '../checks/findings';
import { httpRequest, expectOkJson, joinUrl, retry, expBackoff, type HttpResponse } from '../http';
import {
  SANDBOX_HEADER,
  isUnreachable,
  retryNotice,
  toProbeError,
  type ProbeDeps,
  type ProbeError,
  type RetryNotice,
} from './common';

/** `basic`: the service answered its fallback body, which checks neither the database nor OpenAI. */
export type HealthVerdict = 'healthy' | 'basic' | 'degraded' | 'critical' | 'unreachable';

export interface MemoryCheck {
  mb: number;
  targetMb: number;
  alertMb: number;
  level: 'ok' | 'above-target' | 'above-alert';
}

export interface HealthResult {
  verdict: HealthVerdict;
  baseUrl: string;
  /** True when the target answered with the sandbox header. */
  sandbox: boolean;
  liveness: { ok: boolean; status: number | null; elapsedMs: number | null; version: string | null };
  health: { status: number | null; elapsedMs: number | null; reading: HealthReading | null };
  memory: MemoryCheck | null;
  findings: Finding[];
  /** The request failure that decided the verdict, if one did. */
  error: ProbeError | null;
  attempts: number;
}

export interface HealthOptions {
  /** Overrides config.timeouts.root/health for both requests, ms. */
  timeoutMs?: number;
  /** Extra attempts on connection errors (refused, reset, connect timeout). */
  retries?: number;
  backoffMs?: number;
}

export type HealthEvent = RetryNotice;

const RANK: Record<HealthVerdict, number> = {
  healthy: 0,
  basic: 1,
  degraded: 2,
  critical: 3,
  unreachable: 4,
};
const worst = (a: HealthVerdict, b: HealthVerdict): HealthVerdict => (RANK[b] > RANK[a] ? b : a);

/** Worst first: critical, degraded, anything else the body says, healthy. */
const subRank = (s: string) => (s === 'critical' ? 0 : s === 'degraded' ? 1 : s === 'healthy' ? 3 : 2);

/** Memory against the config's target (warning) and alert (failure) thresholds. */
export function checkMemory(mb: number, config: Config): MemoryCheck {
  const { memoryTargetMb: targetMb, memoryMb: alertMb } = config.alerts;
  return {
    mb,
    targetMb,
    alertMb,
    level: mb >= alertMb ? 'above-alert' : mb >= targetMb ? 'above-target' : 'ok',
  };
}

/** Runs the health probe against a base URL. Bad URLs throw RB_USAGE; everything else is in the result. */
export async function runHealth(
  config: Config,
  baseUrl: string,
  opts: HealthOptions = {},
  deps: ProbeDeps & { onEvent?: (e: HealthEvent) => void } = {},
): Promise<HealthResult> {
  const request = deps.request ?? httpRequest;
  const rootUrl = joinUrl(baseUrl, '/');
  const healthUrl = joinUrl(baseUrl, '/api/health');
  const result: HealthResult = {
    verdict: 'healthy',
    baseUrl,
    sandbox: false,
    liveness: { ok: false, status: null, elapsedMs: null, version: null },
    health: { status: null, elapsedMs: null, reading: null },
    memory: null,
    findings: [],
    error: null,
    attempts: 0,
  };
  const fetchJson = async (
    what: string,
    url: URL,
    timeoutMs: number,
  ): Promise<{ res: HttpResponse; body: unknown }> =>
    retry(
      opts.retries ?? 0,
      expBackoff(opts.backoffMs ?? 500),
      async () => {
        result.attempts++;
        const res = await request({ url, timeoutMs, signal: deps.signal });
        if (res.headers[SANDBOX_HEADER] === '1') result.sandbox = true;
        return { res, body: expectOkJson(res, config.journey.apiKeyEnv) };
      },
      {
        sleep: deps.sleep,
        random: deps.random,
        signal: deps.signal,
        onEvent: (e) => {
          const n = retryNotice(what, e);
          if (n) deps.onEvent?.(n);
        },
      },
    );

  const fail = (subject: string, e: unknown): boolean => {
    const err = toProbeError(e);
    result.error ??= err;
    result.findings.push({ severity: 'error', subject, message: err.message, hint: err.hint ?? undefined });
    result.verdict = worst(result.verdict, isUnreachable(err) ? 'unreachable' : 'critical');
    return isUnreachable(err);
  };

  try {
    const { res, body } = await fetchJson('liveness', rootUrl, opts.timeoutMs ?? config.timeouts.root);
    result.liveness = {
      ok: true,
      status: res.status,
      elapsedMs: res.elapsedMs,
      version:
        typeof (body as { version?: unknown })?.version === 'string'
          ? (body as { version: string }).version
          : null,
    };
  } catch (e) {
    // Unreachable at GET / means unreachable at /api/health too: do not wait twice.
    if (fail('liveness', e)) return result;
  }

  try {
    const { res, body } = await fetchJson('health', healthUrl, opts.timeoutMs ?? config.timeouts.health);
    result.health.status = res.status;
    result.health.elapsedMs = res.elapsedMs;
    const reading = readHealth(body);
    if (!reading) {
      result.findings.push({
        severity: 'error',
        subject: 'health',
        message: `GET ${res.url} answered JSON with neither "overall_status" nor "status": not a HolisticOS health body.`,
        hint: 'Check that --url points at the HolisticOS API.',
      });
      result.verdict = worst(result.verdict, 'critical');
      return result;
    }
    result.health.reading = reading;
    if (reading.status !== 'healthy') {
      // The verdict is the body's overall status; each sub-service is shown by its own: a
      // degraded OpenAI beside a critical database is a warning, not a second failure.
      const own = reading.services.filter((x) => x.status !== 'healthy');
      for (const x of own.length ? [...own].sort((a, b) => subRank(a.status) - subRank(b.status)) : [])
        result.findings.push({
          severity: x.status === 'critical' ? 'error' : 'warning',
          subject: x.name,
          message: `${x.name}: ${x.message || x.status}`,
        });
      if (!own.length)
        result.findings.push({
          severity: reading.status === 'critical' ? 'error' : 'warning',
          subject: 'health',
          message: `overall status is ${reading.status}`,
        });
      result.verdict = worst(result.verdict, reading.status);
    }
    if (reading.shape === 'fallback') {
      // The service answers this body when its monitoring module is unavailable; it claims
      // the database is operational without asking it and never looks at OpenAI.
      result.findings.push({
        severity: 'warning',
        subject: 'health',
        message: `${BASIC_CHECK_ONLY} (the service answered its fallback body, "status" instead of "overall_status")`,
        hint: 'Check the service logs for why its monitoring module did not load; until then health cannot see the database or OpenAI: run the smoke test to exercise them.',
      });
      result.verdict = worst(result.verdict, 'basic');
    }
    if (reading.processMemoryMb !== null) {
      const m = (result.memory = checkMemory(reading.processMemoryMb, config));
      if (m.level === 'above-alert') {
        result.findings.push({
          severity: 'error',
          subject: 'memory',
          message: `process memory ${formatMb(m.mb)} is at or above the ${formatMb(m.alertMb)} alert threshold`,
          hint: 'Restart the service (clears in-memory caches) and open an incident; Render starter has 512 MB.',
        });
        result.verdict = worst(result.verdict, 'critical');
      } else if (m.level === 'above-target') {
        result.findings.push({
          severity: 'warning',
          subject: 'memory',
          message: `process memory ${formatMb(m.mb)} is above the ${formatMb(m.targetMb)} target`,
        });
        result.verdict = worst(result.verdict, 'degraded');
      }
    }
  } catch (e) {
    fail('health', e);
  }
  return result;
}

/** 0 healthy (basic and degraded too, unless strict), 1 critical, 3 unreachable. */
export function healthExitCode(r: HealthResult, strict = false): ExitCode {
  switch (r.verdict) {
    case 'healthy':
      return EXIT.OK;
    case 'basic':
    case 'degraded':
      return strict ? EXIT.FAILED : EXIT.OK;
    case 'critical':
      return EXIT.FAILED;
    case 'unreachable':
      return r.error ? exitCodeFor(r.error.code) : EXIT.UNREACHABLE;
  }
}
