import type { ScriptMeta } from '../types';
import { reportFlags } from '../common-flags';

export const meta = {
  id: 'monitor',
  title: 'Monitor',
  summary:
    "watches metrics, health, cost and a synthetic journey for a while (and, where one is configured, the platform's memory against the limit, 5xx and p95 at the edge, and its events) and fails on consecutive alert-threshold breaches or an OOM kill or crash the platform records; a watch it could not judge is not a pass",
  safety: 'read-only',
  targeted: true,
  flags: [
    {
      name: 'duration',
      type: 'duration',
      default: '10m',
      min: 1000,
      description: 'how long to watch (at most capacity.maxDurationS)',
      value: '<duration>',
    },
    {
      name: 'interval',
      type: 'duration',
      default: '30s',
      description:
        'time between samples of /metrics and admin cost (health no faster than the config allows)',
      value: '<duration>',
    },
    {
      name: 'health-interval',
      type: 'duration',
      description:
        'time between health polls (default: config healthPollIntervalS; each real health check stalls the service ~2 s)',
      value: '<duration>',
    },
    {
      name: 'synthetic',
      type: 'boolean',
      default: true,
      description:
        'run the smoke journey (routine, nutrition; bodies read) on its own interval and judge its error rate; --no-synthetic: counters only, no generate calls sent',
    },
    {
      name: 'synthetic-interval',
      type: 'duration',
      description:
        'time between synthetic journeys (default: config monitor.syntheticIntervalS; never below monitor.syntheticMinIntervalS)',
      value: '<duration>',
    },
    {
      name: 'keep-going',
      type: 'boolean',
      default: false,
      description: 'keep sampling to the end after a threshold failed',
    },
    {
      name: 'strict',
      type: 'boolean',
      default: false,
      description: 'a degraded (or basic-only) health verdict breaches too, not only critical',
    },
    // H15: a published watch is what the scorecard's uptime reads where Render is not configured.
    ...reportFlags('monitor'),
  ],
  examples: [
    {
      command: 'npx zx runbooks/monitor.ts --env production --duration 10m',
      description: 'post-deploy watch',
    },
    {
      command: 'npx zx runbooks/monitor.ts --env production --duration 30m --json',
      description: 'after an incident fix, as JSON lines (one per sample and event, the summary last)',
    },
    {
      command: 'npx zx runbooks/monitor.ts --env production --duration 1h --publish',
      description:
        'a watch published as a page under Reports → Monitor runs: the scorecard reads its samples for uptime',
    },
  ],
} as const satisfies ScriptMeta;
