import type { ScriptMeta } from '../types';

export const meta = {
  id: 'stress',
  title: 'Stress test',
  summary: 'ramps users through config.capacity.stressSteps until success drops, and recommends a maximum by the brief’s rule and by the knee of the curve',
  safety: 'sends-load',
  targeted: true,
  flags: [
    { name: 'step-duration', type: 'duration', default: '2m', description: 'how long each step runs', value: '<d>' },
    { name: 'steps', type: 'list', description: 'users per step, overriding config.capacity.stressSteps (e.g. 1,5,10)', value: '<n,…>' },
    { name: 'think', type: 'duration', default: '0s', description: 'pause between a user’s journeys', value: '<d>' },
    { name: 'grace', type: 'duration', default: '10s', description: 'how long requests in flight may finish at the end of a step', value: '<d>' },
    { name: 'p95-limit', type: 'duration', description: 'p95 above which a step fails (default config.capacity.stressFailP95Ms)', value: '<d>' },
    { name: 'time-scale', type: 'number', default: 1, description: 'the target runs N× faster than real (a time-scaled sandbox): divides the p95 limit by N', value: '<n>' },
    { name: 'count-known-broken', type: 'boolean', default: false, description: 'count steps marked knownBroken (insights) in success and p95' },
    { name: 'out', type: 'string', description: 'also write the report to this file', value: '<file>' },
    { name: 'publish', type: 'boolean', default: false, description: 'also write the report to static/reports/stress/ for the site' },
    { name: 'confirm-production', type: 'boolean', default: false, description: 'required to send load to a protected (production) environment' },
  ],
  examples: [
    { command: 'npx zx runbooks/stress.ts --step-duration 2m', description: 'the brief’s ramp (1 → 30 users), two minutes per step, against the local sandbox' },
    { command: 'npx zx runbooks/stress.ts --env staging --step-duration 1m --publish', description: 'find the knee of staging and publish the report' },
  ],
} as const satisfies ScriptMeta;
