/**
 * Reads what the target itself accounted: the sandbox's GET /__sandbox/accounting (per
 * endpoint) when on the sandbox, and the real service's GET /api/admin/rate-limits
 * (cost_tracking.total_cost_today, real only with Redis) everywhere. Snapshots are taken
 * before and after a run; the delta is what the run cost according to the target.
 */
import type { RequestFn } from '../http/client';
import { parseJsonBody } from '../http/json';
import { SANDBOX_HEADER } from '../checks/response-rules';

export interface AccountingSnapshot {
  /** GET /api/admin/rate-limits: total_cost_today and redis_available (null: not readable). */
  rateLimits: { totalCostToday: number; redisAvailable: boolean | null } | null;
  /** GET /__sandbox/accounting per cost key (null: not the sandbox). */
  sandbox: {
    totalCostUsd: number;
    endpoints: Record<string, { calls: number; charged: number; costUsd: number }>;
  } | null;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads the rate-limits body; null when it is not the documented shape. */
export function readRateLimits(body: unknown): AccountingSnapshot['rateLimits'] {
  if (!isObj(body) || !isObj(body.cost_tracking)) return null;
  const total = num(body.cost_tracking.total_cost_today);
  if (total === null) return null;
  const rl = isObj(body.rate_limiting) ? body.rate_limiting : {};
  return {
    totalCostToday: total,
    redisAvailable: typeof rl.redis_available === 'boolean' ? rl.redis_available : null,
  };
}

/** Reads the sandbox accounting body; null when it is not that shape. */
export function readSandboxAccounting(body: unknown): AccountingSnapshot['sandbox'] {
  if (!isObj(body) || num(body.total_cost_usd) === null || !isObj(body.endpoints)) return null;
  const endpoints: Record<string, { calls: number; charged: number; costUsd: number }> = {};
  for (const [k, v] of Object.entries(body.endpoints)) {
    if (isObj(v))
      endpoints[k] = { calls: num(v.calls) ?? 0, charged: num(v.charged) ?? 0, costUsd: num(v.costUsd) ?? 0 };
  }
  return { totalCostUsd: num(body.total_cost_usd)!, endpoints };
}

async function getJson(
  request: RequestFn,
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ body: unknown; sandbox: boolean }> {
  try {
    const res = await request({ url, timeoutMs, ...(signal ? { signal } : {}) });
    const sandbox = res.headers[SANDBOX_HEADER] === '1';
    if (res.status !== 200) return { body: undefined, sandbox };
    const b = parseJsonBody(res);
    return { body: b.ok ? b.value : undefined, sandbox };
  } catch {
    return { body: undefined, sandbox: false };
  }
}

/**
 * Takes one snapshot of both sources; a source that does not answer is null (never
 * throws). The sandbox-only endpoint is asked only when the target's rate-limits answer
 * carried the sandbox header: a real service would log a 404 for it.
 */
export async function snapshotAccounting(
  request: RequestFn,
  baseUrl: string,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<AccountingSnapshot> {
  const rl = await getJson(request, `${baseUrl}/api/admin/rate-limits`, opts.timeoutMs, opts.signal);
  const sb = rl.sandbox
    ? await getJson(request, `${baseUrl}/__sandbox/accounting`, opts.timeoutMs, opts.signal)
    : undefined;
  return { rateLimits: readRateLimits(rl.body), sandbox: readSandboxAccounting(sb?.body) };
}

/** after − before, per source; a counter that went down (restart, midnight reset) makes it null. */
export function accountingDelta(
  before: AccountingSnapshot,
  after: AccountingSnapshot,
): {
  rateLimitsUsd: number | null;
  sandbox: Record<string, { calls: number; costUsd: number }> | null;
  sandboxTotalUsd: number | null;
} {
  const rl =
    before.rateLimits && after.rateLimits
      ? after.rateLimits.totalCostToday - before.rateLimits.totalCostToday
      : null;
  let sandbox: Record<string, { calls: number; costUsd: number }> | null = null;
  let sandboxTotalUsd: number | null = null;
  if (before.sandbox && after.sandbox) {
    sandboxTotalUsd = after.sandbox.totalCostUsd - before.sandbox.totalCostUsd;
    sandbox = {};
    for (const [k, a] of Object.entries(after.sandbox.endpoints)) {
      const b = before.sandbox.endpoints[k] ?? { charged: 0, costUsd: 0 };
      sandbox[k] = { calls: a.charged - b.charged, costUsd: Math.round((a.costUsd - b.costUsd) * 1e6) / 1e6 };
    }
    if (sandboxTotalUsd < 0) {
      sandbox = null;
      sandboxTotalUsd = null;
    }
  }
  return {
    rateLimitsUsd: rl !== null && rl >= 0 ? Math.round(rl * 1e6) / 1e6 : null,
    sandbox,
    sandboxTotalUsd: sandboxTotalUsd === null ? null : Math.round(sandboxTotalUsd * 1e6) / 1e6,
  };
}
