/**
 * The generate/analyze handlers, in the real service's order: validate the body (422),
 * check the API key (401, routine only), duplicate detection (429, routine and nutrition),
 * then the work — through the capacity model, the latency model and the faults.
 */
import type { ServerResponse } from 'node:http';
import { COST_KEY, type GenerateKind } from './accounting';
import { sameSecret, sendJson, sleep } from './http';
import {
  behaviorBody,
  duplicateDetail,
  ERROR_PREFIX,
  INSIGHTS_BROKEN_DETAIL,
  insightsBody,
  nutritionBody,
  routineBody,
  routineDataErrorBody,
  type Json,
} from './plans';
import type { SandboxState } from './state';
import { validateBody } from './validate';

const DEFAULT_ARCHETYPE = 'Foundation Builder';

export interface GenerateRequest {
  kind: GenerateKind;
  userId: string;
  rawBody: string;
  apiKeyHeader: string | string[] | undefined;
  /** Aborted when the client goes away or the sandbox shuts down. */
  signal: AbortSignal;
}

/** Handles one generate/analyze call end to end and records it; returns the status sent. */
export async function handleGenerate(
  st: SandboxState,
  res: ServerResponse,
  r: GenerateRequest,
): Promise<number> {
  const endpoint = COST_KEY[r.kind];
  const started = st.s.now();
  const finish = (status: number, body: Json, outcome?: 'charged' | 'uncharged' | 'error') => {
    sendJson(res, status, body);
    // What the service logs when a handler fails: the platform's log search finds it.
    if (status >= 500) st.platform.app('error', `${endpoint} failed: ${String(body.detail)}`);
    const modelledS = ((st.s.now() - started) * st.s.timeScale) / 1000;
    st.metrics.handled(endpoint, status, modelledS);
    if (outcome) {
      st.accounting.call(r.kind, r.userId, outcome);
      // What the call allocated stays until a restart (the real service's growth).
      st.memory.call();
    }
    if (outcome === 'charged') st.metrics.charged(endpoint, st.s.config.costModel.perCall[endpoint] ?? 0);
    return status;
  };

  const parsed = validateBody(
    r.kind === 'behavior' ? 'behavior' : r.kind === 'insights' ? 'insights' : 'plan',
    r.rawBody,
  );
  // FastAPI rejects the body before any dependency runs: no handler metrics for a 422.
  if (!parsed.ok) return (sendJson(res, 422, { detail: parsed.errors }), 422);
  if (r.kind === 'routine' && !sameSecret(r.apiKeyHeader, st.s.apiKey))
    return finish(401, { detail: 'User not authenticated' });
  const archetype = typeof parsed.body.archetype === 'string' ? parsed.body.archetype : DEFAULT_ARCHETYPE;
  const release =
    r.kind === 'routine' || r.kind === 'nutrition'
      ? st.claimDuplicateKey(r.kind, r.userId, archetype)
      : () => {};
  if (!release) return finish(429, { detail: duplicateDetail(r.kind as 'routine' | 'nutrition') });
  let outcome: 'release' | 'hold' = 'release';
  try {
    return await work(st, r, archetype, finish, () => (outcome = 'hold'));
  } finally {
    release(outcome);
  }
}

type Finish = (status: number, body: Json, outcome?: 'charged' | 'uncharged' | 'error') => number;

/** The call's work once its duplicate key is taken: capacity, latency, faults, the body. `hold` keeps the key taken. */
async function work(
  st: SandboxState,
  r: GenerateRequest,
  archetype: string,
  finish: Finish,
  hold: () => void,
): Promise<number> {
  // The current release fails at once on a missing import, before any OpenAI call.
  if (r.kind === 'insights' && !st.s.healInsights)
    return finish(500, { detail: INSIGHTS_BROKEN_DETAIL }, 'error');
  // Supabase unreachable: behaviour data cannot be read (the recorded answers of the real service).
  if (st.faults.has('database-outage')) {
    // The one path of the service that ends without giving the duplicate key back.
    if (r.kind === 'routine') return (hold(), finish(200, routineDataErrorBody(r.userId), 'uncharged'));
    return finish(
      500,
      {
        detail: `${ERROR_PREFIX[r.kind]}: Shared behavior analysis failed for user ${r.userId}: Fresh behavior analysis failed for user ${r.userId}: Database connection failed`,
      },
      'error',
    );
  }

  const admission = await st.capacity.acquire(r.signal);
  if (!admission.ok) {
    if (admission.reason === 'aborted') return 0;
    if (admission.reason === 'queue-full') return finish(503, { detail: 'Service Unavailable' }, 'error');
    return finish(500, { detail: `${ERROR_PREFIX[r.kind]}: Request timed out.` }, 'error');
  }
  try {
    const failure = st.openaiFailure();
    let modelled = st.latency(r.kind) * st.capacity.slowdown();
    const spike = st.faults.get('latency-spike');
    if (spike) modelled *= spike.value;
    // OpenAI's client retries a 429 twice with backoff before the service falls back.
    if (st.faults.has('openai-rate-limit')) modelled += st.s.profile === 'realistic' ? 2_500 : 5;
    if (r.kind === 'routine') {
      const lockKey = `${r.userId}\u0000${archetype}`;
      // A repeat call for the same (user, archetype) waits on the never-released lock (~30 s).
      if (st.routineLocks.has(lockKey)) modelled += st.s.profile === 'realistic' ? 30_000 : 30;
      st.routineLocks.add(lockKey);
    }
    if (!(await sleep(modelled / st.s.timeScale, r.signal))) return 0;

    const burst = st.faults.get('error-burst');
    if (burst && st.rng() < burst.value) {
      return finish(
        500,
        {
          detail: `${ERROR_PREFIX[r.kind]}: Error code: 500 - The server had an error while processing your request.`,
        },
        'error',
      );
    }
    const ctx = {
      userId: r.userId,
      archetype,
      now: st.s.now(),
      seconds: modelled / 1000,
      openaiError: failure?.error,
    };
    const body =
      r.kind === 'routine'
        ? routineBody(ctx)
        : r.kind === 'nutrition'
          ? nutritionBody(ctx)
          : r.kind === 'behavior'
            ? behaviorBody(ctx)
            : insightsBody(ctx);
    return finish(200, body, failure ? 'uncharged' : 'charged');
  } finally {
    admission.release();
  }
}
