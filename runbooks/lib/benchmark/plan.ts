/** Benchmark flags → plan, and the report's config snapshot (no env, no secrets). Pure. */
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import { usageError } from '../errors';
import { parseFault } from '../faults/catalogue';
import type { BenchmarkPlan, Section } from './run';
import { SECTIONS } from './run';

export interface BenchFlags {
  attach: boolean;
  startCommand: string | undefined;
  profile: 'realistic' | 'fast';
  timeScale: number;
  fault: string[];
  startTimeout: number;
  idle: number;
  users: number | undefined;
  duration: number;
  before: number;
  after: number;
  sampleInterval: number;
  baselineDuration: number;
  capacitySteps: string[] | undefined;
  stepDuration: number;
  grace: number;
  skip: string[];
  countKnownBroken: boolean;
  /** Set when --url was given: the target is not spawned. */
  urlGiven: boolean;
}

/** Builds the plan; throws a usage error for combinations that cannot work. */
export function benchmarkPlan(
  config: Config,
  target: Target,
  f: BenchFlags,
  ctx: { repoRoot: string; env: NodeJS.ProcessEnv; deploy: { ms: number | null; source: string | null } },
): BenchmarkPlan {
  if (!(f.timeScale > 0))
    throw usageError(
      `--time-scale ${f.timeScale} must be a positive number.`,
      'Use 1 for real time, 20 for a sandbox replayed twenty times faster.',
    );
  if (!(f.sampleInterval >= 100))
    throw usageError('--sample-interval must be at least 100ms.', 'e.g. --sample-interval 1s');
  const spawn = target.env === 'local' && !f.urlGiven && !f.attach;
  if (!spawn && f.fault.length)
    throw usageError(
      '--fault applies only to the sandbox the benchmark starts itself.',
      'Drop --url/--attach/--env, or switch the fault on in the running sandbox (POST /__sandbox/faults).',
    );
  if (f.startCommand && f.fault.length)
    throw usageError('--fault applies to the sandbox, not to a --start-command.', 'Drop one of them.');
  for (const x of f.fault) {
    const p = parseFault(x);
    if (!p.ok)
      throw usageError(`--fault: ${p.message}.`, 'See npx zx runbooks/sandbox.ts --help for the catalogue.');
  }
  const steps = (f.capacitySteps?.length ? f.capacitySteps : config.capacity.stressSteps.map(String)).map(
    Number,
  );
  if (!steps.length || steps.some((n) => !Number.isInteger(n) || n < 1))
    throw usageError(
      `--capacity-steps "${f.capacitySteps?.join(',')}" must be whole numbers of users of at least 1.`,
      'e.g. --capacity-steps 1,5,10',
    );
  const users = f.users ?? config.slo.concurrentUsers;
  if (!Number.isInteger(users) || users < 1)
    throw usageError(`--users ${users} must be a whole number of at least 1.`);
  const totalMs =
    f.baselineDuration +
    f.before +
    f.duration +
    f.after +
    steps.length * (f.stepDuration + f.grace) +
    2 * f.grace;
  if (totalMs / 1000 > config.capacity.maxDurationS)
    throw usageError(
      `The benchmark would run about ${Math.round(totalMs / 1000)} s, over config.capacity.maxDurationS (${config.capacity.maxDurationS} s).`,
      'Shorten --duration, --step-duration or --capacity-steps.',
    );
  const sections = new Set<Section>(SECTIONS.filter((s) => !f.skip.includes(s)));
  const argv = f.startCommand
    ? ['sh', '-c', f.startCommand]
    : [
        'npx',
        'zx',
        'runbooks/sandbox.ts',
        '--port',
        '{port}',
        '--profile',
        f.profile,
        '--time-scale',
        String(f.timeScale),
        ...f.fault.flatMap((x) => ['--fault', x]),
      ];
  const display = f.startCommand ?? argv.join(' ');
  const keyEnv = config.journey.apiKeyEnv;
  return {
    sections,
    timeScale: f.timeScale,
    profile: spawn && !f.startCommand ? f.profile : null,
    faults: spawn ? [...f.fault] : [],
    start: spawn
      ? {
          kind: 'spawn',
          argv,
          display,
          cwd: ctx.repoRoot,
          env: { ...ctx.env, ...(target.apiKey ? { [keyEnv]: target.apiKey } : {}) },
        }
      : { kind: 'remote', idleMs: f.idle, deploy: ctx.deploy },
    startTimeoutMs: f.startTimeout,
    memory: {
      users,
      durationMs: f.duration,
      beforeMs: f.before,
      afterMs: f.after,
      intervalMs: f.sampleInterval,
      healthEvery: 5,
    },
    latency: { durationMs: f.baselineDuration },
    capacity: { steps, stepDurationMs: f.stepDuration },
    graceMs: f.grace,
    countKnownBroken: f.countKnownBroken,
  };
}

/** What the report records of the plan: settings and the config parts used, never env or keys. */
export function benchmarkSnapshot(
  config: Config,
  p: BenchmarkPlan,
  apiKeySet: boolean,
): Record<string, unknown> {
  return {
    sections: [...p.sections],
    timeScale: p.timeScale,
    start:
      p.start.kind === 'spawn'
        ? { kind: 'spawn', command: p.start.display }
        : { kind: 'remote', idleMs: p.start.idleMs, deploySource: p.start.deploy.source },
    startTimeoutMs: p.startTimeoutMs,
    memory: p.memory,
    latency: p.latency,
    capacity: p.capacity,
    graceMs: p.graceMs,
    countKnownBroken: p.countKnownBroken,
    apiKey: apiKeySet ? 'set (not recorded)' : 'not set',
    slo: config.slo,
    alerts: { memoryTargetMb: config.alerts.memoryTargetMb, memoryMb: config.alerts.memoryMb },
  };
}
