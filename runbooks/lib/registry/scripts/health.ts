import type { ScriptMeta } from '../types';

export const meta = {
  id: 'health',
  title: 'Health probe',
  summary:
    'reads liveness and the health body (always HTTP 200) and gives the real verdict, naming the failing sub-service',
  safety: 'read-only',
  targeted: true,
  flags: [
    {
      name: 'timeout',
      type: 'duration',
      min: 1,
      description: 'total deadline per request (default: config timeouts.root / timeouts.health)',
      value: '<duration>',
    },
    {
      name: 'retries',
      type: 'number',
      default: 2,
      integer: true,
      min: 0,
      max: 10,
      description:
        'extra attempts on connection errors only (refused, reset), with exponential backoff and jitter',
      value: '<n>',
    },
    {
      name: 'strict',
      type: 'boolean',
      default: false,
      description: 'treat degraded (a warning) as a failure (exit 1)',
    },
  ],
  examples: [
    {
      command: 'npx zx runbooks/health.ts --env staging',
      description: 'is staging healthy, and if not, which sub-service is the cause',
    },
    {
      command: 'npx zx runbooks/health.ts --env production --strict --json',
      description: 'for CI: degraded fails too',
    },
  ],
} as const satisfies ScriptMeta;
