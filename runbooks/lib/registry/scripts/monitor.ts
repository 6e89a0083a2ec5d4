import type { ScriptMeta } from '../types';

export const meta = {
  id: 'monitor',
  title: 'Monitor',
  summary: 'watches metrics, health, stats and cost for a while and fails on consecutive alert-threshold breaches',
  safety: 'read-only',
  targeted: true,
  flags: [
    { name: 'duration', type: 'duration', default: '10m', description: 'how long to watch', value: '<duration>' },
    { name: 'interval', type: 'duration', default: '30s', description: 'time between samples (health no faster than the config allows)', value: '<duration>' },
  ],
  examples: [
    { command: 'npx zx runbooks/monitor.ts --env production --duration 10m', description: 'post-deploy watch' },
    { command: 'npx zx runbooks/monitor.ts --env production --duration 30m --json', description: 'after an incident fix, as JSON lines' },
  ],
} as const satisfies ScriptMeta;
