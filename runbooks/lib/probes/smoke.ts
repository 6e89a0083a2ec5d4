/**
 * The smoke checklist of the reference as named steps, each with a duration and a
 * verdict. HTTP 200 is not success: generate bodies are read with the response rules.
 * Returns a typed result; never prints, never exits.
 */
import type { Config, JourneyStep } from '../config/schema';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { exitCodeFor, keyRefusedError, RunbookError, type ErrorCode } from '../errors';
import { classifyResponse, explainStatus, readHealth, BASIC_CHECK_ONLY } from '../checks/response-rules';
import { httpRequest, expectJson, expectOkJson, joinUrl, parseJsonBody, type HttpResponse } from '../http';
import { parsePrometheus, valueOf } from '../metrics';
import { SANDBOX_HEADER, isUnreachable, toProbeError, type ProbeDeps } from './common';
import { DuplicateGuard, fillTemplate, freshUserId } from './duplicates';
import { formatMb } from '../units';

export const SMOKE_STEP_IDS = [
  'liveness',
  'health',
  'metrics',
  'routine',
  'nutrition',
  'behavior',
  'auth',
  'validation',
  'insights',
] as const;
export type SmokeStepId = (typeof SMOKE_STEP_IDS)[number];

/** Steps that send the X-API-Key (the auth step proves a call without it is refused). */
const KEYED_STEPS: readonly SmokeStepId[] = ['routine', 'nutrition', 'behavior', 'validation', 'insights'];

/** The steps a run with these options takes, in checklist order. */
export function selectedSteps(opts: Pick<SmokeOptions, 'only' | 'skip'>): SmokeStepId[] {
  return SMOKE_STEP_IDS.filter(
    (id) => (!opts.only?.length || opts.only.includes(id)) && !opts.skip?.includes(id),
  );
}

/** Whether a run with these options sends the API key. */
export function smokeNeedsKey(opts: Pick<SmokeOptions, 'only' | 'skip'>): boolean {
  return selectedSteps(opts).some((id) => KEYED_STEPS.includes(id));
}

export const SMOKE_STEP_TITLES: Record<SmokeStepId, string> = {
  liveness: 'liveness: GET / answers',
  health: 'health: GET /api/health body is not critical',
  metrics: 'metrics: /metrics exposes holisticos_memory_usage_bytes',
  routine: 'routine: generate with the key succeeds (no fallback, time_blocks present)',
  nutrition: 'nutrition: generate succeeds (no fallback)',
  behavior: 'behavior: analyze succeeds',
  auth: 'negative: routine without the key is refused (401)',
  validation: 'negative: wrong-type archetype is rejected (422)',
  insights: 'insights: generate (known broken in the current release)',
};

export type StepVerdict = 'pass' | 'warn' | 'fail' | 'known-broken' | 'skipped';

export interface SmokeStep {
  id: SmokeStepId;
  title: string;
  verdict: StepVerdict;
  durationMs: number;
  /** What was seen (pass) or why it failed, one line. */
  detail: string;
  code: ErrorCode | null;
  hint: string | null;
}

export interface SmokeResult {
  baseUrl: string;
  userId: string;
  sandbox: boolean;
  steps: SmokeStep[];
  failed: SmokeStep[];
}

export interface SmokeOptions {
  only?: readonly SmokeStepId[];
  skip?: readonly SmokeStepId[];
  /** Overrides every step's timeout, ms. */
  timeoutMs?: number;
  /** Fail the run when insights fails, even though the config marks it known-broken. */
  insightsRequired?: boolean;
  apiKey?: string;
}

export type SmokeEvent =
  { type: 'step-start'; id: SmokeStepId; title: string } | { type: 'step-end'; step: SmokeStep };

type StepOutcome =
  | { verdict: 'pass' | 'warn' | 'known-broken'; detail: string }
  | { verdict: 'fail'; detail: string; code?: ErrorCode; hint?: string };

/** Default timeout key per step; `timeouts.smoke_<id>` in the config overrides it. */
const TIMEOUT_KEY: Record<SmokeStepId, string> = {
  liveness: 'root',
  health: 'health',
  metrics: 'metrics',
  routine: 'generate',
  nutrition: 'generate',
  behavior: 'generate',
  auth: 'root',
  validation: 'root',
  insights: 'insights',
};

export function stepTimeoutMs(config: Config, id: SmokeStepId): number {
  const t = config.timeouts as Record<string, number>;
  return t[`smoke_${id}`] ?? t[TIMEOUT_KEY[id]] ?? config.timeouts.generate;
}

/** Runs the selected smoke steps in checklist order; a connection-level failure skips the rest. */
export async function runSmoke(
  config: Config,
  baseUrl: string,
  opts: SmokeOptions = {},
  deps: ProbeDeps & { onEvent?: (e: SmokeEvent) => void } = {},
): Promise<SmokeResult> {
  const request = deps.request ?? httpRequest;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const j = config.journey;
  const userId = freshUserId(j.userIdPrefix, 'smoke', now, random);
  const guard = new DuplicateGuard(config.duplicateWindowS, now);
  const r = Math.floor(random() * j.archetypes.length);
  const archetype = (k: number) => j.archetypes[(r + k) % j.archetypes.length]!;
  const journeyStep = (id: string): JourneyStep | undefined => j.steps.find((s) => s.id === id);
  const result: SmokeResult = { baseUrl, userId, sandbox: false, steps: [], failed: [] };
  joinUrl(baseUrl, '/'); // a malformed base URL is a usage error before any step runs

  const send = async (
    id: SmokeStepId,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    withKey = false,
  ): Promise<HttpResponse> => {
    const headers: Record<string, string> = {};
    if (withKey) {
      if (!opts.apiKey)
        throw new RunbookError(
          'RB_ENV',
          `${j.apiKeyEnv} is not set, so the ${id} step cannot authenticate.`,
          { hint: `Export ${j.apiKeyEnv} with the service's X-API-Key value.` },
        );
      headers[j.apiKeyHeader] = opts.apiKey;
    }
    const res = await request({
      method,
      url: joinUrl(baseUrl, path),
      headers,
      body,
      timeoutMs: opts.timeoutMs ?? stepTimeoutMs(config, id),
      signal: deps.signal,
    });
    if (res.headers[SANDBOX_HEADER] === '1') result.sandbox = true;
    return res;
  };

  const generate = async (
    id: 'routine' | 'nutrition' | 'behavior',
    expect: 'routine' | 'nutrition' | 'behavior',
    k: number,
    fallbackPath: string,
  ): Promise<StepOutcome> => {
    const js = journeyStep(id);
    const a = archetype(k);
    const vars = { user_id: userId, archetype: a };
    guard.claim(userId, a);
    const res = await send(
      id,
      'POST',
      fillTemplate(js?.path ?? fallbackPath, vars),
      fillTemplate(js?.body ?? { archetype: '{archetype}' }, vars),
      true,
    );
    const parsed = parseJsonBody(res);
    if (!parsed.ok && res.status >= 200 && res.status < 300) expectJson(res); // throws RB_BAD_RESPONSE naming HTML etc.
    const o = classifyResponse(expect, res.status, parsed.ok ? parsed.value : undefined);
    if (o.ok)
      return {
        verdict: 'pass',
        detail: `HTTP ${res.status}, status "success" (user ${userId}, archetype "${a}")`,
      };
    if (res.status === 401 || res.status === 403) return refused(id, res);
    if (o.kind === 'http') return { verdict: 'fail', detail: o.reason, code: 'RB_HTTP' };
    return {
      verdict: 'fail',
      detail: o.reason,
      code: o.kind === 'bad-body' ? 'RB_BAD_RESPONSE' : 'RB_CHECK_FAILED',
    };
  };

  // The key was sent and refused: the error every script gives for it (RB_AUTH, exit 2).
  const refused = (id: SmokeStepId, res: HttpResponse): StepOutcome => {
    const b = parseJsonBody(res);
    const said =
      b.ok && b.value && typeof b.value === 'object' ? (b.value as { detail?: unknown }).detail : undefined;
    const e = keyRefusedError(
      baseUrl,
      `its ${id} call was answered HTTP ${res.status}${typeof said === 'string' ? ` "${said.slice(0, 120)}"` : ''}`,
      j.apiKeyEnv,
    );
    return { verdict: 'fail', detail: e.message, code: 'RB_AUTH', hint: e.hint ?? '' };
  };

  const negative = async (
    id: 'auth' | 'validation',
    expected: number,
    body: unknown,
    withKey: boolean,
  ): Promise<StepOutcome> => {
    // Its own user id: a negative call must never hold a duplicate-detection key the positive steps need.
    const res = await send(
      id,
      'POST',
      `/api/user/${encodeURIComponent(`${userId}_${id}`)}/routine/generate`,
      body,
      withKey,
    );
    const parsed = parseJsonBody(res);
    if (res.status === expected)
      return {
        verdict: 'pass',
        detail:
          explainStatus(expected, parsed.ok ? parsed.value : undefined, j.apiKeyEnv).split(':')[0]! +
          ' as expected',
      };
    const what =
      id === 'auth'
        ? 'a routine request without X-API-Key'
        : 'a routine request with archetype 123 (a number)';
    return {
      verdict: 'fail',
      code: 'RB_CHECK_FAILED',
      detail: `${what} answered HTTP ${res.status}, expected ${expected}${res.status === 200 ? ' (the endpoint is not guarded)' : ''}`,
    };
  };

  const steps: Record<SmokeStepId, () => Promise<StepOutcome>> = {
    liveness: async () => {
      const res = await send('liveness', 'GET', '/');
      const body = expectOkJson(res, j.apiKeyEnv) as { status?: unknown; version?: unknown };
      return {
        verdict: 'pass',
        detail: `HTTP ${res.status}, status "${String(body?.status)}"${body?.version ? `, version ${String(body.version)}` : ''}`,
      };
    },
    health: async () => {
      const res = await send('health', 'GET', '/api/health');
      const h = readHealth(expectOkJson(res, j.apiKeyEnv));
      if (!h)
        return {
          verdict: 'fail',
          code: 'RB_BAD_RESPONSE',
          detail: 'the body has neither "overall_status" nor "status"',
        };
      const causes = h.causes.length ? `: ${h.causes.join('; ')}` : '';
      if (h.status === 'critical')
        return { verdict: 'fail', code: 'RB_CHECK_FAILED', detail: `health is critical${causes}` };
      if (h.shape === 'fallback')
        return { verdict: 'warn', detail: `status "${h.status}" in the basic body: ${BASIC_CHECK_ONLY}` };
      return {
        verdict: h.status === 'degraded' ? 'warn' : 'pass',
        detail: `overall "${h.status}" in the full body${causes}`,
      };
    },
    metrics: async () => {
      const res = await send('metrics', 'GET', '/metrics');
      if (res.status !== 200)
        return { verdict: 'fail', code: 'RB_HTTP', detail: explainStatus(res.status, undefined) };
      const v = valueOf(parsePrometheus(res.text), 'holisticos_memory_usage_bytes');
      if (v === undefined)
        return {
          verdict: 'fail',
          code: 'RB_CHECK_FAILED',
          detail: '/metrics does not expose holisticos_memory_usage_bytes',
        };
      return { verdict: 'pass', detail: `holisticos_memory_usage_bytes = ${formatMb(v / 1024 / 1024)}` };
    },
    routine: () => generate('routine', 'routine', 0, '/api/user/{user_id}/routine/generate'),
    nutrition: () => generate('nutrition', 'nutrition', 1, '/api/user/{user_id}/nutrition/generate'),
    behavior: () => generate('behavior', 'behavior', 2, '/api/user/{user_id}/behavior/analyze'),
    auth: () => negative('auth', 401, { archetype: archetype(3) }, false),
    validation: () => negative('validation', 422, { archetype: 123 }, true),
    insights: async () => {
      const js = journeyStep('insights');
      const res = await send(
        'insights',
        'POST',
        fillTemplate(js?.path ?? '/api/user/{user_id}/insights/generate', { user_id: userId }),
        fillTemplate(js?.body ?? {}, { user_id: userId, archetype: archetype(4) }),
        true,
      );
      const parsed = parseJsonBody(res);
      const o = classifyResponse('insights', res.status, parsed.ok ? parsed.value : undefined);
      if (res.status === 401 || res.status === 403) return refused('insights', res);
      if (o.ok)
        return {
          verdict: 'pass',
          detail: `HTTP ${res.status}${js?.knownBroken ? ' — insights works now: set knownBroken: false in runbooks.config.ts' : ''}`,
        };
      if (js?.knownBroken && !opts.insightsRequired)
        return {
          verdict: 'known-broken',
          detail: `${o.reason} (known broken in the current release; not counted — pass --insights-required to fail on it)`,
        };
      return { verdict: 'fail', code: 'RB_CHECK_FAILED', detail: o.reason };
    },
  };

  let unreachable: string | undefined;
  for (const id of SMOKE_STEP_IDS) {
    const title = SMOKE_STEP_TITLES[id];
    if (
      (opts.only?.length && !opts.only.includes(id)) ||
      opts.skip?.includes(id) ||
      unreachable ||
      deps.signal?.aborted
    ) {
      if (opts.only?.length && !opts.only.includes(id)) continue;
      const why = opts.skip?.includes(id)
        ? 'skipped by --skip'
        : deps.signal?.aborted
          ? 'interrupted'
          : `not run: ${unreachable}`;
      result.steps.push({
        id,
        title,
        verdict: 'skipped',
        durationMs: 0,
        detail: why,
        code: null,
        hint: null,
      });
      continue;
    }
    deps.onEvent?.({ type: 'step-start', id, title });
    const t0 = performance.now();
    let step: SmokeStep;
    try {
      const o = await steps[id]();
      step = {
        id,
        title,
        verdict: o.verdict,
        durationMs: performance.now() - t0,
        detail: o.detail,
        code: o.verdict === 'fail' ? (o.code ?? 'RB_CHECK_FAILED') : null,
        hint: o.verdict === 'fail' ? (o.hint ?? null) : null,
      };
    } catch (e) {
      if (e instanceof RunbookError && e.code === 'RB_USAGE') throw e;
      const err = toProbeError(e);
      step = {
        id,
        title,
        verdict: 'fail',
        durationMs: performance.now() - t0,
        detail: err.message,
        code: err.code,
        hint: err.hint,
      };
      // Connection refused / DNS / TLS: every later step would fail the same way.
      if (isUnreachable(err) && err.code !== 'RB_TIMEOUT')
        unreachable = `the target was unreachable at the ${id} step`;
    }
    result.steps.push(step);
    if (step.verdict === 'fail') result.failed.push(step);
    deps.onEvent?.({ type: 'step-end', step });
  }
  return result;
}

/** The refused-key error of a run whose key a step saw refused (the same one every script gives), else undefined. */
export function smokeKeyRefused(r: Pick<SmokeResult, 'failed'>): RunbookError | undefined {
  const s = r.failed.find((x) => x.code === 'RB_AUTH');
  return s ? new RunbookError('RB_AUTH', s.detail, s.hint ? { hint: s.hint } : {}) : undefined;
}

/** 0 when no step failed (warnings fail under strict); otherwise the worst: 2 config or a refused key, 3 unreachable, 1 failed. */
export function smokeExitCode(r: SmokeResult, strict = false): ExitCode {
  const codes = r.failed.map((s) => exitCodeFor(s.code ?? 'RB_CHECK_FAILED'));
  if (codes.includes(EXIT.USAGE)) return EXIT.USAGE;
  if (codes.includes(EXIT.UNREACHABLE)) return EXIT.UNREACHABLE;
  if (codes.length) return EXIT.FAILED;
  if (strict && r.steps.some((s) => s.verdict === 'warn')) return EXIT.FAILED;
  return EXIT.OK;
}
