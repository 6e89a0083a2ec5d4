import type { ScriptMeta } from '../types';
import {
  CONFIRM_PRODUCTION,
  COUNT_KNOWN_BROKEN,
  GRACE,
  TIME_SCALE,
  USERS,
  reportFlags,
} from '../common-flags';

export const meta = {
  id: 'load',
  title: 'Load test',
  summary:
    'runs the config journey (health → routine → nutrition → insights) under a closed or open workload and checks the SLO thresholds',
  safety: 'sends-load',
  targeted: true,
  positionals: '[<report.json>]',
  flags: [
    {
      ...USERS,
      description: 'closed model: concurrent users, each running journeys back to back (default 1)',
    },
    {
      name: 'rate',
      type: 'number',
      above: 0,
      description:
        'open model: journeys started per second, whatever the target does (k6 constant-arrival-rate)',
      value: '<r>',
    },
    {
      name: 'max-in-flight',
      type: 'number',
      integer: true,
      min: 1,
      description: 'open model: cap on journeys in flight (default 30 s worth of arrivals, at least 10)',
      value: '<n>',
    },
    {
      name: 'stages',
      type: 'string',
      description:
        'ramp the users (or the rate, with --rate) in k6 notation, e.g. 30s:5,2m:15,30s:0; replaces --duration',
      value: '<d:n,…>',
    },
    {
      name: 'duration',
      type: 'duration',
      default: '1m',
      min: 1000,
      description: 'how long journeys are started (20s, 5m, …); capped by config.capacity.maxDurationS',
      value: '<d>',
    },
    {
      name: 'think',
      type: 'duration',
      default: '0s',
      min: 0,
      description: 'closed model: pause between a user’s journeys',
      value: '<d>',
    },
    GRACE,
    {
      name: 'only',
      type: 'list',
      description: 'run only these journey steps (comma-separated ids)',
      value: '<ids>',
    },
    {
      name: 'threshold',
      type: 'list',
      description: 'add or override a threshold, e.g. "routine:p95<60000", "errors:pct<1" (repeatable)',
      value: '<metric:expr>',
    },
    TIME_SCALE,
    {
      name: 'abort-on-fail',
      type: 'boolean',
      default: false,
      description: 'stop as soon as a threshold is breached (checked every second)',
    },
    COUNT_KNOWN_BROKEN,
    {
      name: 'out',
      type: 'string',
      description: 'also write the report to this file (with --export: the script)',
      value: '<file>',
    },
    reportFlags('load')[1],
    CONFIRM_PRODUCTION,
    {
      name: 'export',
      type: 'enum',
      choices: ['artillery', 'k6'],
      description:
        'write the journey, workload and thresholds as an Artillery or k6 script (to --out, else stdout) instead of running them; nothing is sent',
      value: '<engine>',
    },
    {
      name: 'import',
      type: 'string',
      description:
        'read another engine’s run back as a load report, judged by the same SLOs: --import artillery <report.json>, with the export’s workload flags',
      value: '<engine>',
    },
    {
      name: 'instances',
      type: 'number',
      integer: true,
      min: 1,
      description: 'with --import: how many instances (workers) the imported run used (default 1)',
      value: '<n>',
    },
  ],
  examples: [
    {
      command: 'npx zx runbooks/load.ts --users 20 --duration 20s',
      description: '20 users for 20 s against the local sandbox',
    },
    {
      command: 'npx zx runbooks/load.ts --rate 2 --duration 5m --env staging --publish',
      description: 'open model, 2 journeys/s on staging, report published to the site',
    },
    {
      command:
        'npx zx runbooks/load.ts --stages 30s:5,2m:15,30s:0 --threshold "routine:p95<60000" --abort-on-fail',
      description: 'ramp to 15 users and stop at the first breach',
    },
    {
      command:
        'npx zx runbooks/load.ts --export artillery --users 15 --duration 5m --env staging --out journey.yml',
      description: 'the same journey, workload and SLOs as an Artillery script, for more machines than one',
    },
    {
      command:
        'npx zx runbooks/load.ts out.json --import artillery --users 15 --duration 5m --env staging --instances 10 --publish',
      description: 'that run’s Artillery report back as a load report on the site',
    },
  ],
} as const satisfies ScriptMeta;
