import type { ScriptMeta } from '../types';

export const meta = {
  id: 'cost',
  title: 'Cost analysis',
  summary: 'projects the daily cost from the config’s per-call estimates and validates it against what the target itself accounted during a bounded load run',
  safety: 'sends-load',
  targeted: true,
  flags: [
    { name: 'users', type: 'number', description: 'users of the projection (default config.costModel.projectedUsers)', value: '<n>' },
    { name: 'journeys-per-day', type: 'number', description: 'journeys per user per day (default config.costModel.journeysPerUserPerDay)', value: '<n>' },
    { name: 'validate', type: 'boolean', default: true, description: 'run a load and compare the projection for it with the target’s own accounting (--no-validate: projection only, nothing sent)' },
    { name: 'load-users', type: 'number', default: 3, description: 'users of the validation run', value: '<n>' },
    { name: 'duration', type: 'duration', default: '20s', description: 'length of the validation run', value: '<d>' },
    { name: 'grace', type: 'duration', default: '10s', description: 'how long requests in flight may finish before the accounting is read again', value: '<d>' },
    { name: 'count-known-broken', type: 'boolean', default: false, description: 'count steps marked knownBroken (insights) in the cost per journey' },
    { name: 'out', type: 'string', description: 'also write the report to this file', value: '<file>' },
    { name: 'publish', type: 'boolean', default: false, description: 'also write the report to static/reports/cost/ for the site' },
    { name: 'confirm-production', type: 'boolean', default: false, description: 'required to send load to a protected (production) environment' },
  ],
  examples: [
    { command: 'npx zx runbooks/cost.ts --no-validate', description: 'the projection only: cost per journey × journeys per user per day × users' },
    { command: 'npx zx runbooks/cost.ts --load-users 5 --duration 30s --publish', description: 'validate against the local sandbox’s accounting and publish the report' },
    { command: 'npx zx runbooks/cost.ts --env staging', description: 'validate against staging’s own cost tracking (real only with Redis)' },
  ],
} as const satisfies ScriptMeta;
