/**
 * THE config of the handbook. Scripts enforce these numbers and the site prints them
 * (`:cfg[alerts.memoryMb]`), so changing one here changes both. Validated when loaded
 * (runbooks/lib/config/schema.ts documents every field).
 */
import { defineConfig } from './runbooks/lib/config/schema';

export default defineConfig({
  // Where this handbook is served: every alert, Slack message, deploy notice, incident and
  // drill links to its page sections under this URL. Here, where `npm start` serves it on
  // this machine; set it to where your team hosts the built site (with its base path).
  handbook: { url: 'http://127.0.0.1:3000' },

  service: {
    name: 'HolisticOS MVP',
    renderServiceIdEnv: 'RENDER_SERVICE_ID',
    // The brief and older scripts use 8001; the team's local start script uses 8002.
    port: 8001,
    plan: { name: 'Render starter', renderPlan: 'starter', cpu: 0.5, memoryMb: 512 },
  },

  environments: {
    local: {
      title: 'local sandbox',
      url: 'http://127.0.0.1:8001',
      protected: false,
      requires: [],
      optional: ['HOLISTICOS_API_KEY'],
    },
    staging: {
      title: 'staging',
      urlFromEnv: 'HOLISTICOS_STAGING_URL',
      protected: false,
      requires: ['HOLISTICOS_STAGING_URL', 'HOLISTICOS_API_KEY'],
      // Staging's own service id: a shell that deploys production can still read staging.
      renderServiceIdEnv: 'RENDER_STAGING_SERVICE_ID',
      optional: [
        'RENDER_API_KEY',
        'RENDER_SERVICE_ID',
        'RENDER_STAGING_SERVICE_ID',
        'RENDER_DEPLOY_HOOK_URL',
        'RENDER_API_URL',
        'SLACK_WEBHOOK_URL',
      ],
    },
    production: {
      title: 'production',
      urlFromEnv: 'HOLISTICOS_PRODUCTION_URL',
      protected: true,
      requires: [
        'HOLISTICOS_PRODUCTION_URL',
        'HOLISTICOS_API_KEY',
        'RENDER_API_KEY',
        'RENDER_SERVICE_ID',
        'OPENAI_API_KEY',
        'SUPABASE_URL',
        'SUPABASE_KEY',
      ],
      optional: [
        // A production deploy reads staging's deploys and events (the staging proof).
        'RENDER_STAGING_SERVICE_ID',
        'SUPABASE_SERVICE_KEY',
        'REDIS_URL',
        'RENDER_DEPLOY_HOOK_URL',
        'RENDER_API_URL',
        'SLACK_WEBHOOK_URL',
      ],
    },
  },

  envVars: [
    {
      name: 'HOLISTICOS_API_KEY',
      description: 'the X-API-Key the routine endpoint requires (one static shared value)',
      secret: true,
      scope: 'runbooks',
    },
    {
      name: 'HOLISTICOS_STAGING_URL',
      description: 'base URL of the staging service',
      secret: false,
      scope: 'runbooks',
      format: 'url',
    },
    {
      name: 'HOLISTICOS_PRODUCTION_URL',
      description: 'base URL of the production service',
      secret: false,
      scope: 'runbooks',
      format: 'https-url',
    },
    {
      name: 'RENDER_API_KEY',
      description: 'Render API key for deploys, rollbacks and the platform signals: metrics, events, logs',
      secret: true,
      scope: 'runbooks',
      prefix: 'rnd_',
    },
    {
      name: 'RENDER_SERVICE_ID',
      description:
        'the Render service id of the environment a run acts on; an environment may name its own variable, such as RENDER_STAGING_SERVICE_ID',
      secret: false,
      scope: 'runbooks',
      prefix: 'srv-',
    },
    {
      name: 'RENDER_STAGING_SERVICE_ID',
      description:
        "the staging service's Render id; when unset, a run on staging uses RENDER_SERVICE_ID, and a run on production cannot read staging's service",
      secret: false,
      scope: 'runbooks',
      prefix: 'srv-',
    },
    {
      name: 'RENDER_DEPLOY_HOOK_URL',
      description: 'Render deploy hook (a secret URL; deploys without an API key)',
      secret: true,
      scope: 'runbooks',
      format: 'https-url',
    },
    {
      name: 'RENDER_API_URL',
      description: 'overrides https://api.render.com/v1 (proxies, tests)',
      secret: false,
      scope: 'runbooks',
      format: 'url',
    },
    {
      name: 'SLACK_WEBHOOK_URL',
      description: 'Slack incoming webhook for incident and deploy notices',
      secret: true,
      scope: 'runbooks',
      format: 'https-url',
    },
    {
      name: 'OPENAI_API_KEY',
      description: 'OpenAI key the service calls the models with',
      secret: true,
      scope: 'service',
      prefix: 'sk-',
    },
    {
      name: 'SUPABASE_URL',
      description: 'Supabase project URL',
      secret: false,
      scope: 'service',
      format: 'https-url',
    },
    { name: 'SUPABASE_KEY', description: 'Supabase anon key', secret: true, scope: 'service' },
    {
      name: 'SUPABASE_SERVICE_KEY',
      description: 'Supabase service key (needed for stored plan ids)',
      secret: true,
      scope: 'service',
    },
    {
      name: 'REDIS_URL',
      description: 'Redis; cost tracking and cost limits only work with it',
      secret: true,
      scope: 'service',
      format: 'url',
    },
  ],

  timeouts: {
    root: 5_000,
    // Health takes 2–4 s and stalls the event loop ~2 s; 10 s at the least.
    health: 15_000,
    metrics: 10_000,
    // Monitoring stats runs a full health check.
    stats: 20_000,
    // The team's own clients use 300 s for the generate endpoints.
    generate: 300_000,
    insights: 60_000,
  },
  healthPollIntervalS: 30,
  duplicateWindowS: 60,

  journey: {
    apiKeyHeader: 'X-API-Key',
    apiKeyEnv: 'HOLISTICOS_API_KEY',
    userIdPrefix: 'rb',
    archetypes: [
      'Foundation Builder',
      'Transformation Seeker',
      'Systematic Improver',
      'Peak Performer',
      'Resilience Rebuilder',
      'Connected Explorer',
    ],
    // The brief's journey and payloads. Only routine checks the key; we send it on every
    // POST so a future release that checks more endpoints does not break the journey.
    steps: [
      { id: 'health', method: 'GET', path: '/api/health', auth: false, timeout: 'health', expect: 'health' },
      {
        id: 'routine',
        method: 'POST',
        path: '/api/user/{user_id}/routine/generate',
        body: { archetype: '{archetype}', preferences: { focus_areas: ['strength', 'cardio'] } },
        auth: true,
        timeout: 'generate',
        expect: 'routine',
        cost: 'routine_generation',
      },
      {
        id: 'nutrition',
        method: 'POST',
        path: '/api/user/{user_id}/nutrition/generate',
        body: { archetype: '{archetype}', preferences: { dietary_preferences: ['vegetarian'] } },
        auth: true,
        timeout: 'generate',
        expect: 'nutrition',
        cost: 'nutrition_generation',
      },
      {
        id: 'insights',
        method: 'POST',
        path: '/api/user/{user_id}/insights/generate',
        body: {},
        auth: true,
        timeout: 'insights',
        expect: 'insights',
        cost: 'insights_generation',
        knownBroken: true,
      },
    ],
  },

  slo: {
    p95Ms: 5_000,
    errorRatePct: 1,
    successRatePct: 95,
    concurrentUsers: 15,
    uptimePct: 99.5,
    costPerUserPerDayUsd: 0.1,
    // The brief's 5 s cannot hold for LLM calls (tens of seconds each); these keep the
    // per-step targets honest while the 5 s target stays visible for the rest.
    perStep: {
      routine: { p95Ms: 60_000 },
      nutrition: { p95Ms: 45_000 },
    },
  },

  alerts: {
    responseTimeMs: 10_000,
    // Routine's p95 target: a mean of generate calls above it is a slow service, not an LLM.
    generateResponseTimeMs: 60_000,
    errorRatePct: 5,
    memoryMb: 450,
    memoryTargetMb: 400,
    dailyCostUsd: 50,
    consecutiveBreaches: 3,
    consecutiveErrors: 4,
  },

  // The monitor's synthetic journey: the service counts a 200 carrying a fallback plan as a
  // success, so the monitor runs routine and nutrition itself and reads the bodies.
  monitor: {
    syntheticIntervalS: 60,
    syntheticMinIntervalS: 30,
  },

  capacity: {
    stressSteps: [1, 5, 10, 15, 20, 25, 30],
    stressStopSuccessPct: 80,
    stressFailSuccessPct: 95,
    stressFailP95Ms: 10_000,
    stressBackoffUsers: 5,
    maxDurationS: 3_600,
    // A real journey (routine + nutrition + …) takes about a minute: let it finish.
    gracefulStopS: 90,
    maxRequests: 1_000_000,
  },

  // The brief's incident classification and cadence; the playbook prints these.
  incident: {
    severities: {
      P0: {
        title: 'critical',
        resolveWithinMs: 3_600_000,
        updates: true,
        definition:
          'the service is down or unsafe: liveness fails or health is critical on every check, data is lost, a secret leaked, or most generate calls fail',
      },
      P1: {
        title: 'high',
        resolveWithinMs: 4 * 3_600_000,
        updates: true,
        definition:
          'a core feature is broken for everyone (routine or nutrition, fallback plans included), responses are far too slow, or cost or memory is over its alert',
      },
      P2: {
        title: 'medium',
        resolveWithinMs: 24 * 3_600_000,
        updates: false,
        definition:
          'a secondary feature is broken, errors hit part of the traffic, or health is degraded while users are unaffected',
      },
      P3: {
        title: 'low',
        resolveWithinMs: 72 * 3_600_000,
        updates: false,
        definition: 'documentation errors, cosmetic issues, known defects and enhancement requests',
      },
    },
    firstResponseMs: 15 * 60_000,
    updateEveryMs: 30 * 60_000,
    reviewWithinDays: 5,

    // ── H8: who does what (incident.ts open, the incident-now page). Fill in name, contact
    // and link for your team; unset ones show as "not configured", never a made-up person.
    channel: '#incidents',
    roles: {
      commander: {
        title: 'Incident commander',
        name: null,
        contact: null,
        link: null,
        first15: [
          'acknowledge in the channel and own the incident',
          'set the severity',
          'run the quick assessment and pick the mitigation',
        ],
      },
      scribe: {
        title: 'Scribe',
        name: null,
        contact: null,
        link: null,
        first15: [
          'keep the timeline with incident.ts note',
          'record every command and decision',
          'track the open actions',
        ],
      },
      communications: {
        title: 'Communications',
        name: null,
        contact: null,
        link: null,
        first15: [
          'post the first update to stakeholders',
          'keep the update cadence for P0 and P1',
          'answer users; no internal detail, no blame',
        ],
      },
    },
    firstUpdateTemplate:
      '[{severity} {severityTitle}] {title} (incident {id}). Incident commander: {commander}. Started {startedAt} UTC; we are assessing and will update in {channel} by {nextUpdateAt} UTC. Handbook: {page}',
  },

  sandbox: {
    devApiKey: 'sandbox-local-key',
    // A "release" of the local sandbox: what `deploy.ts --env local --release <name>` deploys
    // (profile and faults), so a deploy, its checks and its rollback run on a laptop.
    releases: {
      good: { description: 'the current release, working', faults: [] },
      // Named for what users see first (generic routines); what it does is its description,
      // which the pages show (:cfg[sandbox.releases.broken-routine.description]).
      'broken-routine': {
        description:
          'a release whose OpenAI key is rejected: health turns critical, and routine, nutrition and behavior answer HTTP 200 with fallback plans or errors (four smoke steps fail)',
        faults: ['openai-key-revoked'],
      },
      leaky: { description: 'a release that leaks memory', faults: ['memory-leak:20'] },
      'failing-build': {
        description: 'a release whose build fails on Render: the old one keeps serving',
        faults: [],
        build: 'fail',
      },
      // H8: the crash-loop drill deploys it; rolling back is the remedy.
      'crash-looping': {
        description: 'a release that crashes and restarts every 30 s (modelled)',
        faults: ['crash-loop:30s'],
      },
    },
    // Modelled seconds a local deploy spends building and starting (divided by the time scale).
    deployBuildS: 4,
    // Modelled seconds a restarted instance answers 503 before it serves (Render's cold start).
    restartColdStartS: 3,
    // The real service started at about 110 MB and reached about 402 MB after about 50
    // generate calls, never coming back down (holisticos-api.md): realistic grows like it and
    // is OOM-killed at service.plan.memoryMb; fast stays flat under load, so functional runs
    // of thousands of calls never meet an OOM (the memory-leak fault grows both).
    memory: { startMb: 110, perCallMb: { realistic: 5.84, fast: 0 } },
  },

  // The platform client (Render's metrics, events, logs, restart/suspend/resume/scale; on
  // the local environment the sandbox's model of them): how far and how long one read goes.
  platform: {
    timeoutMs: 10_000,
    // A watch reads the platform's events, memory and edge figures this often (five reads each time).
    readEveryS: 10,
    // The logs endpoint is the slow one; a page past this is a clear time-out (exit 3 where a script stops on it).
    logsTimeoutMs: 15_000,
    retries: 2,
    maxPages: 5,
    maxWindowH: 24,
    // service.ts: how long a restart, resume or scale is followed in the platform's events
    // before verification (Render restarts an instance in about a minute).
    followS: 300,
  },

  // Deploys (deploy.ts, rollback.ts). Render's own deadline is 15 minutes.
  deploy: {
    providers: { local: 'local', staging: 'render-api', production: 'render-api' },
    followTimeoutS: 900,
    pollIntervalS: 5,
    localPollIntervalS: 1,
    // A new version that is live but does not answer GET / within this fails verification.
    readyTimeoutS: 60,
    // The post-deploy watch (--watch); the monitor's intervals and synthetic journey apply.
    // Local: the shortest watch that judges every metric at the monitor's default intervals.
    watchS: { local: 150, staging: 600, production: 600 },
    // A production deploy needs a verified and watched staging deploy of its commit this recent.
    stagingWindowH: 72,
    // The page section each failed step links to, in Slack messages and the output.
  },

  costModel: {
    // The service's own flat estimates (GET /api/admin/rate-limits → endpoint_costs).
    perCall: {
      behavior_analysis: 0.03,
      routine_generation: 0.02,
      nutrition_generation: 0.02,
      insights_generation: 0.01,
      general_api: 0.005,
    },
    journeysPerUserPerDay: 1,
    projectedUsers: 100,
    validationTolerancePct: 20,
  },

  // H15: the scorecard (scorecard.ts, Reports → Scorecards) judges the brief's promises on
  // recent, non-sandbox evidence. The other targets it reads live above: slo.concurrentUsers,
  // slo.p95Ms, slo.uptimePct, slo.costPerUserPerDayUsd, incident.severities.P0.resolveWithinMs,
  // costModel.validationTolerancePct.
  scorecard: {
    evidenceMaxAgeDays: 30,
    windowDays: 30,
    // The brief's success criterion: "load testing validates 10+ concurrent users".
    minConcurrentUsers: 10,
    // "Incident response playbook reduces resolution time by 50%".
    resolutionReductionPct: 50,
    // "Enable daily deployments if needed": a change can be live within a day.
    deployLeadTimeH: 24,
    // DORA's high performers fail at most about 15 % of changes.
    changeFailureRatePct: 15,
    minDeploys: 3,
    // A few ten-minute watches do not prove 99.5 % over a month.
    uptimeMinCoveragePct: 50,
  },
});
