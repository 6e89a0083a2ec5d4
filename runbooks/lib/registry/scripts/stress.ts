import type { ScriptMeta } from '../types';

export const meta = {
  id: 'stress',
  title: 'Stress test',
  summary: 'ramps users through the configured steps until success drops, and recommends a maximum',
  safety: 'sends-load',
  targeted: true,
  flags: [
    { name: 'step-duration', type: 'duration', default: '2m', description: 'time at each user count', value: '<duration>' },
    { name: 'publish', type: 'boolean', default: false, description: 'write the report under static/reports/stress/' },
    { name: 'confirm-production', type: 'boolean', default: false, description: 'required to send load to production' },
  ],
  examples: [
    { command: 'npx zx runbooks/stress.ts --env staging', description: 'find the knee on staging' },
  ],
} as const satisfies ScriptMeta;
