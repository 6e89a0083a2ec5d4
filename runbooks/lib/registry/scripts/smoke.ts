import type { ScriptMeta } from '../types';

const STEPS = [
  'liveness',
  'health',
  'metrics',
  'routine',
  'nutrition',
  'behavior',
  'auth',
  'validation',
  'insights',
] as const;

export const meta = {
  id: 'smoke',
  title: 'Smoke test',
  summary:
    'runs the smoke checklist against the service, reading every body so 200-but-fallback counts as a failure',
  safety: 'read-only',
  targeted: true,
  flags: [
    {
      name: 'only',
      type: 'list',
      default: [],
      choices: STEPS,
      description: 'run only these steps (comma-separated)',
      value: '<steps>',
    },
    {
      name: 'skip',
      type: 'list',
      default: [],
      choices: STEPS,
      description: 'skip these steps (comma-separated)',
      value: '<steps>',
    },
    {
      name: 'timeout',
      type: 'duration',
      description: 'total deadline for every request, overriding the per-step timeouts of the config',
      value: '<duration>',
    },
    {
      name: 'insights-required',
      type: 'boolean',
      default: false,
      description: 'fail the run when insights fails, although the config marks it known-broken',
    },
    {
      name: 'strict',
      type: 'boolean',
      default: false,
      description: 'treat warnings (health degraded) as failures',
    },
  ],
  examples: [
    {
      command: 'npx zx runbooks/smoke.ts --env staging',
      description: 'the full smoke checklist after a deploy',
    },
    {
      command: 'npx zx runbooks/smoke.ts --env production --only liveness,health,routine',
      description: 'a quick check during an incident',
    },
  ],
} as const satisfies ScriptMeta;
