/**
 * The router: the real service's paths, the sandbox-only /__sandbox routes, its model of
 * Render's API under /__render/v1, and FastAPI's 404/405 bodies for everything else. The
 * health stall applies to the API only; a down instance (starting, suspended) is answered
 * by the edge before this router is reached (server.ts), never /__sandbox or /__render
 * (drills must be able to switch faults off, and the platform answers when the app does not).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { round, type GenerateKind } from './accounting';
import { handleGenerate } from './generate';
import { fallbackHealth, fullHealth } from './health';
import { readBody, sendJson, sendText, sleep } from './http';
import { naiveIso, type Json } from './plans';
import type { SandboxState } from './state';
import type { DeployLog } from './deploys';
import { adminRoute } from './admin';
import { renderRoute } from './platform-routes';
import { SANDBOX_RENDER_PREFIX } from '../platform/sandbox-target';

const ROOT_BODY = {
  message: 'HolisticOS Enhanced API Gateway',
  status: 'running',
  version: '2.0.0',
  mode: 'Phase 2 - Complete Multi-Agent System',
  agents: { orchestrator: 'ready', memory: 'ready', insights: 'ready', adaptation: 'ready' },
  capabilities: [
    'Legacy Analysis (Phase 1)',
    'Complete Multi-Agent Workflows (Phase 2)',
    'Memory Management',
    'AI-Powered Insights',
    'Strategy Adaptation',
    'Workflow Orchestration',
  ],
  sandbox: true,
  sandbox_note:
    'This is the HolisticOS sandbox (npx zx runbooks/sandbox.ts), a local stand-in for the real service: no OpenAI, no Supabase, modelled latency and costs.',
};

/** Serialised once: GET / is the cheap liveness probe and must stay cheap. */
const ROOT_TEXT = JSON.stringify(ROOT_BODY);

const TIERS = (free: number[], premium: number[], admin: number) => {
  const names = [
    'behavior_analysis',
    'routine_generation',
    'nutrition_generation',
    'insights_generation',
    'general_api',
  ];
  const tier = (n: (i: number) => number) => Object.fromEntries(names.map((k, i) => [k, `${n(i)}/hour`]));
  return { free: tier((i) => free[i]!), premium: tier((i) => premium[i]!), admin: tier(() => admin) };
};
const TIER_CONFIGURATION = TIERS([3, 8, 8, 15, 30], [15, 30, 30, 75, 150], 500);

const GENERATE =
  /^\/api\/user\/([^/]+)\/(routine\/generate|nutrition\/generate|behavior\/analyze|insights\/generate)$/;
const KIND: Record<string, GenerateKind> = {
  'routine/generate': 'routine',
  'nutrition/generate': 'nutrition',
  'behavior/analyze': 'behavior',
  'insights/generate': 'insights',
};
const GET_PATHS = new Set([
  '/',
  '/api/health',
  '/metrics',
  '/api/monitoring/stats',
  '/api/monitoring/alerts/history',
  '/api/admin/rate-limits',
]);

function healthBody(st: SandboxState): Json {
  const t = st.s.config.alerts;
  const inputs = {
    now: st.s.now(),
    uptimeSeconds: st.accounting.uptimeSeconds(),
    memoryBytes: st.memory.bytes(),
    cpuPercent: st.capacity.cpuPercent(),
    openai: st.openaiFailure(),
    thresholds: {
      memoryMb: t.memoryMb,
      memoryTargetMb: t.memoryTargetMb,
      planMemoryMb: st.s.config.service.plan.memoryMb,
    },
  };
  const full = fullHealth(inputs);
  for (const [svc, v] of Object.entries(full.services as Record<string, { status: string }>))
    st.metrics.healthStatus.set({ service: svc }, v.status === 'healthy' ? 1 : 0);
  st.alerts.fromHealth(full);
  return st.s.healthShape === 'fallback' ? fallbackHealth(inputs) : full;
}

/** Health and stats: slow, CPU-bound, stall the loop; they never queue and always answer 200. */
async function slowCheck(
  st: SandboxState,
  kind: 'health' | 'stats',
  signal: AbortSignal,
): Promise<Json | undefined> {
  st.capacity.beginStall();
  let modelled = st.latency(kind) * st.capacity.slowdown();
  const spike = st.faults.get('latency-spike');
  if (spike) modelled *= spike.value;
  if (!(await sleep(modelled / st.s.timeScale, signal))) return undefined;
  return healthBody(st);
}

/** Handles one request; resolves when the response has been sent (or abandoned). */
export async function route(
  st: SandboxState,
  deploys: DeployLog,
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<number> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (path.startsWith('/__sandbox/')) return adminRoute(st, deploys, req, res, path, method);
  if (path.startsWith(`${SANDBOX_RENDER_PREFIX}/`)) return renderRoute(st, deploys, req, res, url, method);
  // One event loop: while a health check samples the CPU, nobody is served.
  if (!(await sleep(st.capacity.stallRemainingMs(), signal))) return 0;

  const gen = GENERATE.exec(path);
  if (gen) {
    if (method !== 'POST') return (sendJson(res, 405, { detail: 'Method Not Allowed' }), 405);
    const read = await readBody(req, st.s.maxBodyBytes);
    if (!read.ok)
      return read.reason === 'too-large'
        ? (sendJson(
            res,
            413,
            { detail: 'Request body too large (the limit is 1 MB)' },
            { connection: 'close' },
          ),
          413)
        : 0;
    const userId = decodeURIComponent(gen[1]!);
    return handleGenerate(st, res, {
      kind: KIND[gen[2]!]!,
      userId,
      rawBody: read.text,
      apiKeyHeader: req.headers['x-api-key'],
      signal,
    });
  }
  if (!GET_PATHS.has(path)) return (sendJson(res, 404, { detail: 'Not Found' }), 404);
  if (method !== 'GET' && method !== 'HEAD')
    return (sendJson(res, 405, { detail: 'Method Not Allowed' }), 405);

  switch (path) {
    case '/':
      await sleep(st.latency('root') / st.s.timeScale, signal);
      return (sendText(res, 200, 'application/json', ROOT_TEXT), 200);
    case '/api/health': {
      const body = await slowCheck(st, 'health', signal);
      return body ? (sendJson(res, 200, body), 200) : 0;
    }
    case '/metrics': {
      const m = await st.metrics.text();
      return (sendText(res, 200, m.contentType, m.body), 200);
    }
    case '/api/monitoring/stats': {
      const health = await slowCheck(st, 'stats', signal);
      if (!health) return 0;
      const a = st.accounting;
      const up = a.uptimeSeconds();
      const body = {
        health,
        metrics: {
          uptime_seconds: round(up, 2),
          total_requests: a.totalRequests,
          total_errors: a.totalErrors,
          error_rate: a.totalRequests ? round(a.totalErrors / a.totalRequests, 4) : 0,
          requests_per_second: up > 0 ? round(a.totalRequests / up, 3) : 0,
        },
        alerts: st.alerts.summary(24),
        system_info: {
          version: '2.0.0',
          environment: 'sandbox',
          monitoring_enabled: true,
          uptime_seconds: round(up, 2),
        },
      };
      return (sendJson(res, 200, body), 200);
    }
    case '/api/monitoring/alerts/history': {
      const h = Number(url.searchParams.get('hours') ?? 24);
      if (!Number.isInteger(h)) {
        const input = url.searchParams.get('hours');
        return (
          sendJson(res, 422, {
            detail: [
              {
                type: 'int_parsing',
                loc: ['query', 'hours'],
                msg: 'Input should be a valid integer, unable to parse string as an integer',
                input,
              },
            ],
          }),
          422
        );
      }
      return (sendJson(res, 200, st.alerts.history(h)), 200);
    }
    default: {
      // /api/admin/rate-limits: the sandbox behaves as if Redis were configured, so cost figures are live.
      const top = [...st.accounting.costByUser]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 10)
        .map(([user_id, cost]) => ({ user_id, cost_today: round(cost) }));
      const body = {
        status: 'success',
        rate_limiting: {
          enabled: true,
          redis_available: true,
          system_stats: {
            tracked_users: st.accounting.costByUser.size,
            total_requests: st.accounting.totalRequests,
          },
        },
        cost_tracking: {
          total_cost_today: round(st.accounting.totalCostUsd()),
          total_users_with_usage: st.accounting.costByUser.size,
          top_users: top,
        },
        tier_configuration: TIER_CONFIGURATION,
        endpoint_costs: { ...st.s.config.costModel.perCall },
        timestamp: naiveIso(st.s.now()),
      };
      return (sendJson(res, 200, body), 200);
    }
  }
}
