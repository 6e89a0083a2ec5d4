import type { ScriptMeta } from '../types';

export const meta = {
  id: 'load',
  title: 'Load test',
  summary: 'runs the user journey under a closed or open workload and checks the SLOs from the config',
  safety: 'sends-load',
  targeted: true,
  flags: [
    { name: 'users', type: 'number', description: 'closed model: concurrent users', value: '<n>' },
    { name: 'rate', type: 'number', description: 'open model: journeys per second', value: '<r>' },
    { name: 'duration', type: 'duration', default: '1m', description: 'how long to send', value: '<duration>' },
    { name: 'publish', type: 'boolean', default: false, description: 'write the report under static/reports/load/' },
    { name: 'out', type: 'string', description: 'write the report to this file', value: '<file>' },
    { name: 'confirm-production', type: 'boolean', default: false, description: 'required to send load to production' },
  ],
  examples: [
    { command: 'npx zx runbooks/load.ts --users 10 --duration 5m', description: 'the brief’s normal load test' },
  ],
} as const satisfies ScriptMeta;
