/**
 * The quick assessment's readings, in one go and in parallel: liveness, the health body
 * (through monitoring stats, which runs the same full check, else /api/health), /metrics,
 * the cost tracking of /api/admin/rate-limits, and the recent deploys. Every failure is
 * data for the triage, never an exception.
 */
import type { Config } from '../config/schema';
import { readHealth, SANDBOX_HEADER, type HealthReading } from '../checks/response-rules';
import { expectOkJson, httpRequest, joinUrl, type RequestFn } from '../http';
import { parsePrometheus, select, valueOf } from '../metrics';
import { toProbeError, type ProbeError } from '../probes/common';
import { readLedger } from '../ledger/index';
import { sandboxAt } from '../state/sandboxes';
import { connectSandbox } from '../sandbox-client/index';
import { RunbookError } from '../errors';
import { ledgerDeploys, renderDeploys, sandboxDeploys, type DeployView } from './deploys';
import { readPlatformEvidence, type PlatformEvidence } from './platform';
import type { PlatformClient } from '../platform/types';

export interface Evidence {
  baseUrl: string;
  at: string;
  sandbox: boolean;
  liveness: { ok: boolean; status: number | null; error: ProbeError | null };
  health: { reading: HealthReading | null; error: ProbeError | null };
  /** From monitoring stats: since the process started. */
  stats: {
    uptimeS: number | null;
    totalRequests: number | null;
    errorRate: number | null;
    alerts: Record<string, number> | null;
  };
  metrics: {
    memoryMb: number | null;
    generateCalls: number | null;
    generateErrors: number | null;
    generateMeanMs: number | null;
    error: ProbeError | null;
  };
  cost: {
    todayUsd: number | null;
    /**
     * True only when rate-limits answered success with Redis available and a figure for
     * today; false when it answered but cost is not tracked; null when it could not be read
     * (`error` says why). The terminal's row says the same thing.
     */
    tracked: boolean | null;
    topUsers: { userId: string; usd: number }[];
    error: ProbeError | null;
  };
  deploys: DeployView[];
  /** What the platform recorded over the incident's window; null where none is configured (or it could not be reached). */
  platform?: PlatformEvidence | null;
  /** Sources that could not be read, one line each. */
  notes: string[];
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const sum = (xs: { value: number }[]) => xs.reduce((a, s) => a + s.value, 0);

async function guard<T>(f: () => Promise<T>): Promise<T | ProbeError> {
  try {
    return await f();
  } catch (e) {
    return toProbeError(e);
  }
}
const isErr = (x: unknown): x is ProbeError =>
  typeof x === 'object' && x !== null && 'code' in x && 'message' in x && !('status' in x);

export interface EvidenceDeps {
  request?: RequestFn;
  signal?: AbortSignal | undefined;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  now?: () => number;
  /** The environment's platform (connectPlatform), if any: its record of the window and, for Render, the deploy list. */
  platform?: PlatformClient | undefined;
  /** When the incident began (its window is read from before then); null without one. */
  beganAt?: string | null;
}

/** Reads everything the triage needs from `baseUrl` and the deploy sources. */
export async function gatherEvidence(config: Config, baseUrl: string, deps: EvidenceDeps): Promise<Evidence> {
  const request = deps.request ?? httpRequest;
  const now = deps.now ?? Date.now;
  const signal = deps.signal;
  let sandbox = false;
  const get = async (path: string, timeoutMs: number) => {
    const res = await request({ url: joinUrl(baseUrl, path), timeoutMs, ...(signal ? { signal } : {}) });
    if (res.headers[SANDBOX_HEADER] === '1') sandbox = true;
    return res;
  };
  const [live, stats, metrics, cost] = await Promise.all([
    guard(async () => get('/', config.timeouts.root)),
    guard(async () => {
      const s = obj(
        expectOkJson(await get('/api/monitoring/stats', config.timeouts.stats), config.journey.apiKeyEnv),
      );
      if (readHealth(s.health)) return s;
      const h = expectOkJson(await get('/api/health', config.timeouts.health), config.journey.apiKeyEnv);
      if (!readHealth(h))
        throw new RunbookError(
          'RB_BAD_RESPONSE',
          'The health body has neither "overall_status" nor "status".',
        );
      return { health: h };
    }),
    guard(async () => {
      const res = await get('/metrics', config.timeouts.metrics);
      if (res.status !== 200) expectOkJson(res, config.journey.apiKeyEnv);
      return parsePrometheus(res.text);
    }),
    guard(async () =>
      obj(
        expectOkJson(await get('/api/admin/rate-limits', config.timeouts.metrics), config.journey.apiKeyEnv),
      ),
    ),
  ]);
  const notes: string[] = [];
  const e: Evidence = {
    baseUrl,
    at: new Date(now()).toISOString(),
    sandbox,
    liveness: isErr(live)
      ? { ok: false, status: null, error: live }
      : { ok: live.status === 200, status: live.status, error: null },
    health: isErr(stats)
      ? { reading: null, error: stats }
      : { reading: readHealth(stats.health) ?? null, error: null },
    stats: { uptimeS: null, totalRequests: null, errorRate: null, alerts: null },
    metrics: {
      memoryMb: null,
      generateCalls: null,
      generateErrors: null,
      generateMeanMs: null,
      error: isErr(metrics) ? metrics : null,
    },
    cost: { todayUsd: null, tracked: null, topUsers: [], error: isErr(cost) ? cost : null },
    deploys: [],
    platform: null,
    notes,
  };
  if (!isErr(stats)) {
    const m = obj(stats.metrics);
    e.stats = {
      uptimeS: num(m.uptime_seconds),
      totalRequests: num(m.total_requests),
      errorRate: num(m.error_rate),
      alerts: (obj(obj(stats.alerts).by_severity) as Record<string, number>) ?? null,
    };
  }
  if (!isErr(metrics)) {
    const bytes =
      valueOf(metrics, 'holisticos_memory_usage_bytes') ?? valueOf(metrics, 'process_resident_memory_bytes');
    // What the release is known to break (insights) is named as known, not counted as this
    // incident's errors: its calls are every smoke's and would alone make a rate of a few calls.
    const known = new Set(config.journey.steps.filter((s) => s.knownBroken).map((s) => s.cost));
    const reqs = select(metrics, 'holisticos_requests_total').filter(
      (s) => !known.has(s.labels.endpoint ?? ''),
    );
    const count = sum(select(metrics, 'holisticos_request_duration_seconds_count'));
    e.metrics.memoryMb = bytes === undefined ? null : bytes / 1024 / 1024;
    e.metrics.generateCalls = sum(reqs);
    e.metrics.generateErrors = sum(reqs.filter((s) => !/^2\d\d$/.test(s.labels.status ?? '')));
    e.metrics.generateMeanMs =
      count > 0 ? (sum(select(metrics, 'holisticos_request_duration_seconds_sum')) / count) * 1000 : null;
  }
  if (!isErr(cost) && cost.status !== 'success') {
    // A 200 that carries an error ({"status":"error",…}) is an answer that says nothing about cost.
    const why =
      typeof cost.message === 'string' ? cost.message : typeof cost.error === 'string' ? cost.error : '';
    e.cost.error = {
      code: 'RB_BAD_RESPONSE',
      message: `GET /api/admin/rate-limits answered status "${String(cost.status ?? 'none')}"${why ? `: ${why}` : ''}`,
      hint: null,
    };
  } else if (!isErr(cost)) {
    const ct = obj(cost.cost_tracking);
    e.cost.todayUsd = num(ct.total_cost_today);
    e.cost.tracked = obj(cost.rate_limiting).redis_available === true && e.cost.todayUsd !== null;
    e.cost.topUsers = (Array.isArray(ct.top_users) ? ct.top_users : []).map((u) => ({
      userId: String(obj(u).user_id ?? '?'),
      usd: num(obj(u).cost_today) ?? 0,
    }));
  }
  const [deploys, platform] = await Promise.all([
    recentDeploys(baseUrl, { ...deps, request }, now(), notes),
    deps.platform
      ? readPlatformEvidence(deps.platform, {
          nowMs: now(),
          beganMs: deps.beganAt ? Date.parse(deps.beganAt) : null,
          maxWindowMs: config.platform.maxWindowH * 3_600_000,
          signal: deps.signal,
        })
      : null,
  ]);
  e.deploys = deploys;
  e.platform = platform;
  // Render's deploy list is the platform client's (the environment's own service id).
  if (platform?.deploys && deps.platform?.source === 'render')
    e.deploys.push(...renderDeploys(platform.deploys));
  e.deploys.sort((a, b) => b.at.localeCompare(a.at));
  return e;
}

/** The last day's deploys from the ledger and the local sandbox, newest first (Render's come with the platform's evidence). */
async function recentDeploys(
  baseUrl: string,
  deps: EvidenceDeps & { request: RequestFn },
  now: number,
  notes: string[],
): Promise<DeployView[]> {
  const out = ledgerDeploys(readLedger(deps.stateDir), now - 24 * 3_600_000);
  if (sandboxAt(deps.stateDir, baseUrl)) {
    try {
      out.push(...(await sandboxDeploys(connectSandbox(deps.stateDir, baseUrl, deps.request))));
    } catch (err) {
      notes.push(
        `the sandbox's deploy list could not be read (${err instanceof RunbookError ? err.code : 'error'})`,
      );
    }
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}
