import type { ScriptMeta } from '../types';
import { CONFIRM_PRODUCTION, COUNT_KNOWN_BROKEN, GRACE, USERS, reportFlags } from '../common-flags';

export const meta = {
  id: 'cost',
  title: 'Cost analysis',
  summary:
    'projects the daily cost from the config’s per-call estimates and validates it against what the target itself accounted during a bounded load run',
  safety: 'sends-load',
  targeted: true,
  flags: [
    {
      name: 'users',
      type: 'number',
      integer: true,
      min: 0,
      description: 'users of the projection (default config.costModel.projectedUsers)',
      value: '<n>',
    },
    {
      name: 'journeys-per-day',
      type: 'number',
      min: 0,
      description: 'journeys per user per day (default config.costModel.journeysPerUserPerDay)',
      value: '<n>',
    },
    {
      name: 'validate',
      type: 'boolean',
      default: true,
      description:
        'run a load and compare the projection for it with the target’s own accounting (--no-validate: projection only, nothing sent)',
    },
    { ...USERS, name: 'load-users', default: 3, description: 'users of the validation run' },
    {
      name: 'duration',
      type: 'duration',
      default: '20s',
      min: 1000,
      description: 'length of the validation run',
      value: '<d>',
    },
    GRACE,
    COUNT_KNOWN_BROKEN,
    ...reportFlags('cost'),
    CONFIRM_PRODUCTION,
  ],
  examples: [
    {
      command: 'npx zx runbooks/cost.ts --no-validate',
      description: 'the projection only: cost per journey × journeys per user per day × users',
    },
    {
      command: 'npx zx runbooks/cost.ts --load-users 5 --duration 30s --publish',
      description: 'validate against the local sandbox’s accounting and publish the report',
    },
    {
      command: 'npx zx runbooks/cost.ts --env staging',
      description: 'validate against staging’s own cost tracking (real only with Redis)',
    },
  ],
} as const satisfies ScriptMeta;
