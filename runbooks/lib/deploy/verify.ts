/**
 * The verify step: wait until the new version answers, then health and smoke, reading the
 * bodies as the scripts do (a 200 with a fallback plan fails). Health degraded or basic is
 * a warning unless strict; critical or unreachable, or a failing smoke step, fails.
 */
import type { Config } from '../config/schema';
import { httpRequest, type RequestFn } from '../http/client';
import { joinUrl } from '../http/url';
import { abortableSleep } from '../http/retry';
import { runHealth, type HealthResult } from '../probes/health';
import { runSmoke, smokeExitCode, smokeKeyRefused, type SmokeResult } from '../probes/smoke';
import type { RunbookError } from '../errors';
import { formatDuration } from '../units';

export interface VerifyResult {
  verdict: 'passed' | 'warned' | 'failed' | 'interrupted';
  /** One line: what was seen, or what failed. */
  detail: string;
  health: HealthResult | null;
  smoke: SmokeResult | null;
  /**
   * The smoke test's key was refused: the verification measured the key, not the release.
   * The deploy then stops with this error (exit 2) and does not roll back — a rollback would
   * be judged by the same refused key.
   */
  keyRefused?: RunbookError;
}

export interface VerifyOptions {
  config: Config;
  baseUrl: string;
  apiKey: string;
  /** How long the new version may take to answer GET / at all (a cold start). */
  readyTimeoutMs: number;
  strict: boolean;
  signal: AbortSignal;
  request?: RequestFn;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** One line per finished smoke step. */
  onProgress?: (text: string) => void;
}

/** Polls GET / until it answers 2xx, at most `timeoutMs`. */
export async function waitReady(
  o: Pick<VerifyOptions, 'baseUrl' | 'signal' | 'request' | 'sleep' | 'now'>,
  timeoutMs: number,
): Promise<{ ready: boolean; waitedMs: number; last: string }> {
  const request = o.request ?? httpRequest;
  const sleep = o.sleep ?? abortableSleep;
  const now = o.now ?? Date.now;
  const t0 = now();
  let last = 'no answer yet';
  while (!o.signal.aborted) {
    try {
      const res = await request({ url: joinUrl(o.baseUrl, '/'), timeoutMs: 10_000, signal: o.signal });
      if (res.status >= 200 && res.status < 300)
        return { ready: true, waitedMs: now() - t0, last: `HTTP ${res.status}` };
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as { code?: string }).code ?? 'network error';
    }
    if (now() - t0 >= timeoutMs) break;
    await sleep(Math.min(2_000, Math.max(0, timeoutMs - (now() - t0))), o.signal);
  }
  return { ready: false, waitedMs: now() - t0, last };
}

/** One finding in a line: a service's error can carry a whole JSON body. */
const clip = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export async function verifyDeploy(o: VerifyOptions): Promise<VerifyResult> {
  const deps = {
    signal: o.signal,
    ...(o.request ? { request: o.request } : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
  };
  const ready = await waitReady(o, o.readyTimeoutMs);
  if (o.signal.aborted)
    return {
      verdict: 'interrupted',
      detail: 'interrupted while waiting for the new version to answer',
      health: null,
      smoke: null,
    };
  if (!ready.ready)
    return {
      verdict: 'failed',
      detail: `the service did not answer GET / within ${formatDuration(o.readyTimeoutMs)} (last: ${ready.last})`,
      health: null,
      smoke: null,
    };

  const health = await runHealth(o.config, o.baseUrl, { retries: 2 }, deps);
  if (o.signal.aborted)
    return { verdict: 'interrupted', detail: 'interrupted during the health check', health, smoke: null };
  o.onProgress?.(
    `health: ${health.verdict}${health.findings.length ? ` (${health.findings.map((f) => f.message).join('; ')})` : ''}`,
  );
  const healthFailed = health.verdict === 'critical' || health.verdict === 'unreachable';
  const healthDetail = `health is ${health.verdict}: ${
    health.findings
      .filter((f) => f.severity === 'error')
      .map((f) => f.message)
      .join('; ') || 'see the health output'
  }`;
  // Unreachable: nothing to smoke. Critical: smoke anyway, for what users see (fallback plans?).
  if (health.verdict === 'unreachable')
    return { verdict: 'failed', detail: healthDetail, health, smoke: null };
  const smoke = await runSmoke(
    o.config,
    o.baseUrl,
    { apiKey: o.apiKey },
    {
      ...deps,
      onEvent: (e) => {
        if (e.type === 'step-end')
          o.onProgress?.(
            `smoke ${e.step.id}: ${e.step.verdict}${e.step.verdict === 'pass' ? '' : ` — ${e.step.detail}`}`,
          );
      },
    },
  );
  if (o.signal.aborted)
    return { verdict: 'interrupted', detail: 'interrupted during the smoke test', health, smoke };
  const keyRefused = smokeKeyRefused(smoke);
  if (keyRefused)
    return {
      verdict: 'failed',
      detail: `not verified: ${keyRefused.message}`,
      health,
      smoke,
      keyRefused,
    };
  const smokeFailed = smokeExitCode(smoke, o.strict) !== 0;
  if (smokeFailed || healthFailed) {
    const first = smoke.failed.find((s) => s.id !== 'health') ?? smoke.failed[0];
    const smokeDetail = smokeFailed
      ? `smoke failed: ${smoke.failed.map((s) => s.id).join(', ')}${first ? ` (${first.id}: ${clip(first.detail)})` : ''}`
      : 'smoke passed';
    const healthInSmoke = smoke.failed.some((s) => s.id === 'health');
    return {
      verdict: 'failed',
      detail: healthFailed && !healthInSmoke ? `${smokeDetail}; ${clip(healthDetail)}` : smokeDetail,
      health,
      smoke,
    };
  }
  const warn = health.verdict !== 'healthy';
  if (warn && o.strict)
    return { verdict: 'failed', detail: `health is ${health.verdict} and --strict is set`, health, smoke };
  const passed = smoke.steps.filter((s) => s.verdict === 'pass').length;
  return {
    verdict: warn ? 'warned' : 'passed',
    detail: `health ${health.verdict}; smoke ${passed} of ${smoke.steps.length} steps passed${smoke.steps.some((s) => s.verdict === 'known-broken') ? ' (insights known broken)' : ''}`,
    health,
    smoke,
  };
}
