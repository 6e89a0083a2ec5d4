import type { ScriptMeta } from '../types';

export const meta = {
  id: 'smoke',
  title: 'Smoke test',
  summary: 'runs the smoke checklist against the service, reading every body so 200-but-fallback counts as a failure',
  safety: 'read-only',
  targeted: true,
  flags: [
    { name: 'only', type: 'list', default: [], description: 'run only these steps', value: '<step>' },
    { name: 'skip', type: 'list', default: [], description: 'skip these steps', value: '<step>' },
    { name: 'insights-required', type: 'boolean', default: false, description: 'fail when insights fails (known broken in the current release)' },
  ],
  examples: [
    { command: 'npx zx runbooks/smoke.ts --env staging', description: 'the full smoke checklist after a deploy' },
    { command: 'npx zx runbooks/smoke.ts --env production --only liveness,health,routine', description: 'a quick check during an incident' },
  ],
} as const satisfies ScriptMeta;
