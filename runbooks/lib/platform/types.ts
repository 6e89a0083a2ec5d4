/**
 * What the platform client returns: Render's answers normalised once, so a use site never
 * reads a raw Render shape (reference: shared/reference/render-platform-signals.md). Times
 * are ISO strings as Render gave them; every figure carries its unit; anything the client
 * could not make sense of is kept and said, never guessed.
 */

/** Where the signals come from: Render's API, or the sandbox's model of it (/__render/v1). */
export type PlatformSource = 'render' | 'sandbox';

/** A time window, epoch ms; the client bounds it (config.platform.maxWindowH) and never asks past now. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

/** GET /services/{id}, the fields the handbook reads. */
export interface PlatformService {
  id: string;
  name: string;
  /** The workspace (tea-…) the logs endpoint needs. */
  ownerId: string;
  type: string;
  /** Render's plan name (starter, standard, …), null when the service type has none. */
  plan: string | null;
  /** The configured instance count (for an autoscaled service, read instance-count instead). */
  numInstances: number | null;
  suspended: boolean;
  suspenders: string[];
  url: string | null;
  region: string | null;
  autoDeploy: boolean | null;
  /** When the service was created (ISO), null when not given: nothing about it is known from before. */
  createdAt: string | null;
}

export type MetricName =
  'memory' | 'memory-limit' | 'cpu' | 'cpu-limit' | 'http-requests' | 'http-latency' | 'instance-count';

/** What a metric measures, which picks the unit it is normalised to. */
export type Quantity = 'memory' | 'cpu' | 'latency' | 'count';

export interface SeriesPoint {
  at: string;
  value: number;
}

/** One series of a metric, its values in the normalised unit when the given one was understood. */
export interface Series {
  metric: MetricName;
  /** Render's labels as a map (resource, instance, statusCode, quantile, host, …). */
  labels: Record<string, string>;
  /** The unit Render gave, verbatim. */
  unitGiven: string;
  /** The unit of `points`: MB, cores, ms, count — or the given one when it was not understood. */
  unit: string;
  normalised: boolean;
  /** Why the values are shown as given (an operator reads this). */
  note?: string;
  points: SeriesPoint[];
}

/** Memory against its limit, in MB: the signal the OOM kills follow. */
export interface MemoryView {
  series: Series[];
  limit: Series[];
  /** The latest limit, MB (null when Render gave none, or in a unit not understood). */
  limitMb: number | null;
  /** The latest reading of the latest instance, MB. */
  latestMb: number | null;
  /** The highest reading in the window, MB. */
  peakMb: number | null;
  /** What could not be normalised, one line each. */
  notes: string[];
}

/** Render's failure reason object (server_failed, and the `failure` of a deploy that ended). */
export interface FailureReason {
  /** The headline: out of memory, a non-zero exit, … (the first field present, in this order). */
  kind: 'oom' | 'exit' | 'early-exit' | 'timeout' | 'unhealthy' | 'evicted' | 'unknown';
  evicted: boolean;
  nonZeroExit?: number;
  oomKilled?: {
    /** As Render wrote it ("512Mi"). */
    memoryLimit: string;
    /** The same in MB, or null when its format was not understood. */
    memoryLimitMb: number | null;
  };
  earlyExit?: boolean;
  timedOutSeconds?: number;
  timedOutReason?: string;
  unhealthy?: string;
}

/** deploy_started's trigger object. */
export interface DeployTrigger {
  manual: boolean;
  rollback: boolean;
  firstBuild: boolean;
  envUpdated: boolean;
  deployedByRender: boolean;
  clearCache: boolean;
  user: { id: string; email: string } | null;
  newCommit: string | null;
  rollbackTargetDeployId: string | null;
}

interface EventBase {
  id: string;
  at: string;
  serviceId: string;
}

/** A service event, its details read by its type (the spec's details are an undiscriminated oneOf). */
export type PlatformEvent = EventBase &
  (
    | { type: 'server_failed'; instanceId: string | null; reason: FailureReason | null }
    | { type: 'server_restarted'; triggeredByUser: string | null }
    | { type: 'server_available' }
    | { type: 'server_hardware_failure' }
    | { type: 'deploy_started'; deployId: string | null; trigger: DeployTrigger | null }
    | {
        type: 'deploy_ended';
        deployId: string | null;
        /** succeeded | failed | canceled (an unknown word is kept). */
        deployStatus: string | null;
        failure: FailureReason | null;
        /** A newer deploy or build that superseded this one. */
        supersededBy: string | null;
      }
    | { type: 'service_suspended' }
    | { type: 'service_resumed' }
    | { type: 'suspender_added' | 'suspender_removed'; actor: string | null }
    | {
        type: 'instance_count_changed' | 'autoscaling_started' | 'autoscaling_ended';
        fromInstances: number | null;
        toInstances: number | null;
      }
    /** Any other type, details as given. */
    | { type: 'other'; rawType: string; details: Record<string, unknown> }
  );

export type PlatformEventType = PlatformEvent['type'];

/** One log line, its labels read into fields. */
export interface LogLine {
  id: string;
  at: string;
  message: string;
  /** app, request, build, … */
  type: string | null;
  level: string | null;
  /** Request lines only. */
  statusCode: number | null;
  method: string | null;
  path: string | null;
  host: string | null;
  instance: string | null;
  labels: Record<string, string>;
}

export interface EventQuery {
  window?: Partial<TimeWindow>;
  /** Only these types (Render's names; several are asked for one at a time and merged). */
  types?: string[];
  /** Per page, 1–100 (default 50). */
  limit?: number;
  /** Pages read at most (default config.platform.maxPages). */
  maxPages?: number;
}

export interface LogQuery {
  window?: Partial<TimeWindow>;
  /** Filters, OR-ed within one filter; Render's wildcards and regular expressions pass through. */
  level?: string[];
  text?: string[];
  type?: string[];
  statusCode?: string[];
  instance?: string[];
  method?: string[];
  path?: string[];
  host?: string[];
  /** backward (newest first, Render's default) or forward. */
  direction?: 'backward' | 'forward';
  /** Per page, 1–100 (default 100). */
  limit?: number;
  /** Pages read at most (default config.platform.maxPages). */
  maxPages?: number;
}

/** A bounded read: what came back, and whether the bound cut it short. */
export interface Paged<T> {
  items: T[];
  pages: number;
  /** True when more was there than the bound let it read. */
  truncated: boolean;
  /** The window actually asked for (after bounding). */
  window: TimeWindow;
}

/** GET /services/{id}/deploys, one deploy as the read side needs it (the deploy providers keep their own shape). */
export interface PlatformDeploy {
  id: string;
  /** Render's status word, kept as given (live, deactivated, build_failed, …). */
  status: string;
  commitId: string | null;
  commitMessage: string | null;
  trigger: string | null;
  createdAt: string | null;
  /** When it went live (or failed); null while in progress. */
  finishedAt: string | null;
}

export type PlatformAction = 'restart' | 'suspend' | 'resume' | 'scale';

export interface ActionResult {
  action: PlatformAction;
  /** Render's answer: 200 for a restart, 202 for the others. */
  status: number;
  /** When it was asked, ISO. */
  at: string;
}

export interface MetricQuery {
  window?: Partial<TimeWindow>;
  /** Seconds per point (Render's minimum 30); default: the window in about 120 points. */
  resolutionSeconds?: number;
  /** Further query parameters of the endpoint (aggregateBy, quantile, instance, …), repeated when a list. */
  params?: Record<string, string | string[]>;
}

/** One service's signals and actions, on Render or on the sandbox: the interface every use site takes. */
export interface PlatformClient {
  readonly source: PlatformSource;
  readonly serviceId: string;
  /** What it reads, for output: "Render service srv-…", "the sandbox's platform at …". */
  readonly describes: string;
  service(signal?: AbortSignal): Promise<PlatformService>;
  metric(name: MetricName, q?: MetricQuery, signal?: AbortSignal): Promise<Series[]>;
  memory(q?: MetricQuery, signal?: AbortSignal): Promise<MemoryView>;
  /** Requests seen at Render's edge, one series per status code. */
  httpRequests(q?: MetricQuery, signal?: AbortSignal): Promise<Series[]>;
  /** Latency at Render's edge, one series per quantile (default p50, p95, p99), ms. */
  httpLatency(q?: MetricQuery & { quantiles?: number[] }, signal?: AbortSignal): Promise<Series[]>;
  events(q?: EventQuery, signal?: AbortSignal): Promise<Paged<PlatformEvent>>;
  logs(q?: LogQuery, signal?: AbortSignal): Promise<Paged<LogLine>>;
  /** The newest deploys (one page, newest first; `limit` 1–100, default 20). */
  deploys(q?: { limit?: number }, signal?: AbortSignal): Promise<PlatformDeploy[]>;
  restart(signal?: AbortSignal): Promise<ActionResult>;
  suspend(signal?: AbortSignal): Promise<ActionResult>;
  resume(signal?: AbortSignal): Promise<ActionResult>;
  scale(numInstances: number, signal?: AbortSignal): Promise<ActionResult>;
  /** What Render's rate-limit headers said last, if anything. */
  rateLimit(): { limit: number | null; remaining: number | null; resetAt: number | null } | undefined;
}
