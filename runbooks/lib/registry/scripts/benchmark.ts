import type { ScriptMeta } from '../types';
import {
  CONFIRM_PRODUCTION,
  COUNT_KNOWN_BROKEN,
  GRACE,
  TIME_SCALE,
  USERS,
  reportFlags,
} from '../common-flags';

export const meta = {
  id: 'benchmark',
  title: 'Benchmark',
  summary:
    'measures cold start, the server’s own memory under a bounded load (against the config’s memory target and alert), latency baselines per endpoint and the capacity at SLO',
  safety: 'sends-load',
  targeted: true,
  flags: [
    {
      name: 'attach',
      type: 'boolean',
      default: false,
      description: 'local: measure the sandbox/service already running at the URL instead of starting one',
    },
    {
      name: 'start-command',
      type: 'string',
      description:
        'local: the command that starts the service, with {port} for its port (also given as $PORT); default: the sandbox',
      value: '<cmd>',
    },
    {
      name: 'profile',
      type: 'enum',
      choices: ['realistic', 'fast'],
      default: 'realistic',
      description: 'latency profile of the sandbox the benchmark starts',
      value: '<name>',
    },
    {
      ...TIME_SCALE,
      description:
        'the target runs N× faster than real (passed to the sandbox it starts); SLO limits are divided by N',
    },
    {
      name: 'fault',
      type: 'list',
      default: [],
      description: 'sandbox fault to switch on at start, e.g. memory-leak (repeatable)',
      value: '<name>',
    },
    {
      name: 'start-timeout',
      type: 'duration',
      default: '60s',
      description: 'how long to wait for the first healthy answer',
      value: '<d>',
    },
    {
      name: 'idle',
      type: 'duration',
      default: '0s',
      description:
        "remote: how long to send nothing before timing the first answers (a cold start only when the service's uptime shows it started meanwhile; otherwise a warm request, and the cold-start verdict is inconclusive)",
      value: '<d>',
    },
    {
      name: 'deploy-record',
      type: 'string',
      description:
        'remote: a JSON deploy record ({createdAt, finishedAt} as Render returns it) for deploy-to-healthy time',
      value: '<file>',
    },
    { ...USERS, description: 'users during the memory phase (default config.slo.concurrentUsers)' },
    {
      name: 'duration',
      type: 'duration',
      default: '30s',
      description: 'length of the load run the memory phase covers',
      value: '<d>',
    },
    {
      name: 'before',
      type: 'duration',
      default: '5s',
      description: 'memory sampled idle before the load',
      value: '<d>',
    },
    {
      name: 'after',
      type: 'duration',
      default: '10s',
      description: 'memory sampled after the load',
      value: '<d>',
    },
    {
      name: 'sample-interval',
      type: 'duration',
      default: '1s',
      min: 100,
      description: 'how often memory is read from /metrics (health every 5th sample)',
      value: '<d>',
    },
    {
      name: 'baseline-duration',
      type: 'duration',
      default: '20s',
      description: 'latency baselines: one user for this long',
      value: '<d>',
    },
    {
      name: 'capacity-steps',
      type: 'list',
      description:
        'users per capacity step (default config.capacity.stressSteps); stops at the first step missing the SLOs',
      value: '<n,…>',
    },
    {
      name: 'step-duration',
      type: 'duration',
      default: '15s',
      description: 'length of each capacity step',
      value: '<d>',
    },
    GRACE,
    {
      name: 'skip',
      type: 'list',
      choices: ['cold-start', 'memory', 'latency', 'capacity'],
      description: 'sections to leave out',
      value: '<names>',
    },
    COUNT_KNOWN_BROKEN,
    ...reportFlags('benchmark'),
    CONFIRM_PRODUCTION,
  ],
  examples: [
    {
      command: 'npx zx runbooks/benchmark.ts --time-scale 20 --publish',
      description: 'start a realistic sandbox ×20, benchmark it and publish the report',
    },
    {
      command: 'npx zx runbooks/benchmark.ts --time-scale 20 --fault memory-leak --skip capacity',
      description: 'the memory figures climb through the 400/450 MB thresholds: the report shows the breach',
    },
    {
      command: 'npx zx runbooks/benchmark.ts --env staging --idle 15m --skip capacity',
      description: 'staging: first answer after 15 idle minutes, memory under load, baselines',
    },
  ],
} as const satisfies ScriptMeta;
