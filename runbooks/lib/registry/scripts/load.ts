import type { ScriptMeta } from '../types';

export const meta = {
  id: 'load',
  title: 'Load test',
  summary: 'runs the config journey (health → routine → nutrition → insights) under a closed or open workload and checks the SLO thresholds',
  safety: 'sends-load',
  targeted: true,
  flags: [
    { name: 'users', type: 'number', description: 'closed model: concurrent users, each running journeys back to back (default 1)', value: '<n>' },
    { name: 'rate', type: 'number', description: 'open model: journeys started per second, whatever the target does (k6 constant-arrival-rate)', value: '<r>' },
    { name: 'max-in-flight', type: 'number', description: 'open model: cap on journeys in flight (default 30 s worth of arrivals, at least 10)', value: '<n>' },
    { name: 'stages', type: 'string', description: 'ramp the users (or the rate, with --rate) in k6 notation, e.g. 30s:5,2m:15,30s:0; replaces --duration', value: '<d:n,…>' },
    { name: 'duration', type: 'duration', default: '1m', description: 'how long journeys are started (20s, 5m, …); capped by config.capacity.maxDurationS', value: '<d>' },
    { name: 'think', type: 'duration', default: '0s', description: 'closed model: pause between a user’s journeys', value: '<d>' },
    { name: 'grace', type: 'duration', default: '10s', description: 'after the end or Ctrl-C, how long requests in flight may finish', value: '<d>' },
    { name: 'only', type: 'list', description: 'run only these journey steps (comma-separated ids)', value: '<ids>' },
    { name: 'threshold', type: 'list', description: 'add or override a threshold, e.g. "routine:p95<60000", "errors:pct<1" (repeatable)', value: '<metric:expr>' },
    { name: 'time-scale', type: 'number', default: 1, description: 'the target runs N× faster than real (a time-scaled sandbox): SLO latency targets are divided by N', value: '<n>' },
    { name: 'abort-on-fail', type: 'boolean', default: false, description: 'stop as soon as a threshold is breached (checked every second)' },
    { name: 'count-known-broken', type: 'boolean', default: false, description: 'judge steps marked knownBroken (insights) like the others' },
    { name: 'out', type: 'string', description: 'also write the report to this file', value: '<file>' },
    { name: 'publish', type: 'boolean', default: false, description: 'also write the report to static/reports/load/ for the site' },
    { name: 'confirm-production', type: 'boolean', default: false, description: 'required to send load to a protected (production) environment' },
  ],
  examples: [
    { command: 'npx zx runbooks/load.ts --users 20 --duration 20s', description: '20 users for 20 s against the local sandbox' },
    { command: 'npx zx runbooks/load.ts --rate 2 --duration 5m --env staging --publish', description: 'open model, 2 journeys/s on staging, report published to the site' },
    { command: 'npx zx runbooks/load.ts --stages 30s:5,2m:15,30s:0 --threshold "routine:p95<60000" --abort-on-fail', description: 'ramp to 15 users and stop at the first breach' },
  ],
} as const satisfies ScriptMeta;
