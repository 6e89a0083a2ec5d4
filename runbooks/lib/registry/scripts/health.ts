import type { ScriptMeta } from '../types';

export const meta = {
  id: 'health',
  title: 'Health probe',
  summary: 'reads liveness and the health body (always HTTP 200) and gives the real verdict, naming the failing sub-service',
  safety: 'read-only',
  targeted: true,
  flags: [
    { name: 'timeout', type: 'duration', description: 'per-request deadline (default: the config’s health timeout)', value: '<duration>' },
    { name: 'retries', type: 'number', default: 2, description: 'retries on connection errors only, with backoff', value: '<n>' },
    { name: 'strict', type: 'boolean', default: false, description: 'treat degraded as a failure (exit 1)' },
  ],
  examples: [
    { command: 'npx zx runbooks/health.ts --env staging', description: 'is staging healthy, and if not, which sub-service is the cause' },
    { command: 'npx zx runbooks/health.ts --env production --strict --json', description: 'for CI: degraded fails too' },
  ],
} as const satisfies ScriptMeta;
