/**
 * The load engine's vocabulary: what it is asked to run (options), what it tells while it
 * runs (events) and what it returns (a plain result object). autocannon's model: the
 * engine emits `tick`, `response` and `done`, and never prints.
 */
import type { JourneyStep } from '../config/schema';
import type { LatencySummary } from './hist';
import type { Stage } from './stages';
import type { Client } from 'undici';

/** How a response is judged: the service's response rules, or `status` (2xx = ok, body discarded; the bench). */
export type Expect = JourneyStep['expect'] | 'status';

/** One request of a journey, ready to send. `{user_id}` and `{archetype}` are filled per journey. */
export interface EngineStep {
  id: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Extra headers (the API key on auth steps). Never copied into results. */
  headers: Record<string, string>;
  timeoutMs: number;
  expect: Expect;
  /** Known broken in this release: measured and reported, left out of verdicts by default. */
  knownBroken: boolean;
}

/** Closed model: N users, each running journeys back to back (plus think time). */
export interface ClosedModel {
  type: 'closed';
  users: number;
  thinkMs: number;
  /** Ramp of the user count; replaces `users` over time when set. */
  stages?: Stage[];
}

/** Open model: journeys arrive at a rate whatever the target does (k6 constant-arrival-rate). */
export interface OpenModel {
  type: 'open';
  /** Journeys per second. */
  rate: number;
  /** Cap on journeys in flight; arrivals beyond it wait (late) or, past a backlog of the same size, are dropped. */
  maxInFlight: number;
  /** Ramp of the arrival rate (journeys/s); replaces `rate` over time when set. */
  stages?: Stage[];
}

export type WorkloadModel = ClosedModel | OpenModel;

export interface EngineOptions {
  baseUrl: string;
  steps: EngineStep[];
  model: WorkloadModel;
  /** Sending stops after this long (ms); in-flight journeys then get `graceMs` to finish. */
  durationMs: number;
  /** Hard cap on requests sent (config.capacity.maxRequests). */
  maxRequests: number;
  /** How long in-flight requests may finish after the end or a stop. */
  graceMs: number;
  /** Journey identity: user ids are `${userIdPrefix}_${runId}_${n}`, archetypes rotate. */
  userIdPrefix: string;
  runId: string;
  archetypes: readonly string[];
  /** Open model: a start later than this after its schedule counts as late. Default 10 ms. */
  lateToleranceMs?: number;
  /** Called every tick with the live aggregates; a returned string stops the run (abort-on-fail). */
  abortCheck?: (live: LiveView) => string | undefined;
  /** Response header that marks the sandbox. */
  sandboxHeader?: string;
}

export type ErrorKind = 'http' | 'soft-failure' | 'bad-body' | 'timeout' | 'connection';
export const ERROR_KINDS: readonly ErrorKind[] = [
  'http',
  'soft-failure',
  'bad-body',
  'timeout',
  'connection',
];

export interface ErrorCounts {
  http: number;
  'soft-failure': number;
  'bad-body': number;
  timeout: number;
  connection: number;
  /** HTTP errors by status code ("429": 3). */
  byStatus: Record<string, number>;
}

export interface StepResult {
  id: string;
  knownBroken: boolean;
  requests: number;
  ok: number;
  errors: ErrorCounts;
  /** Requests cut by a stop after the grace period: neither ok nor errors. */
  interrupted: number;
  /** From the intended start (open model: the journey's schedule); equals sendLatency in the closed model. */
  latency: LatencySummary;
  /** From the moment the request was actually sent. */
  sendLatency: LatencySummary;
  /** HdrHistogram compressed base64 (µs) of `latency`: thresholds read their percentiles from it, the report page its percentile curve. */
  histogram: string;
  /** The same for `sendLatency`. */
  sendHistogram: string;
}

export interface SecondSample {
  /** Seconds since the start (1 = the first second). */
  t: number;
  requests: number;
  errors: number;
  journeysStarted: number;
  inFlight: number;
  /** Users (closed) or journeys/s (open) the model aimed at during this second. */
  target: number;
  steps: Record<string, { requests: number; errors: number; p50: number; p95: number }>;
  generator: { cpuPct: number; loopDelayP99Ms: number };
}

export interface WindowSample {
  startS: number;
  endS: number;
  steps: Record<string, LatencySummary>;
  journey: LatencySummary;
}

export interface JourneyTotals {
  started: number;
  completed: number;
  succeeded: number;
  failed: number;
  /** Cut by the end or a stop before all steps ran. */
  interrupted: number;
  /** Open model: started later than the tolerance after their schedule. */
  late: number;
  /** Open model: late while in-flight journeys were below the cap, i.e. the generator's fault. */
  lateByGenerator: number;
  /** Open model: never started (the backlog was full). */
  dropped: number;
}

export interface RateCheck {
  targetJourneys: number;
  startedJourneys: number;
  targetRate: number;
  achievedRate: number;
  /** achieved / target. */
  ratio: number;
  ok: boolean;
}

export interface GeneratorHealth {
  cpuPctMean: number;
  cpuPctMax: number;
  /** Share of seconds with the generator's CPU at ≥ 90 % of one core. */
  saturatedSecondsPct: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  rssStartMb: number;
  rssEndMb: number;
}

export type StopReason =
  'duration' | 'max-requests' | 'interrupted' | 'abort-on-fail' | 'auth-refused' | 'unreachable';

/** Runs when a journey has ended: with the end's clock reading, and whether its connection failed. */
export type JourneyEnd = (at: number, connectionLost: boolean) => void;

/**
 * What the workload schedulers (models.ts) need of the engine. They see this interface,
 * not the engine class, so neither module imports the other.
 */
export interface SchedulerHost {
  now(): number;
  /** Clock reading at the start of the run. */
  readonly t0: number;
  /** No new journeys. */
  readonly stopping: boolean;
  readonly totals: JourneyTotals;
  readonly inFlight: { readonly size: number };
  newClient(): Client;
  startJourney(client: Client, scheduledAt: number, startedAt: number, onEnd: JourneyEnd): void;
}

export interface LoadResult {
  startedAt: string;
  endedAt: string;
  /** Wall time from the first send to the end of the grace period, ms. */
  elapsedMs: number;
  /** Time during which journeys were being started, ms. */
  sendWindowMs: number;
  stoppedBy: StopReason;
  /** Why the run stopped early (abort-on-fail names the threshold). */
  stopDetail?: string;
  partial: boolean;
  model: WorkloadModel;
  requests: number;
  journeys: JourneyTotals;
  steps: StepResult[];
  journey: { latency: LatencySummary; sendLatency: LatencySummary; histogram: string; sendHistogram: string };
  /** Most frequent error reasons, bounded. */
  errorReasons: { step: string; kind: ErrorKind; reason: string; count: number }[];
  timeSeries: SecondSample[];
  windows: WindowSample[];
  rate: RateCheck | null;
  generator: GeneratorHealth;
  invalid: boolean;
  invalidReasons: string[];
  /** A response carried the sandbox header. */
  sandbox: boolean;
}

/** What abort-on-fail checks and the live progress read each tick. */
/** Live latency of a step or of whole journeys since the start, ms (percentiles walk the histogram when read). */
export interface LiveLatency {
  latencyAt(p: number): number;
  sendLatencyAt(p: number): number;
  meanMs: number;
  maxMs: number;
  minMs: number;
  count: number;
}

export interface LiveView {
  elapsedMs: number;
  requests: number;
  errors: number;
  rps: number;
  inFlight: number;
  /** Live per-step aggregates since the start. */
  steps: readonly (LiveLatency & {
    id: string;
    knownBroken: boolean;
    requests: number;
    errors: number;
    readonly p95: number;
  })[];
  journeys: JourneyTotals & LiveLatency;
}

export type EngineEvent =
  | { type: 'tick'; second: SecondSample; live: LiveView; remainingMs: number }
  | {
      type: 'response';
      step: string;
      status: number;
      latencyMs: number;
      sendLatencyMs: number;
      outcome: 'ok' | ErrorKind;
    }
  | { type: 'done'; result: LoadResult };
