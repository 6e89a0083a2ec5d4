/**
 * How to read the real service's answers. HTTP 200 does not mean success there: health is
 * always 200 with the verdict in the body, and the generate endpoints answer 200 with a
 * fallback plan when OpenAI fails. Every probe and the load engine classify responses
 * here, so "healthy" and "success" mean the same thing everywhere.
 * See shared/reference/holisticos-api.md ("Generate responses", "Health body").
 */
import type { JourneyStep } from '../config/schema';

/**
 * The header every sandbox response carries (value "1"), lower-cased as Node and undici
 * report header names. The sandbox sets it; probes and the load engine read it so no
 * report mistakes the sandbox for the service.
 */
export const SANDBOX_HEADER = 'x-holisticos-sandbox';

export type Outcome =
  | { ok: true; kind: 'success' }
  | { ok: false; kind: 'soft-failure'; reason: string }
  | { ok: false; kind: 'http'; status: number; reason: string }
  | { ok: false; kind: 'bad-body'; reason: string };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function isFallbackModel(model: unknown): boolean {
  return typeof model === 'string' && /fallback/i.test(model);
}

/** Explains the 4xx/5xx statuses the real service uses, for messages and reports. */
export function explainStatus(status: number, body: unknown, apiKeyEnv = 'HOLISTICOS_API_KEY'): string {
  const detail = isObj(body) && typeof body.detail === 'string' ? body.detail : undefined;
  switch (status) {
    case 401:
      return `401 ${detail ?? 'not authenticated'}: the X-API-Key header was missing or wrong — check ${apiKeyEnv}`;
    case 429:
      return `429 duplicate request: a generate call for the same user and archetype is still running, or ended without releasing its key (a 200 with status "error" keeps it up to 60 s) — duplicate detection, not rate limiting; use a fresh user id per call, or retry once the first call has finished`;
    case 422:
      return `422 validation error${isObj(body) && Array.isArray(body.detail) ? `: ${(body.detail as Json[]).map((d) => `${(d.loc as unknown[] | undefined)?.join('.')} ${d.msg}`).join('; ')}` : ''}`;
    case 404:
      return `404 ${detail ?? 'Not Found'}: the endpoint does not exist in this release`;
    default:
      if (status >= 500)
        return `${status} server error${detail ? `: ${detail}` : isObj(body) && typeof body.message === 'string' ? `: ${body.message}` : ''}`;
      return `HTTP ${status}${detail ? `: ${detail}` : ''}`;
  }
}

function planOutcome(
  plan: unknown,
  label: 'routine_plan' | 'nutrition_plan',
  requireTimeBlocks: boolean,
): Outcome {
  if (!isObj(plan) || Object.keys(plan).length === 0)
    return { ok: false, kind: 'soft-failure', reason: `${label} is empty` };
  // The model is the clearest sign of a fallback, so it leads; the plan's error follows as the cause.
  const why = 'error' in plan ? `: ${String(plan.error).slice(0, 200)}` : '';
  if (isFallbackModel(plan.model_used))
    return {
      ok: false,
      kind: 'soft-failure',
      reason: `fallback plan: model_used is "${String(plan.model_used)}" (OpenAI failed)${why}`,
    };
  if ('error' in plan)
    return { ok: false, kind: 'soft-failure', reason: `${label}.error present (fallback plan)${why}` };
  if (typeof plan.plan_type === 'string' && plan.plan_type.startsWith('fallback'))
    return { ok: false, kind: 'soft-failure', reason: `fallback plan: plan_type is "${plan.plan_type}"` };
  if (requireTimeBlocks) {
    if (typeof plan.content !== 'string')
      return { ok: false, kind: 'bad-body', reason: `${label}.content is not a JSON string` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(plan.content);
    } catch {
      return { ok: false, kind: 'bad-body', reason: `${label}.content is not valid JSON` };
    }
    const blocks = isObj(parsed) ? parsed.time_blocks : undefined;
    if (!Array.isArray(blocks) || blocks.length === 0)
      return { ok: false, kind: 'soft-failure', reason: `${label}.content has no time_blocks` };
  }
  return { ok: true, kind: 'success' };
}

/** Classifies one response of a journey step by the rules of its `expect`. */
export function classifyResponse(expect: JourneyStep['expect'], status: number, body: unknown): Outcome {
  if (status < 200 || status >= 300)
    return { ok: false, kind: 'http', status, reason: explainStatus(status, body) };
  if (!isObj(body)) return { ok: false, kind: 'bad-body', reason: 'the body is not a JSON object' };
  switch (expect) {
    case 'json':
      return { ok: true, kind: 'success' };
    case 'health': {
      const h = readHealth(body);
      if (!h)
        return {
          ok: false,
          kind: 'bad-body',
          reason: 'neither overall_status nor status in the health body',
        };
      return h.status === 'critical'
        ? {
            ok: false,
            kind: 'soft-failure',
            reason: `health is critical${h.causes.length ? `: ${h.causes.join('; ')}` : ''}`,
          }
        : { ok: true, kind: 'success' };
    }
    case 'routine':
    case 'nutrition': {
      if (body.status !== 'success') {
        const meta = isObj(body.generation_metadata) ? body.generation_metadata : {};
        return {
          ok: false,
          kind: 'soft-failure',
          reason: `status is "${String(body.status)}"${meta.error ? `: ${String(meta.error)}` : ''}`,
        };
      }
      return expect === 'routine'
        ? planOutcome(body.routine_plan, 'routine_plan', true)
        : planOutcome(body.nutrition_plan, 'nutrition_plan', false);
    }
    case 'behavior':
    case 'insights':
      if (body.status === 'error')
        return {
          ok: false,
          kind: 'soft-failure',
          reason: `status is "error"${typeof body.error === 'string' ? `: ${body.error}` : ''}`,
        };
      return { ok: true, kind: 'success' };
  }
}

export type HealthStatus = 'healthy' | 'degraded' | 'critical';

/**
 * What the fallback health body means, in every output that meets it: the service answers
 * it when its monitoring module is unavailable, claiming the database is operational
 * without asking it and never looking at OpenAI.
 */
export const BASIC_CHECK_ONLY = 'basic check only: database and OpenAI not verified';

export interface SubService {
  name: string;
  status: string;
  responseTimeMs: number | null;
  message: string;
}

export interface HealthReading {
  status: HealthStatus;
  /** `full` = the normal body (overall_status); `fallback` = the basic body (status) of a service whose monitoring module is unavailable. */
  shape: 'full' | 'fallback';
  services: SubService[];
  /** "<service>: <message>" for every non-healthy sub-service, worst first. */
  causes: string[];
  processMemoryMb: number | null;
}

function normStatus(s: unknown): HealthStatus | undefined {
  return s === 'healthy' || s === 'degraded' || s === 'critical' ? s : undefined;
}

/** Reads either health body shape; undefined when it is neither. */
export function readHealth(body: unknown): HealthReading | undefined {
  if (!isObj(body)) return undefined;
  const full = normStatus(body.overall_status);
  if (full) {
    const services: SubService[] = [];
    const svc = isObj(body.services) ? body.services : {};
    for (const [name, v] of Object.entries(svc)) {
      if (!isObj(v)) continue;
      services.push({
        name,
        status: String(v.status ?? 'unknown'),
        responseTimeMs: typeof v.response_time_ms === 'number' ? v.response_time_ms : null,
        message: String(v.message ?? ''),
      });
    }
    const rank = (s: string) => (s === 'critical' ? 0 : s === 'degraded' ? 1 : s === 'healthy' ? 3 : 2);
    const causes = services
      .filter((s) => s.status !== 'healthy')
      .sort((a, b) => rank(a.status) - rank(b.status))
      .map((s) => `${s.name}: ${s.message || s.status}`);
    const sys = isObj(svc.system) && isObj(svc.system.details) ? svc.system.details : {};
    const mem = typeof sys.process_memory_mb === 'number' ? sys.process_memory_mb : null;
    return { status: full, shape: 'full', services, causes, processMemoryMb: mem };
  }
  const fb = normStatus(body.status);
  if (fb) {
    const svc = isObj(body.services) ? body.services : {};
    const services = Object.entries(svc).map(([name, v]) => ({
      name,
      status: String(v),
      responseTimeMs: null,
      message: '',
    }));
    return { status: fb, shape: 'fallback', services, causes: [], processMemoryMb: null };
  }
  return undefined;
}
