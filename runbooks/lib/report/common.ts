/**
 * The parts every report shares, whatever its kind. A report is one JSON document that
 * the reports plugin turns into a page; `schemaVersion` changes when a field changes
 * meaning, is removed or is added.
 *
 * Version 2: a run given an explicit --url that is not its environment's URL names its host
 * in `target.environment` (version 1 wrote the environment's name, "local", whatever the
 * URL) and says so in `target.source`; `stopped` says why a run could not be made at all;
 * latency summaries keep every percentile and the mean within [min, max]; a stress run is
 * judged against the capacity target; a remote cold start says whether it saw one. Readers
 * take versions 1 and 2 (report/schema.ts).
 */
import { z } from 'zod';

/** Bumped on any change to the report format. */
export const REPORT_SCHEMA_VERSION = 2;

/** Every version this reader takes; older ones are read through report/legacy.ts. */
export const READABLE_SCHEMA_VERSIONS = [1, 2] as const;

/** An HDR latency summary, milliseconds. */
export const latencySummarySchema = z.object({
  /** Samples recorded. */
  count: z.number().int().nonnegative(),
  /** Smallest sample. */
  min: z.number().nonnegative(),
  /** Arithmetic mean. */
  mean: z.number().nonnegative(),
  /** Median. */
  p50: z.number().nonnegative(),
  /** 90th percentile. */
  p90: z.number().nonnegative(),
  /** 95th percentile. */
  p95: z.number().nonnegative(),
  /** 99th percentile. */
  p99: z.number().nonnegative(),
  /** Largest sample. */
  max: z.number().nonnegative(),
});

/** Errors by kind: http status, soft failure (200 but failing body), unreadable body, timeout, connection. */
export const errorCountsSchema = z.object({
  /** Non-2xx answers. */
  http: z.number().int().nonnegative(),
  /** HTTP 200 with a failing body (fallback plan, status "error", critical health). */
  'soft-failure': z.number().int().nonnegative(),
  /** A 2xx body that could not be read as the contract says. */
  'bad-body': z.number().int().nonnegative(),
  /** No answer within the step's timeout. */
  timeout: z.number().int().nonnegative(),
  /** Refused, reset or otherwise broken connections. */
  connection: z.number().int().nonnegative(),
  /** HTTP errors by status code, e.g. {"429": 3}. */
  byStatus: z.record(z.number().int().nonnegative()),
});

/** Every error of a count, whatever its kind (byStatus breaks `http` down, so it is not added). */
export function totalErrors(
  e: Pick<z.infer<typeof errorCountsSchema>, 'http' | 'soft-failure' | 'bad-body' | 'timeout' | 'connection'>,
): number {
  return e.http + e['soft-failure'] + e['bad-body'] + e.timeout + e.connection;
}

/** One threshold and how the run fared against it. */
export const thresholdVerdictSchema = z.object({
  /** `metric: expression`, as printed on a breach. */
  name: z.string(),
  /** Metric name, e.g. `step.routine.latency`. */
  metric: z.string(),
  /** k6-style expression, e.g. `p(95)<60000`. */
  expression: z.string(),
  /** Whether a breach stopped the run early. */
  abortOnFail: z.boolean(),
  /** `slo` = derived from runbooks.config.ts; `cli` = given with --threshold. */
  source: z.enum(['slo', 'cli']),
  /** Reported but not part of the verdict (a step marked knownBroken). */
  excluded: z.boolean(),
  /** The value measured (ms for latencies, 0–1 for rate, 0–100 for pct), or null without data. */
  observed: z.number().nullable(),
  status: z.enum(['pass', 'fail', 'no-data', 'excluded']),
});

/** Fields every report carries, whatever its kind. */
export const baseReportSchema = z.object({
  /** Format version of this document (REPORT_SCHEMA_VERSION when written; 1 for older reports). */
  schemaVersion: z.union([z.literal(1), z.literal(REPORT_SCHEMA_VERSION)]),
  /** Unique id of the run (also part of the generated user ids). */
  runId: z.string().min(1),
  /** The tool that wrote it. */
  tool: z.object({ name: z.string(), version: z.string(), script: z.string() }),
  /** Commit of the handbook that ran it (null outside a git checkout); `dirty` = uncommitted changes. */
  git: z.object({ sha: z.string().nullable(), dirty: z.boolean().nullable() }),
  /** What was measured. */
  target: z.object({
    /** Base URL (never with credentials). */
    url: z.string(),
    /**
     * What the run is labelled by (target/label.ts): the environment's name from the config
     * (local, staging, production), or, for an explicit --url that is not that environment's
     * URL, the URL's host (`127.0.0.1:8002`). Version 1 reports hold the environment's name.
     */
    environment: z.string(),
    /** `environment`: the configured URL of an environment; `url`: an explicit --url. Absent in version 1 reports. */
    source: z.enum(['environment', 'url']).optional(),
    /** A loopback host. */
    loopback: z.boolean(),
    /** A protected (production) environment. */
    protected: z.boolean(),
    /** The target answered with `X-HolisticOS-Sandbox: 1`: numbers describe the sandbox, not the service. */
    sandbox: z.boolean(),
  }),
  /** Where the generator ran. */
  host: z.object({
    node: z.string(),
    platform: z.string(),
    cpus: z.number().int(),
    hostname: z.string().optional(),
  }),
  /** ISO start time. */
  startedAt: z.string(),
  /** ISO end time. */
  endedAt: z.string(),
  /** The run was interrupted (Ctrl-C) or cut short: the numbers cover only part of the plan. */
  partial: z.boolean(),
  /** The generator itself was the bottleneck: do not trust the latencies. */
  invalid: z.boolean(),
  /** Why it is invalid (empty when valid). */
  invalidReasons: z.array(z.string()),
  /**
   * The load generator when it was not the handbook's own engine: a run on Artillery (or
   * another tool) imported into this format, and on how many instances it ran. Absent for
   * runs of the handbook's engine. Optional: adding it did not change the schema version.
   */
  engine: z
    .object({ name: z.string(), version: z.string(), instances: z.number().int().positive() })
    .optional(),
  /**
   * Set when the run could not be made at all: no request ever connected (`unreachable`,
   * exit 3) or the service refused the API key (`auth-refused`, exit 2). What was measured
   * before is kept; pipeline/exit.ts turns it into the exit code.
   */
  stopped: z.object({ cause: z.enum(['unreachable', 'auth-refused']), detail: z.string() }).optional(),
  /** The settings of the run and the config parts it used, without any secret. */
  config: z.record(z.unknown()),
  /** Overall verdict: `pass`, `fail` (a threshold or check failed), or `invalid`. */
  verdict: z.object({
    status: z.enum(['pass', 'fail', 'invalid']),
    /** One line per failed threshold or check, naming it. */
    failures: z.array(z.string()),
    thresholds: z.array(thresholdVerdictSchema),
  }),
});

export type LatencySummaryJson = z.infer<typeof latencySummarySchema>;
export type ThresholdVerdictJson = z.infer<typeof thresholdVerdictSchema>;
export type BaseReport = z.infer<typeof baseReportSchema>;
