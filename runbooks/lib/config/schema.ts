import { z } from 'zod';
import { PROVIDER_NAMES } from './providers';
import { ENVIRONMENT_NAMES, type EnvironmentName as EnvName } from './environments';

/**
 * The schema of runbooks.config.ts. Every number a page shows and a script enforces is
 * here, so a field's doc comment is its documentation; defaults live in the config file
 * itself, not here, so the file reads as the whole truth.
 */

const positive = z.number().positive();
const ms = z.number().int().positive();
const percent = z.number().min(0).max(100);

const envVarSchema = z.object({
  /** The variable's name, e.g. HOLISTICOS_API_KEY. */
  name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an UPPER_SNAKE_CASE name'),
  /** What it is for, shown by env-check and on the onboarding page. */
  description: z.string().min(1),
  /** Secrets are never printed; at most a masked hint like sk-…9f2c. */
  secret: z.boolean(),
  /** `runbooks` = the toolkit reads it; `service` = the HolisticOS service reads it (checked when deploying). */
  scope: z.enum(['runbooks', 'service']),
  /** The shape it must have. */
  format: z.enum(['text', 'url', 'https-url']).default('text'),
  /** A prefix the value must start with, where one is known (sk- for OpenAI keys). */
  prefix: z.string().optional(),
});

const environmentSchema = z.object({
  /** Human name shown before acting. */
  title: z.string().min(1),
  /** Fixed base URL (local), or absent when it comes from `urlFromEnv`. */
  url: z.string().url('an absolute http(s) URL').optional(),
  /** Env var holding the base URL for remote environments. */
  urlFromEnv: z.string().optional(),
  /** Production-like: scripts that send load or change a deployment need --confirm-production. */
  protected: z.boolean(),
  /** Names of variables (from `envVars`) that must be set for this environment. */
  requires: z.array(z.string()),
  /** Names that are checked when set but not required. */
  optional: z.array(z.string()).default([]),
  /**
   * This environment's own Render service-id variable (a name from `envVars`), so one shell
   * can name several services: a production deploy reads staging's deploys and events
   * through it. Unset in the shell (or here): service.renderServiceIdEnv, but only for the
   * environment a run acts on; reading another environment's service needs its own variable.
   */
  renderServiceIdEnv: z.string().optional(),
});

const releaseSchema = z.object({
  /** What this release is, for the plan and the ledger. */
  description: z.string().min(1),
  /** Faults of the release (name or name:param from the catalogue): it serves with them on. */
  faults: z.array(z.string()).default([]),
  /** `fail`: its build fails, as on Render, and the previous release keeps serving. */
  build: z.enum(['ok', 'fail']).default('ok'),
});

const sandboxSchema = z.object({
  /**
   * The X-API-Key the local sandbox accepts when the API-key variable is unset: a
   * development key that guards nothing real. Scripts send it only to a sandbox running
   * on this machine (one that announced itself in the state directory), never elsewhere.
   */
  devApiKey: z.string().min(8),
  /** Releases the local deploy provider can deploy, by name (the first is the one a sandbox starts as). */
  releases: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case name'), releaseSchema)
    .refine((r) => Object.keys(r).length > 0, 'at least one release'),
  /** Modelled seconds a local deploy builds and starts (divided by the time scale). */
  deployBuildS: z.number().nonnegative(),
  /** Modelled seconds a restarted sandbox answers 503 before it serves (after a restart, an OOM kill, a resume). */
  restartColdStartS: z.number().nonnegative(),
  /**
   * The sandbox's memory model: a fresh instance's memory and what each generate call adds
   * (never given back, as in the real service); at service.plan.memoryMb the instance is
   * OOM-killed and restarts. The memory-leak fault adds to it.
   */
  memory: z.object({
    /** Memory of a freshly started instance, MB. */
    startMb: positive,
    /** Growth per generate call that reached a handler, MB, by latency profile. */
    perCallMb: z.object({ realistic: z.number().nonnegative(), fast: z.number().nonnegative() }),
  }),
});

const platformSchema = z.object({
  /** Deadline of one call to the platform API (metrics, events, the service, an action), ms. */
  timeoutMs: ms,
  /**
   * How often a watch (monitor.ts, the deploy watch) reads the platform, s: its events, memory
   * and edge figures. Render's points are 30 s apart and its reads are limited (100–400 a
   * minute), so a watch sampling every second still reads the platform this often.
   */
  readEveryS: z.number().positive().max(600),
  /** Deadline of one page of logs, ms: the slow endpoint, which must not hold a script. */
  logsTimeoutMs: ms,
  /** Times a read is asked again after a 429, a 5xx or a broken connection (never after a time-out; a write never blindly). */
  retries: z.number().int().min(0).max(5),
  /** Pages one events or logs query reads at most (100 items a page). */
  maxPages: z.number().int().min(1).max(50),
  /** The longest window one query asks for, hours. */
  maxWindowH: z.number().positive().max(720),
  /** How long service.ts follows a restart, resume or scale on the platform before it gives up, s. */
  followS: z.number().int().positive().max(3_600),
});

const providerSchema = z.enum(PROVIDER_NAMES);

const deploySchema = z.object({
  /** The deploy provider of each environment (--provider overrides). */
  providers: z.object({ local: providerSchema, staging: providerSchema, production: providerSchema }),
  /** Deadline for a deploy to go live (or fail), s. */
  followTimeoutS: z.number().int().positive(),
  /** How long a deploy that went live may take to answer GET / before verification fails, s. */
  readyTimeoutS: z.number().int().positive(),
  /** How often the deploy's status is read on Render, s. */
  pollIntervalS: z.number().positive(),
  /** How often the local sandbox's deploy status is read, s (its deploys take seconds). */
  localPollIntervalS: z.number().positive(),
  /** Post-deploy watch of each environment, s (--watch overrides; 0 = no watch). */
  watchS: z.object({
    local: z.number().int().nonnegative(),
    staging: z.number().int().nonnegative(),
    production: z.number().int().nonnegative(),
  }),
  /** Production needs a verified and watched staging deploy of the same commit within this many hours. */
  stagingWindowH: z.number().positive(),
});

const stepSchema = z.object({
  /** Step id used in reports, thresholds and --only/--skip. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a snake_case id'),
  method: z.enum(['GET', 'POST']),
  /** Path with `{user_id}` substituted per journey. */
  path: z.string().startsWith('/'),
  /** JSON body for POST steps. */
  body: z.record(z.unknown()).optional(),
  /** Whether it sends the X-API-Key header. */
  auth: z.boolean(),
  /** Key into `timeouts`. */
  timeout: z.string(),
  /** Which response rules apply (see lib/checks): plain JSON, health body, or a generate body with soft failures. */
  expect: z.enum(['json', 'health', 'routine', 'nutrition', 'behavior', 'insights']),
  /** Key into `costModel.perCall`, or absent when the call costs nothing. */
  cost: z.string().optional(),
  /** The current release breaks this step; failures are reported as known, not counted against SLOs unless set false. */
  knownBroken: z.boolean().default(false),
});

const sloSchema = z.object({
  /** p95 latency target for every step, ms. */
  p95Ms: ms,
  /** Error-rate ceiling, percent. */
  errorRatePct: percent,
  /** Journey success floor, percent. */
  successRatePct: percent,
  /** Concurrent users one 0.5-CPU instance must carry. */
  concurrentUsers: z.number().int().positive(),
  /** Uptime target, percent. */
  uptimePct: percent,
  /** Cost ceiling per user per day, USD. */
  costPerUserPerDayUsd: positive,
  /** Per-step overrides of p95Ms (the generate endpoints cannot meet 5 s; keep the target honest per step). */
  perStep: z.record(z.object({ p95Ms: ms.optional(), errorRatePct: percent.optional() })).default({}),
});

const alertsSchema = z.object({
  /** Response time that triggers immediate investigation, ms (the brief's figure; the generate endpoints have their own below). */
  responseTimeMs: ms,
  /**
   * Mean duration of generate calls that triggers investigation, ms. The service's request
   * histogram is fed only by the generate handlers, which take tens of seconds by design,
   * so the monitor judges that figure against this, not against responseTimeMs.
   */
  generateResponseTimeMs: ms,
  /** Error rate that triggers immediate investigation, percent. */
  errorRatePct: percent,
  /** Memory alert, MB (Render starter has 512 MB). */
  memoryMb: positive,
  /** Memory the service should stay under, MB. */
  memoryTargetMb: positive,
  /** Daily cost that triggers a cost review, USD. */
  dailyCostUsd: positive,
  /** Consecutive breaching samples before a monitor fails (Argo's failureLimit + 1). */
  consecutiveBreaches: z.number().int().positive(),
  /** Consecutive measurement errors before a monitor gives up (Argo's consecutiveErrorLimit). */
  consecutiveErrors: z.number().int().positive(),
});

const monitorSchema = z.object({
  /** How often the monitor runs its synthetic journey (routine, nutrition; bodies read), s. */
  syntheticIntervalS: z.number().int().positive(),
  /** The shortest synthetic interval allowed, s: each journey makes real generate calls. */
  syntheticMinIntervalS: z.number().int().positive(),
});

const severitySchema = z.object({
  /** Short name shown next to the level, e.g. "critical". */
  title: z.string().min(1),
  /** Resolution target, ms (the page shows it as hours). */
  resolveWithinMs: ms,
  /** What makes an incident this level, in a sentence (incident.ts open and the pages print it). */
  definition: z.string().min(1),
  /** Stakeholders get updates every updateEveryMs at this level (P0 and P1 by default). */
  updates: z.boolean(),
});

// ── H8: incident roles and comms (incident.ts, the incident-now page) ──
/** How to reach someone: unset fields are shown as "not configured", never invented. */
const unset = z.string().min(1).nullable().default(null);

const roleSchema = z.object({
  /** The role's name, e.g. "Incident commander". */
  title: z.string().min(1),
  /** Who holds it (a person or a rotation), or null. */
  name: unset,
  /** How to page them (a Slack handle, a phone rota), or null. */
  contact: unset,
  /** A link that pages them (PagerDuty, Opsgenie, a Slack channel), or null. */
  link: z.string().url('an absolute URL').nullable().default(null),
  /** What this role does in the first 15 minutes, one line each. */
  first15: z.array(z.string().min(1)).min(1),
});

const incidentSchema = z.object({
  /** Severity levels and their resolution targets (the brief's P0–P3). */
  severities: z.object({ P0: severitySchema, P1: severitySchema, P2: severitySchema, P3: severitySchema }),
  /** Time to acknowledge and assess an incident, ms ("the first 15 minutes"). */
  firstResponseMs: ms,
  /** How often stakeholders get an update during a P0/P1, ms. */
  updateEveryMs: ms,
  /** Working days within which a P0/P1 gets its post-incident review. */
  reviewWithinDays: z.number().int().positive(),
  /** The channel incidents are run in. */
  channel: z.string().min(1),
  /** Moved to handbook.url (one home for where the handbook is); a config that still sets it is told so. */
  handbookUrl: z
    .unknown()
    .refine((v): v is undefined => v === undefined, 'absent: it moved to handbook.url')
    .optional(),
  /** Who does what: incident commander, scribe, communications. */
  roles: z.object({ commander: roleSchema, scribe: roleSchema, communications: roleSchema }),
  /**
   * The first update to stakeholders, filled in by incident.ts open: {severity}, {severityTitle},
   * {title}, {id}, {commander}, {startedAt}, {nextUpdateAt}, {channel}, {page}.
   */
  firstUpdateTemplate: z.string().min(1),
});

// ── H15: the scorecard (scorecard.ts): how old evidence may be, the window delivery and
// uptime are measured over, and the brief's promises the rest of the config does not hold.
const scorecardSchema = z.object({
  /** Evidence older than this many days counts as not measured (a verdict needs recent proof). */
  evidenceMaxAgeDays: z.number().positive(),
  /** The window deploys, incidents and uptime are counted over, days back from the scorecard's time. */
  windowDays: z.number().int().positive(),
  /** The brief's "load testing validates 10+ concurrent users": the fewest users a capacity proof may use. */
  minConcurrentUsers: z.number().int().positive(),
  /** The brief's "the playbook reduces resolution time by 50 %": the reduction promised, percent. */
  resolutionReductionPct: percent,
  /** "Daily deployments possible": a change goes live within this many hours (median lead time). */
  deployLeadTimeH: z.number().positive(),
  /** "The deployment runbook enables consistent releases": the highest change failure rate kept, percent. */
  changeFailureRatePct: percent,
  /** Fewer deploys than this in the window: the change failure rate is shown but not judged. */
  minDeploys: z.number().int().positive(),
  /** Uptime from published monitor runs counts only when they cover at least this share of the window, percent. */
  uptimeMinCoveragePct: percent,
});

const handbookSchema = z.object({
  /**
   * Where this handbook is served (absolute http(s) URL, its base path included): alerts,
   * Slack messages, deploy notices, incident and drill output link to page sections under
   * it, so a link opens its section wherever it is printed.
   */
  url: z
    .string()
    .url('an absolute URL')
    .refine((u) => /^https?:\/\//.test(u), 'an http or https URL')
    .transform((u) => u.replace(/\/+$/, '')),
});

export const configSchema = z
  .object({
    service: z.object({
      name: z.string().min(1),
      /** Render service id (srv-…), from RENDER_SERVICE_ID. */
      renderServiceIdEnv: z.string(),
      /** Port the real service listens on when a developer runs it (the sandbox's port is the local environment's URL's). */
      port: z.number().int().min(1).max(65535),
      plan: z.object({
        name: z.string(),
        /** Render's name of the plan (serviceDetails.plan), which the sandbox reports as its own. */
        renderPlan: z.enum([
          'free',
          'starter',
          'starter_plus',
          'standard',
          'standard_plus',
          'pro',
          'pro_plus',
          'pro_max',
          'pro_ultra',
          'custom',
        ]),
        cpu: positive,
        /** The instance's memory limit, MB: past it Render kills the instance (the sandbox too). */
        memoryMb: positive,
      }),
    }),
    environments: z.object({
      local: environmentSchema,
      staging: environmentSchema,
      production: environmentSchema,
    }),
    envVars: z.array(envVarSchema).min(1),
    /** Request timeouts per endpoint kind, ms. */
    timeouts: z
      .object({
        root: ms,
        health: ms.min(10_000, 'at least 10000 (the real health check takes 2–4 s and stalls)'),
        metrics: ms,
        stats: ms,
        generate: ms.min(60_000, 'at least 60000 (the team’s own clients use 300000)'),
        insights: ms,
      })
      .catchall(ms),
    /** Minimum seconds between health polls (each stalls the real service ~2 s). */
    healthPollIntervalS: z.number().int().min(1),
    /** Duplicate-detection window of the real service, seconds. */
    duplicateWindowS: z.number().int().positive(),
    journey: z.object({
      /** Header name carrying the API key. */
      apiKeyHeader: z.string(),
      /** Env var holding its value. */
      apiKeyEnv: z.string(),
      /** Prefix for generated user ids; each journey gets a fresh one. */
      userIdPrefix: z.string().regex(/^[a-z0-9_]+$/),
      archetypes: z.array(z.string()).length(6, 'exactly the six archetypes of the service'),
      steps: z.array(stepSchema).min(1),
    }),
    slo: sloSchema,
    alerts: alertsSchema,
    monitor: monitorSchema,
    capacity: z.object({
      /** Users per stress step (the brief's ramp). */
      stressSteps: z.array(z.number().int().positive()).min(2),
      /** Stop a stress test when journey success drops below this, percent. */
      stressStopSuccessPct: percent,
      /** A step is failing when success is below this, percent (the brief's rule). */
      stressFailSuccessPct: percent,
      /** … or when p95 is above this, ms. */
      stressFailP95Ms: ms,
      /** Users to back off from the first failing step. */
      stressBackoffUsers: z.number().int().nonnegative(),
      /** Hard cap on a load run's duration, s. */
      maxDurationS: z.number().int().positive(),
      /**
       * After sending stops (the end, or Ctrl-C), how long requests in flight may finish, s
       * (--grace). A journey of the real service takes about a minute, so less cuts them.
       */
      gracefulStopS: z.number().int().nonnegative(),
      /** Hard cap on requests one run may send. */
      maxRequests: z.number().int().positive(),
    }),
    incident: incidentSchema,
    sandbox: sandboxSchema,
    /** The platform client (Render's metrics, events, logs and actions): the bounds of every read. */
    platform: platformSchema,
    deploy: deploySchema,
    costModel: z.object({
      /** The service's own flat estimates, USD per call. */
      perCall: z.record(z.number().nonnegative()),
      /** Journeys a typical user makes per day, for projections. */
      journeysPerUserPerDay: positive,
      /** Projected daily active users, for the daily-cost projection. */
      projectedUsers: z.number().int().positive(),
      /** How close projection and accounted cost must be, percent (the brief's 20 %). */
      validationTolerancePct: percent,
    }),
    scorecard: scorecardSchema,
    handbook: handbookSchema,
  })
  .superRefine((c, ctx) => {
    const names = new Set(c.envVars.map((v) => v.name));
    for (const [envName, env] of Object.entries(c.environments)) {
      for (const [i, n] of [...env.requires, ...env.optional].entries()) {
        if (!names.has(n))
          ctx.addIssue({
            code: 'custom',
            path: ['environments', envName, 'requires', i],
            message: `a variable declared in envVars (got "${n}")`,
          });
      }
      if (env.renderServiceIdEnv !== undefined && !names.has(env.renderServiceIdEnv))
        ctx.addIssue({
          code: 'custom',
          path: ['environments', envName, 'renderServiceIdEnv'],
          message: `a variable declared in envVars (got "${env.renderServiceIdEnv}")`,
        });
      if (!env.url && !env.urlFromEnv)
        ctx.addIssue({
          code: 'custom',
          path: ['environments', envName, 'url'],
          message: 'either url or urlFromEnv',
        });
    }
    for (const [i, s] of c.journey.steps.entries()) {
      if (!(s.timeout in c.timeouts))
        ctx.addIssue({
          code: 'custom',
          path: ['journey', 'steps', i, 'timeout'],
          message: `a key of timeouts (${Object.keys(c.timeouts).join(', ')})`,
        });
      if (s.cost !== undefined && !(s.cost in c.costModel.perCall))
        ctx.addIssue({
          code: 'custom',
          path: ['journey', 'steps', i, 'cost'],
          message: `a key of costModel.perCall`,
        });
    }
    const local = c.environments.local.url;
    const lu = local ? new URL(local) : undefined;
    if (
      !lu ||
      lu.protocol !== 'http:' ||
      !['127.0.0.1', 'localhost', '[::1]'].includes(lu.hostname) ||
      !lu.port
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['environments', 'local', 'url'],
        message:
          "the sandbox's URL: plain http on loopback with an explicit port, e.g. http://127.0.0.1:8001",
      });
    }
    const stepIds = new Set(c.journey.steps.map((s) => s.id));
    for (const id of Object.keys(c.slo.perStep)) {
      if (!stepIds.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['slo', 'perStep', id],
          message: `a journey step id (${[...stepIds].join(', ')})`,
        });
    }
    if (c.monitor.syntheticIntervalS < c.monitor.syntheticMinIntervalS)
      ctx.addIssue({
        code: 'custom',
        path: ['monitor', 'syntheticIntervalS'],
        message: `at least monitor.syntheticMinIntervalS (${c.monitor.syntheticMinIntervalS})`,
      });
    if (c.environments.local.renderServiceIdEnv !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['environments', 'local', 'renderServiceIdEnv'],
        message: 'unset: the local environment is the sandbox, whose platform is its own model',
      });
    if (c.sandbox.memory.startMb >= c.service.plan.memoryMb)
      ctx.addIssue({
        code: 'custom',
        path: ['sandbox', 'memory', 'startMb'],
        message: `below service.plan.memoryMb (${c.service.plan.memoryMb})`,
      });
    if (c.alerts.memoryTargetMb >= c.alerts.memoryMb)
      ctx.addIssue({
        code: 'custom',
        path: ['alerts', 'memoryTargetMb'],
        message: `below alerts.memoryMb (${c.alerts.memoryMb})`,
      });
  });

/** What the config file exports (defaults not yet applied). */
export type ConfigInput = z.input<typeof configSchema>;
/** The validated config every library function takes. */
export type Config = z.output<typeof configSchema>;
export type EnvironmentName = EnvName;
export type JourneyStep = Config['journey']['steps'][number];
export type EnvVarSpec = Config['envVars'][number];

export { ENVIRONMENT_NAMES };
// The schema's environments are exactly the names (a compile error when they drift).
const _environmentsMatch: [keyof Config['environments']] extends [EnvName]
  ? [EnvName] extends [keyof Config['environments']]
    ? true
    : never
  : never = true;
void _environmentsMatch;

/** Identity helper so runbooks.config.ts gets types and completion (checkly's defineConfig). */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
