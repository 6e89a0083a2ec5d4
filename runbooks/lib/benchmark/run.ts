/**
 * The benchmark from start to section: cold start (spawning the service when local),
 * memory before/during/after a bounded load, latency baselines at low load, capacity at
 * SLO by a short ramp. Side effects come in through `deps`; events go out through
 * `onEvent`; nothing prints.
 */
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import type { RequestFn } from '../http/client';
import { RunbookError } from '../errors';
import type { EngineEvent, LoadResult } from '../load/types';
import type { BenchmarkSection, ColdStart, MemorySample } from '../report/benchmark';
import { freePort, remoteColdStart, spawnColdStart, spawnService, type Spawned } from './cold-start';
import { boundedLoad } from './load-run';
import { MemorySampler, memorySources, summarizeMemory } from './memory';
import { baselineOf, capacityStep, maxUsersAtSlo } from './slo';
import { stepSloMs } from '../load/thresholds';
import { runStopOf, type RunStop } from '../load/stop';

export type Section = 'cold-start' | 'memory' | 'latency' | 'capacity';
export const SECTIONS: readonly Section[] = ['cold-start', 'memory', 'latency', 'capacity'];

export interface BenchmarkPlan {
  sections: ReadonlySet<Section>;
  timeScale: number;
  profile: string | null;
  faults: string[];
  /** spawn: start the service (argv may hold `{port}`); remote: measure the given target. */
  start:
    | { kind: 'spawn'; argv: string[]; display: string; cwd: string; env: NodeJS.ProcessEnv }
    | { kind: 'remote'; idleMs: number; deploy: { ms: number | null; source: string | null } };
  startTimeoutMs: number;
  memory: {
    users: number;
    durationMs: number;
    beforeMs: number;
    afterMs: number;
    intervalMs: number;
    healthEvery: number;
  };
  latency: { durationMs: number };
  capacity: { steps: number[]; stepDurationMs: number };
  graceMs: number;
  countKnownBroken: boolean;
}

export type BenchEvent =
  | { type: 'phase'; phase: Section | 'stop'; detail: string }
  | { type: 'memory'; sample: MemorySample }
  | { type: 'load'; phase: Section; event: EngineEvent };

export interface BenchDeps {
  request: RequestFn;
  /** The API key for the measured target, once its URL is known (a spawned sandbox's only after it starts). */
  keyFor: (baseUrl: string) => string;
  signal: AbortSignal;
  newRunId: () => string;
  onEvent?: (e: BenchEvent) => void;
  now?: () => number;
}

export interface BenchmarkOutcome {
  section: BenchmarkSection;
  /** The target the numbers describe (the spawned service's URL when spawned). */
  baseUrl: string;
  sandbox: boolean;
  partial: boolean;
  /** A load phase found the target unreachable or its key refused: the later sections were not run. */
  stopped?: RunStop | undefined;
  startedAt: string;
  endedAt: string;
}

/** Runs the plan's sections in order; a Ctrl-C ends it early with what was measured. */
export async function runBenchmark(
  config: Config,
  target: Target,
  plan: BenchmarkPlan,
  deps: BenchDeps,
): Promise<BenchmarkOutcome> {
  const now = deps.now ?? Date.now;
  const emit = deps.onEvent ?? (() => {});
  const startedAt = new Date().toISOString();
  const notes: string[] = [];
  let baseUrl = target.baseUrl;
  let spawned: Spawned | undefined;
  let coldStart: ColdStart | null = null;
  let sandbox = plan.start.kind === 'spawn' && plan.start.argv.some((a) => a.endsWith('sandbox.ts'));
  // The first load that could not be made at all (unreachable, key refused) ends the benchmark: every later one would fail the same way.
  let stopped: RunStop | undefined;
  const seen = (r: LoadResult) => ((sandbox ||= r.sandbox), (stopped ??= runStopOf(r)), r);
  const going = () => !deps.signal.aborted && !stopped;
  const probe = {
    request: deps.request,
    timeoutMs: plan.startTimeoutMs,
    pollMs: 50,
    healthTimeoutMs: config.timeouts.health,
    signal: deps.signal,
    now,
  };
  let apiKey: string | undefined;
  const tgt = () => ({ ...target, baseUrl, apiKey: (apiKey ??= deps.keyFor(baseUrl)) });
  const load = (phase: Section, users: number, durationMs: number) =>
    boundedLoad(config, tgt(), {
      users,
      durationMs,
      graceMs: plan.graceMs,
      runId: deps.newRunId(),
      signal: deps.signal,
      onTick: (event) => emit({ type: 'load', phase, event }),
    }).then(seen);

  try {
    if (plan.start.kind === 'spawn') {
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      const argv = plan.start.argv.map((a) => a.replaceAll('{port}', String(port)));
      emit({
        type: 'phase',
        phase: 'cold-start',
        detail: `starting ${plan.start.display.replaceAll('{port}', String(port))}`,
      });
      const t0 = now();
      spawned = spawnService(argv, { ...plan.start.env, PORT: String(port) }, plan.start.cwd);
      const s = spawned;
      const command = plan.start.display.replaceAll('{port}', String(port));
      coldStart = await spawnColdStart(command, t0, { ...probe, baseUrl, gone: () => s.exited() });
      if (coldStart.firstResponseMs === null && !deps.signal.aborted) {
        throw new RunbookError(
          'RB_REFUSED',
          `The service started with "${command}" never answered on ${baseUrl} within ${plan.startTimeoutMs} ms${s.exited() ? ' (the process exited)' : ''}. Its last output:\n${s.tail()}`,
          { hint: 'Check the command (it must listen on {port} or $PORT), or raise --start-timeout.' },
        );
      }
    } else if (plan.sections.has('cold-start')) {
      emit({
        type: 'phase',
        phase: 'cold-start',
        detail: `idle ${plan.start.idleMs} ms, then the first answers of ${baseUrl}`,
      });
      coldStart = await remoteColdStart(plan.start.idleMs, plan.start.deploy, { ...probe, baseUrl });
    }
    if (!plan.sections.has('cold-start')) coldStart = null;

    let latency: BenchmarkSection['latency'] = null;
    if (plan.sections.has('latency') && going()) {
      emit({ type: 'phase', phase: 'latency', detail: `1 user for ${plan.latency.durationMs} ms` });
      latency = baselineOf(config, await load('latency', 1, plan.latency.durationMs), plan.timeScale, 1);
    }

    let memory: BenchmarkSection['memory'] = null;
    if (plan.sections.has('memory') && going()) {
      const m = plan.memory;
      emit({
        type: 'phase',
        phase: 'memory',
        detail: `${m.users} users for ${m.durationMs} ms, memory read from the target every ${m.intervalMs} ms`,
      });
      const maxSamples =
        Math.ceil((m.beforeMs + m.durationMs + plan.graceMs + m.afterMs) / m.intervalMs) + 20;
      const sampler = new MemorySampler(
        {
          baseUrl,
          intervalMs: m.intervalMs,
          healthEvery: m.healthEvery,
          metricsTimeoutMs: config.timeouts.metrics,
          healthTimeoutMs: config.timeouts.health,
          maxSamples,
        },
        deps.request,
        now,
        (sample) => emit({ type: 'memory', sample }),
      );
      sampler.start();
      await sampler.hold(m.beforeMs, deps.signal);
      sampler.phase = 'during';
      const r = deps.signal.aborted ? null : await load('memory', m.users, m.durationMs);
      sampler.phase = 'after';
      if (!deps.signal.aborted) await sampler.hold(m.afterMs, deps.signal);
      const samples = await sampler.stop();
      const completed = r?.journeys.completed ?? 0;
      memory = {
        sources: memorySources(samples),
        targetMb: config.alerts.memoryTargetMb,
        alertMb: config.alerts.memoryMb,
        samples,
        summary: summarizeMemory(samples),
        load: {
          users: m.users,
          durationMs: r?.elapsedMs ?? 0,
          requests: r?.requests ?? 0,
          rps: r && r.elapsedMs > 0 ? Math.round((r.requests / r.elapsedMs) * 100000) / 100 : 0,
          successRatePct: completed
            ? Math.round(((r?.journeys.succeeded ?? 0) / completed) * 10000) / 100
            : 0,
        },
      };
      if (!memory.sources.length)
        notes.push(
          "The target exposes no memory signal (neither holisticos_memory_usage_bytes on /metrics nor process_memory_mb in the health body): memory was not measured. The client's own memory is never used in its place.",
        );
    }

    let capacity: BenchmarkSection['capacity'] = null;
    if (plan.sections.has('capacity') && going()) {
      const steps = [];
      const counted = config.journey.steps
        .filter((s) => plan.countKnownBroken || !s.knownBroken)
        .map((s) => s.id);
      for (const users of plan.capacity.steps) {
        if (!going()) break;
        emit({
          type: 'phase',
          phase: 'capacity',
          detail: `${users} users for ${plan.capacity.stepDurationMs} ms`,
        });
        const st = capacityStep(
          config,
          users,
          await load('capacity', users, plan.capacity.stepDurationMs),
          plan.timeScale,
          plan.countKnownBroken,
        );
        steps.push(st);
        // Past the first failing step only the knee's other side is left: stop sending.
        if (!st.meetsSlo) break;
      }
      const m = maxUsersAtSlo(steps);
      capacity = {
        stepDurationMs: plan.capacity.stepDurationMs,
        sloP95Ms: Object.fromEntries(counted.map((id) => [id, stepSloMs(config, id, plan.timeScale)])),
        errorRatePct: config.slo.errorRatePct,
        steps,
        ...m,
      };
    }

    for (const s of SECTIONS) if (!plan.sections.has(s)) notes.push(`${s}: skipped (--skip).`);
    if (stopped)
      notes.push(
        `Stopped: ${stopped.cause === 'auth-refused' ? 'the API key was refused' : 'the target could not be reached'} (${stopped.detail}); the sections after it were not run.`,
      );
    if (plan.timeScale !== 1)
      notes.push(
        `The target ran ${plan.timeScale}× faster than real time: latencies are in the run's time and the SLO limits were divided by ${plan.timeScale}. Memory grows with every generate call, as the real service's does: a run at ${plan.timeScale}× makes about ${plan.timeScale}× the calls of a real-time run of the same length, so it reaches the memory limit (and its OOM kill) that much sooner; the leak fault's growth runs on wall time.`,
      );
    return {
      section: {
        timeScale: plan.timeScale,
        profile: plan.profile,
        faults: plan.faults,
        coldStart,
        memory,
        latency,
        capacity,
        notes,
      },
      baseUrl,
      sandbox,
      partial: deps.signal.aborted,
      stopped,
      startedAt,
      endedAt: new Date().toISOString(),
    };
  } finally {
    if (spawned) {
      emit({ type: 'phase', phase: 'stop', detail: 'stopping the service the benchmark started' });
      await spawned.stop();
    }
  }
}
