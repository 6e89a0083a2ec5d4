/**
 * The fault catalogue, as data: the one place every sandbox fault is defined and
 * documented. The sandbox implements them, the site renders `FAULTS` as the faults'
 * reference page, the CLIs (sandbox, benchmark, drill) validate names against it, and the
 * admin route switches faults by these names. It imports nothing of the sandbox, so the
 * load tools and the site can read it without loading the sandbox.
 *
 * A fault is written `name` or `name:param`, e.g. `cold-start:10s`, `latency-spike:5`.
 */
import { parseDuration } from '../units';

export type FaultName =
  | 'latency-spike'
  | 'error-burst'
  | 'openai-outage'
  | 'openai-key-revoked'
  | 'openai-rate-limit'
  | 'database-outage'
  | 'memory-leak'
  | 'cold-start'
  | 'crash'
  | 'crash-loop'
  | 'cost-runaway';

export interface FaultParamSpec {
  /** How the optional `:param` is read. */
  kind: 'number' | 'duration';
  /** What it means. */
  description: string;
  /** Value used when no param is given (ms for durations). */
  default: number;
  min: number;
  max: number;
}

export interface FaultSpec {
  name: FaultName;
  /** One line, for tables. */
  summary: string;
  /** What a client observes while it is on: status codes, bodies, metrics. */
  effect: string;
  params: FaultParamSpec | null;
}

export const FAULTS: readonly FaultSpec[] = [
  {
    name: 'latency-spike',
    summary: 'every modelled delay is multiplied',
    effect:
      'health, stats and the generate endpoints answer as usual but N times slower; p95 and the request-duration histogram jump.',
    params: { kind: 'number', description: 'delay multiplier', default: 10, min: 1, max: 1000 },
  },
  {
    name: 'error-burst',
    summary: "a share of generate calls fail with the handlers' 500",
    effect:
      'routine, nutrition, behavior and insights answer 500 {"detail":"Failed to …: …"} with the given probability; holisticos_errors_total climbs.',
    params: {
      kind: 'number',
      description: 'probability of a 500 per call (0–1)',
      default: 0.5,
      min: 0,
      max: 1,
    },
  },
  {
    name: 'openai-outage',
    summary: 'OpenAI cannot be reached (connection errors)',
    effect:
      'health overall_status "degraded" with services.openai degraded ("OpenAI error: Connection error."), as the real service reports a connection error; generate calls answer HTTP 200 with fallback plans (routine status "success" with model_used "gpt-4o - fallback" and routine_plan.error; nutrition model_used "fallback", plan_type "fallback_nutrition"; behavior status "error"). Health alone does not fail: read the bodies.',
    params: null,
  },
  {
    name: 'openai-key-revoked',
    summary: "OpenAI rejects the service's key (401 upstream)",
    effect:
      'health overall_status "critical" with services.openai critical ("OpenAI authentication failed: Error code: 401 …"); generate calls answer HTTP 200 with the same fallback plans as an outage.',
    params: null,
  },
  {
    name: 'openai-rate-limit',
    summary: 'OpenAI answers 429 (rate limit reached)',
    effect:
      'health overall_status "degraded" with services.openai degraded; generate calls are slower (client retries) and answer HTTP 200 with the same fallback plans as an outage.',
    params: null,
  },
  {
    name: 'database-outage',
    summary: 'Supabase cannot be reached',
    effect:
      'routine answers HTTP 200 {"status":"error"} ("Behavior analysis failed or returned no results") and keeps its duplicate-detection key for 60 s, so a retry of the same user and archetype gets 429; nutrition and behavior answer 500 ("Shared behavior analysis failed …"). Health stays "healthy": on Render the service skips its database check.',
    params: null,
  },
  {
    name: 'memory-leak',
    summary: 'modelled memory climbs steadily until the platform kills the instance',
    effect:
      "holisticos_memory_usage_bytes, health services.system.details.process_memory_mb and the platform's memory metric climb from a fresh instance's memory through the memory target (system degraded) and the memory alert (system critical), at the default rate within about a minute. At the plan's memory limit the platform OOM-kills the instance, as Render does: a server_failed event with reason oomKilled, 503 while it restarts, its counters, alerts and duplicate keys gone, then server_restarted and server_available; the leak, still on, starts over with the new instance. Only a restart (or a deploy) frees what leaked.",
    params: {
      kind: 'number',
      description: 'growth in MB per second of wall time',
      default: 5,
      min: 0.1,
      max: 500,
    },
  },
  {
    name: 'cold-start',
    summary: 'the instance is still starting',
    effect:
      'every API request answers 503 {"detail":"Service Unavailable"} for the first N seconds (wall time) after the fault is switched on; the /__sandbox routes keep working.',
    params: { kind: 'duration', description: 'how long it lasts', default: 20_000, min: 0, max: 3_600_000 },
  },
  {
    name: 'crash',
    summary: 'the process dies',
    effect:
      'after the delay the process exits with code 1, dropping every connection (a fatal error; an instance killed for memory is the memory-leak fault’s end, modelled without exiting).',
    params: {
      kind: 'duration',
      description: 'delay before the exit',
      default: 1_000,
      min: 0,
      max: 3_600_000,
    },
  },
  // For the drills (runbooks/lib/drill): faults a responder meets on Render, switched on a running sandbox.
  {
    name: 'crash-loop',
    summary: 'the service keeps restarting',
    effect:
      'every N modelled seconds the instance crashes and restarts in place: every connection drops, requests in flight are cut (502 at the edge), counters, alerts and memory start again (uptime resets), and it answers 503 {"detail":"Service Unavailable"} while it starts; health flaps between 503 and healthy. The platform records each crash as Render does: an app error line, server_failed with reason nonZeroExit 1, server_restarted, then server_available. Remedy: roll back the release that brought it (switching the fault off resets a sandbox; a drill does not take it as a remedy).',
    params: {
      kind: 'duration',
      description: 'modelled time between restarts (divided by the time scale)',
      default: 30_000,
      min: 1_000,
      max: 3_600_000,
    },
  },
  {
    name: 'cost-runaway',
    summary: 'one client hammers the generate endpoints',
    effect:
      'routine calls from one user id ("runaway-client") are charged at the given rate: cost_tracking.total_cost_today and top_users in /api/admin/rate-limits, the sandbox accounting and holisticos_requests_total climb, so the daily cost alert fires within about a minute at the default rate. Clearing it stands for blocking the client (rotating the API key); what was billed stays billed.',
    params: {
      kind: 'number',
      description: 'charged routine calls per modelled second',
      default: 50,
      min: 1,
      max: 1000,
    },
  },
];

/** The user id the cost-runaway fault's client calls as (shown in top_users). */
export const RUNAWAY_USER_ID = 'runaway-client';

export const FAULT_NAMES: readonly FaultName[] = FAULTS.map((f) => f.name);

/** A parsed `name[:param]`. */
export interface FaultRequest {
  name: FaultName;
  /** The param's value (ms for durations), or the default. */
  value: number;
}

export type FaultParse = { ok: true; fault: FaultRequest } | { ok: false; message: string };

/** Parses `name` or `name:param` against the catalogue. */
export function parseFault(text: string): FaultParse {
  const raw = text.trim();
  const i = raw.indexOf(':');
  const name = i >= 0 ? raw.slice(0, i) : raw;
  const param = i >= 0 ? raw.slice(i + 1) : undefined;
  const spec = FAULTS.find((f) => f.name === name);
  if (!spec) return { ok: false, message: `unknown fault "${name}" (known: ${FAULT_NAMES.join(', ')})` };
  if (param === undefined || param === '')
    return { ok: true, fault: { name: spec.name, value: spec.params?.default ?? 0 } };
  if (!spec.params) return { ok: false, message: `fault "${name}" takes no parameter (got "${param}")` };
  const p = spec.params;
  const value = p.kind === 'duration' ? parseDuration(param) : Number(param);
  if (value === undefined || !Number.isFinite(value) || value < p.min || value > p.max) {
    const range =
      p.kind === 'duration' ? 'a duration such as 10s or 500ms' : `a number from ${p.min} to ${p.max}`;
    return {
      ok: false,
      message: `fault "${name}" needs ${range} as its parameter (${p.description}); got "${param}"`,
    };
  }
  return { ok: true, fault: { name: spec.name, value } };
}

/** `cold-start:10s`-style label of an active fault, for banners and the admin route. */
export function faultLabel(f: FaultRequest): string {
  const spec = FAULTS.find((s) => s.name === f.name);
  if (!spec?.params) return f.name;
  return `${f.name}:${spec.params.kind === 'duration' ? `${f.value / 1000}s` : f.value}`;
}
