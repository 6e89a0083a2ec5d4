import type { ScriptMeta } from '../types';
import { CONFIRM_PRODUCTION, COUNT_KNOWN_BROKEN, GRACE, TIME_SCALE, reportFlags } from '../common-flags';

export const meta = {
  id: 'stress',
  title: 'Stress test',
  summary:
    'ramps users through config.capacity.stressSteps until success drops, and recommends a maximum by the brief’s rule and by the knee of the curve',
  safety: 'sends-load',
  targeted: true,
  flags: [
    {
      name: 'step-duration',
      type: 'duration',
      default: '2m',
      min: 1000,
      description: 'how long each step runs',
      value: '<d>',
    },
    {
      name: 'steps',
      type: 'list',
      description: 'users per step, overriding config.capacity.stressSteps (e.g. 1,5,10)',
      value: '<n,…>',
    },
    {
      name: 'think',
      type: 'duration',
      default: '0s',
      min: 0,
      description: 'pause between a user’s journeys',
      value: '<d>',
    },
    GRACE,
    {
      name: 'p95-limit',
      type: 'duration',
      description: 'p95 above which a step fails (default config.capacity.stressFailP95Ms)',
      value: '<d>',
    },
    TIME_SCALE,
    COUNT_KNOWN_BROKEN,
    ...reportFlags('stress'),
    CONFIRM_PRODUCTION,
  ],
  examples: [
    {
      command: 'npx zx runbooks/stress.ts --step-duration 2m',
      description: 'the brief’s ramp (1 → 30 users), two minutes per step, against the local sandbox',
    },
    {
      command: 'npx zx runbooks/stress.ts --env staging --step-duration 1m --publish',
      description: 'find the knee of staging and publish the report',
    },
  ],
} as const satisfies ScriptMeta;
